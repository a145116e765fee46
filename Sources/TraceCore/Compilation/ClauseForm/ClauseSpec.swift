/// One clause: where it fires, when, and what it does.
public struct ClauseSpec: Sendable, Equatable {
    public var probes: [ClauseProbe]
    public var predicate: Expression?
    public var body: [Statement]
    /// The `this->` variables of the clause.
    public var clauseLocals: [VariableDeclaration]
    /// 1-based source line of the clause, for error reports.
    public var line: Int
    public init(probes: [ClauseProbe], predicate: Expression?, body: [Statement], clauseLocals: [VariableDeclaration] = [], line: Int = 1) {
        self.probes = probes; self.predicate = predicate; self.body = body; self.clauseLocals = clauseLocals; self.line = line
    }
}
