// From parsed clauses to a ProgramSpec: resolve the probes, build the scope, check every clause.
// Shared by the D-like parser and the CLTRACE translator.

extension Checker {
    /// The checked program, or every diagnostic found.
    static func checkProgram(name: String, source: String, clauses: [SyntaxClause], declarations: [SyntaxDeclaration] = [], options: [SyntaxOption] = [],
                             registry: ProbeRegistry, allowZeroMatches: Bool, sink initial: DiagnosticSink) -> Result<ProgramSpec, DefinitionError> {
        var sink = initial
        var resolvedOptions: [ProgramOption] = []
        for option in options {
            do throws(PragmaOptions.Refusal) {
                resolvedOptions.append(try PragmaOptions.resolve(option))
            } catch {
                sink.report(option.location, error.message)
            }
        }
        let resolver = ProbeResolver(registry: registry, allowZeroMatches: allowZeroMatches)
        let probes = clauses.map { resolver.resolve($0.probes, &sink) }
        let scope = Scope(clauses: clauses, probes: probes, declarations: declarations)
        var checker = Checker(source: source, clauses: clauses, probes: probes, scope: scope, sink: sink)
        let specs = checker.check()
        sink = checker.sink
        if !sink.isEmpty {
            return .failure(DefinitionError(diagnostics: sink.finished(), source: source))
        }
        let aggregations = checker.aggregations.compactMap { $0 }
        var spec = ProgramSpec(name: name, source: source, clauses: specs, globals: scope.globals,
                               threadLocals: scope.threadLocals, arrays: scope.arrays, aggregations: aggregations)
        spec.options = resolvedOptions
        return .success(spec)
    }
}
