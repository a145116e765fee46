/// Compiles a checked program into an entry: every clause into closures, once for each probe it fires at.
enum ProgramCompiler {
    /// Refused when the program's declared state does not fit under the memory budget.
    static func compile(_ spec: ProgramSpec, registry: ProbeRegistry) throws(TraceRuntimeError) -> ProgramEntry {
        let instance = try ProgramInstance(spec: spec, limits: TraceLimits.get())
        var formatIDs: [String: Int64] = [:]
        func registerFormats(_ list: [Statement]) {
            for s in list {
                switch s {
                case .printf(let format, _) where formatIDs["printf:" + format] == nil:
                    formatIDs["printf:" + format] = OutputCollector.shared.register(.init(program: spec.name, format: format))
                case .trace where formatIDs["trace"] == nil:
                    formatIDs["trace"] = OutputCollector.shared.register(.init(program: spec.name, format: nil))
                case .ifElse(_, let a, let b):
                    registerFormats(a)
                    registerFormats(b)
                default:
                    break
                }
            }
        }
        for c in spec.clauses { registerFormats(c.body) }
        instance.formats.withLock { $0 = Array(formatIDs.values) }

        var bySite: [ProbeID: [CompiledClause]] = [:]
        var begin: [CompiledClause] = [], end: [CompiledClause] = [], errors: [CompiledClause] = []
        var ticks: [(clause: CompiledClause, interval: Int64)] = []
        var profiles: [(clause: CompiledClause, interval: Int64)] = []
        var stats: [ClauseStats] = []
        var all: [CompiledClause] = []

        func compileClause(_ clause: ClauseSpec, number: Int, context: CompilationContext, probeName: String, stats: ClauseStats,
                           runsAfterExit: Bool = false) -> CompiledClause {
            let ec = ExpressionCompiler(context: context)
            let sc = StatementCompiler(expressions: ec, formatIDs: formatIDs)
            // No Optional around the closure: one would make every call go through a reabstraction thunk.
            let predicate: IntCode
            if let p = clause.predicate { predicate = ec.int(p) } else { predicate = { _ in 1 } }
            let body = sc.block(clause.body)
            let ints = clause.clauseLocals.count
            let strings = clause.clauseLocals.contains { $0.type == .string } ? clause.clauseLocals.count : 0
            // The commonest clauses, one aggregation keyed by at most one expression, run without the body's closures.
            let direct = DirectAggregate.make(clause, instance, ec)
            return CompiledClause(program: instance, number: number, hasPredicate: clause.predicate != nil, predicate: predicate, body: body,
                                  intLocals: ints, stringLocals: strings, stats: stats, probeName: probeName, direct: direct,
                                  runsAfterExit: runsAfterExit, probeNumber: context.probeNumber,
                                  selfIdiom: SelfIdiom.make(clause, instance, ec), printf: sc.printfPlan(clause))
        }

        for (i, clause) in spec.clauses.enumerated() {
            let clauseStats = ClauseStats()
            stats.append(clauseStats)
            for probe in clause.probes {
                switch probe {
                case .sites(let ids):
                    for id in ids {
                        guard let site = registry.probe(id: id) else { continue }
                        let c = compileClause(clause, number: i + 1, context: CompilationContext(program: instance, site: site),
                                                probeName: site.fullName, stats: clauseStats)
                        bySite[id, default: []].append(c)
                        all.append(c)
                    }
                case .begin:
                    let c = compileClause(clause, number: i + 1, context: CompilationContext(program: instance, special: ("dtrace", "", "", "BEGIN"), arguments: []),
                                          probeName: "BEGIN", stats: clauseStats)
                    begin.append(c)
                    all.append(c)
                case .end:
                    let c = compileClause(clause, number: i + 1, context: CompilationContext(program: instance, special: ("dtrace", "", "", "END"), arguments: []),
                                          probeName: "END", stats: clauseStats, runsAfterExit: true)
                    end.append(c)
                    all.append(c)
                case .error:
                    let c = compileClause(clause, number: i + 1, context: CompilationContext(program: instance, special: ("dtrace", "", "", "ERROR"), arguments: SpecialProbes.errorArguments),
                                          probeName: "ERROR", stats: clauseStats)
                    errors.append(c)
                case .tick(let ns):
                    let name = "tick-\(TickName.describe(ns))"
                    let c = compileClause(clause, number: i + 1, context: CompilationContext(program: instance, special: ("profile", "", "", name), arguments: []),
                                          probeName: name, stats: clauseStats)
                    ticks.append((c, ns))
                    all.append(c)
                case .profile(let ns):
                    let name = "profile-\(TickName.describe(ns))"
                    var context = CompilationContext(program: instance, special: ("profile", "", "", name), arguments: ProfileSampler.arguments)
                    context.sampled = true
                    let c = compileClause(clause, number: i + 1, context: context, probeName: name, stats: clauseStats)
                    profiles.append((c, ns))
                    all.append(c)
                }
            }
        }
        for c in all { c.errorClauses = errors }
        return ProgramEntry(instance: instance, bySite: bySite, begin: begin, end: end, ticks: ticks, clauseStats: stats, profiles: profiles)
    }
}
