import CTraceCore

// What the runtime reports of its programs: status, aggregations, globals.

extension TraceRuntime {
    /// Status of every program, in definition order.
    public func programs() -> [ProgramStatus] {
        state.withLock { s in s.order.compactMap { s.programs[$0].map(status) } }
    }

    /// Status of one program.
    public func program(named name: String) -> ProgramStatus? {
        state.withLock { s in s.programs[name].map(status) }
    }

    private func status(_ e: ProgramEntry) -> ProgramStatus {
        let totals = e.instance.totals
        let exited = trace_load_relaxed(e.instance.exitFlag) != 0
        // A program that called exit() reads as enabled until its END clauses have run.
        let finishing = exited && !e.instance.exitFinished.load(ordering: .relaxed)
        return ProgramStatus(
            name: e.instance.name, enabled: e.enabled || finishing, probesMatched: e.bySite.count,
            firings: totals.firings, errors: Int64(e.instance.errors.load(ordering: .relaxed)),
            drops: e.instance.drops.byKind, clauseNanoseconds: totals.nanoseconds,
            uptimeNanoseconds: trace_monotonic_ns() - e.instance.createdAt,
            clauseErrors: e.clauseStats.map { Int64($0.errors.load(ordering: .relaxed)) },
            source: e.instance.spec.source, budget: e.budget,
            aggregations: e.instance.spec.aggregations.map(\.name), canExit: e.instance.canExit,
            exitStatus: exited ? e.instance.exitStatus.load(ordering: .relaxed) : nil, memoryBytes: e.instance.account.bytes)
    }

    func entry(_ name: String) throws(TraceRuntimeError) -> ProgramEntry {
        let found: ProgramEntry? = state.withLock { $0.programs[name] }
        guard let found else { throw state.withLock { noSuch(name, $0) } }
        return found
    }

    private func aggregation(_ program: String, _ name: String) throws(TraceRuntimeError) -> Aggregation {
        let e = try entry(program)
        guard let a = e.instance.aggregations.first(where: { $0.declaration.name == name }) else {
            throw .noSuchAggregation(program: program, name: name)
        }
        return a
    }

    /// Every aggregation of a program, merged across threads.
    public func aggregations(of program: String) -> [AggregationSnapshot] {
        guard let e = try? entry(program) else { return [] }
        let order = e.instance.spec.aggregationOrder
        return e.instance.aggregations.map { var s = $0.snapshot(); s.order = order; return s }
    }

    /// One aggregation of a program, merged across threads.
    public func snapshot(program: String, aggregation name: String) throws -> AggregationSnapshot {
        var s = try aggregation(program, name).snapshot()
        s.order = try entry(program).instance.spec.aggregationOrder
        return s
    }

    /// Zeroes an aggregation's values, keeping its keys.
    public func clear(program: String, aggregation name: String) throws {
        try aggregation(program, name).clear()
    }

    /// Drops an aggregation's keys, or all but the `keep` largest, and frees the string keys no row uses any more.
    public func trunc(program: String, aggregation name: String, keep: Int = 0) throws {
        try aggregation(program, name).trunc(keep: keep)
        try entry(program).instance.collectStrings(quiesce: republishAndQuiesce)
    }

    /// The value of a program's global variable, or nil if it has none of that name.
    public func global(program: String, name: String) -> TraceValue? {
        guard let e = try? entry(program),
              let slot = e.instance.spec.globals.firstIndex(where: { $0.name == name }) else { return nil }
        if e.instance.spec.globals[slot].type == .int {
            return .int(trace_load_relaxed(e.instance.globalInts + slot))
        }
        return .string(e.instance.globalStrings.withLock { $0[slot] })
    }
}
