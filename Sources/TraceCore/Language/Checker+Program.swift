// From parsed clauses to a ProgramSpec: resolve the probes, build the scope, check every clause.
// Shared by the D-like parser and the CLTRACE translator.

extension Checker {
    /// The checked program, or every diagnostic found.
    static func checkProgram(name: String, source: String, clauses: [SyntaxClause], registry: ProbeRegistry,
                        allowZeroMatches: Bool, sink initial: DiagnosticSink) -> Result<ProgramSpec, DefinitionError> {
        var sink = initial
        let resolver = ProbeResolver(registry: registry, allowZeroMatches: allowZeroMatches)
        let probes = clauses.map { resolver.resolve($0.probes, &sink) }
        let scope = Scope(clauses: clauses, probes: probes)
        var checker = Checker(source: source, clauses: clauses, probes: probes, scope: scope, sink: sink)
        let specs = checker.check()
        sink = checker.sink
        if !sink.isEmpty {
            return .failure(DefinitionError(diagnostics: sink.finished(), source: source))
        }
        let aggregations = checker.aggregations.compactMap { $0 }
        return .success(ProgramSpec(name: name, source: source, clauses: specs, globals: scope.globals,
                                    threadLocals: scope.threadLocals, arrays: scope.arrays, aggregations: aggregations))
    }
}
