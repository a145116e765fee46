// The clause form: the typed, name-resolved program that the checker produces and the compiler
// turns (once, at definition) into closures that fire with no name look-ups and no boxing. Every
// name is already a slot or an argument position; every expression already has a type.

/// A whole checked program, ready for `TraceRuntime.define`.
public struct ProgramSpec: Sendable, Equatable {
    public var name: String
    public var source: String
    public var clauses: [ClauseSpec]
    public var globals: [VariableDeclaration]
    public var threadLocals: [VariableDeclaration]
    public var arrays: [ArrayDeclaration]
    public var aggregations: [AggregationDeclaration]
    /// Its `#pragma D option` lines.
    public var options: [ProgramOption] = []
    public init(name: String, source: String = "", clauses: [ClauseSpec], globals: [VariableDeclaration] = [],
                threadLocals: [VariableDeclaration] = [], arrays: [ArrayDeclaration] = [], aggregations: [AggregationDeclaration] = []) {
        self.name = name; self.source = source; self.clauses = clauses; self.globals = globals
        self.threadLocals = threadLocals; self.arrays = arrays; self.aggregations = aggregations
    }
}
