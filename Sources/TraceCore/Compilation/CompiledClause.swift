import CTraceCore

/// One clause compiled for one probe site: a predicate and a body as closures over typed slots.
// @unchecked Sendable: immutable once compiled (errorClauses is set before the clause is published); counters are per-thread words.
final class CompiledClause: @unchecked Sendable {
    let program: ProgramInstance
    /// 1-based clause number in the program, for error reports.
    let number: Int
    let hasPredicate: Bool
    let predicate: IntCode
    let body: ActionCode
    let intLocals: Int
    let stringLocals: Int
    let stats: ClauseStats
    /// The program's exit word and per-thread counters, copied here so a firing reaches them in one load.
    /// END clauses read a word that is always 0: END runs after `exit()`, as in DTrace.
    let exitFlag: UnsafeMutablePointer<Int64>
    let counters: UnsafeMutablePointer<Int64>
    /// Where the clause fires, for error reports.
    let probeName: String
    /// The `id` of the probe it fires at (the ERROR probe's `arg0`).
    let probeNumber: Int64
    /// The program's ERROR clauses (nil for the ERROR clauses themselves).
    var errorClauses: [CompiledClause] = []
    /// Set when the body is one count/sum/avg/min/max/quantize keyed by at most one expression
    /// (`DirectAggregate`): it runs without the body's compiled closures, after the predicate if any.
    /// Unretained for the firing path (`directStorage` keeps it alive): no retain/release per firing.
    let direct: Unmanaged<DirectAggregate>?
    private let directStorage: DirectAggregate?
    /// Set when the clause is one of the `self->ts` idiom's (SelfIdiom), for the site planner; the clause's
    /// closures run it on the general path.
    let selfIdiom: SelfIdiom?
    /// Set when the clause is one printf of integers a site plan writes (PrintfPlan), for the site planner; the
    /// clause's closures run it on the general path.
    let printf: PrintfPlan?

    init(program: ProgramInstance, number: Int, hasPredicate: Bool, predicate: @escaping IntCode, body: @escaping ActionCode,
         intLocals: Int, stringLocals: Int, stats: ClauseStats, probeName: String, direct: DirectAggregate? = nil,
         runsAfterExit: Bool = false, probeNumber: Int64 = 0, selfIdiom: SelfIdiom? = nil,
         printf: PrintfPlan? = nil) {
        self.program = program
        self.probeNumber = probeNumber
        self.number = number
        self.hasPredicate = hasPredicate
        self.predicate = predicate
        self.body = body
        self.intLocals = intLocals
        self.stringLocals = stringLocals
        self.stats = stats
        self.probeName = probeName
        self.exitFlag = runsAfterExit ? CompiledClause.neverExited : program.exitFlag
        self.counters = program.counters
        directStorage = intLocals == 0 && stringLocals == 0 ? direct : nil
        self.direct = directStorage.map { Unmanaged.passUnretained($0) }
        self.selfIdiom = selfIdiom
        self.printf = printf
        // Unretained: the clause owns its direct form, which owns the computed operands.
        directStorage?.computed?.pointee.clause = .passUnretained(self)
    }

    /// The exit word of clauses that run after `exit()` (END): never set.
    nonisolated(unsafe) static let neverExited: UnsafeMutablePointer<Int64> = {
        let p = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    /// Runs the clause for one firing.
    @inline(__always)
    func run(_ frame: inout ProbeFrame, _ t: UnsafeMutablePointer<trace_thread>, _ site: ProbeSite?) {
        if _slowPath(trace_load_relaxed(exitFlag) != 0) { return }
        trace_add_relaxed(counters + Int(t.pointee.index) &* ProgramInstance.counterStride, 1)
        if let d = direct {
            d._withUnsafeGuaranteedRef { d in withUnsafeMutablePointer(to: &frame) { fp in runDirect(d, fp, t) } }
            return
        }
        withUnsafeMutablePointer(to: &frame) { fp in
            if intLocals == 0 && stringLocals == 0 {
                execute(Firing(frame: fp, thread: t, locals: UnsafeMutableRawPointer(fp).assumingMemoryBound(to: Int64.self)))
            } else {
                runWithLocals(fp, t)
            }
        }
    }

    /// A direct clause: the predicate, the key, the shard's value words, the update.
    @inline(__always)
    private func runDirect(_ d: DirectAggregate, _ fp: UnsafeMutablePointer<ProbeFrame>, _ t: UnsafeMutablePointer<trace_thread>) {
        do throws(ClauseFault) {
            if d.compares {
                if !d.passes(fp) { return }
            } else if hasPredicate {
                if try predicate(Firing(frame: fp, thread: t, locals: UnsafeMutableRawPointer(fp).assumingMemoryBound(to: Int64.self))) == 0 { return }
            }
            var key = try d.keyWord(fp, t)
            let values = d.aggregation._withUnsafeGuaranteedRef { a in withUnsafePointer(to: &key) { a.values(t, key: $0) } }
            // nil: the aggregation refused a new key and counted the drop.
            guard let v = values else { return }
            d.update(v, try d.valueWord(fp, t))
        } catch {
            fault(error, Firing(frame: fp, thread: t, locals: UnsafeMutableRawPointer(fp).assumingMemoryBound(to: Int64.self)))
        }
    }

    /// A clause with `this->` variables: they are the firing's, shared with the program's other clauses
    /// at the same firing (ThreadScratch.firingLocals), as in DTrace.
    @inline(never)
    private func runWithLocals(_ fp: UnsafeMutablePointer<ProbeFrame>, _ t: UnsafeMutablePointer<trace_thread>) {
        let locals = ThreadRegistry.extras(t).pointee.firingLocals(fp, program: Unmanaged.passUnretained(program).toOpaque(),
                                                                  ints: intLocals, strings: stringLocals)
        execute(Firing(frame: fp, thread: t, locals: locals))
    }

    @inline(__always)
    private func execute(_ f: Firing) {
        do throws(ClauseFault) {
            if hasPredicate, try predicate(f) == 0 { return }
            try body(f)
        } catch {
            fault(error, f)
        }
    }

    /// Reports a fault raised outside the clause's own run (a site plan's compact key or value).
    @inline(never)
    func reportFault(_ error: ClauseFault, _ t: UnsafeMutablePointer<trace_thread>) {
        var frame = ProbeFrame()
        withUnsafeMutablePointer(to: &frame) { fp in
            fault(error, Firing(frame: fp, thread: t, locals: UnsafeMutableRawPointer(fp).assumingMemoryBound(to: Int64.self)))
        }
    }

    @inline(never)
    private func fault(_ error: ClauseFault, _ f: Firing) {
        if case .dropped(let kind) = error {
            program.countDrop(kind)
            return
        }
        stats.errors.wrappingAdd(1, ordering: .relaxed)
        program.errors.wrappingAdd(1, ordering: .relaxed)
        if program.firstReport(clause: number, code: error.code) {
            OutputCollector.shared.enqueue(OutputRecord(
                program: program.name,
                kind: .error("error: program '\(program.name)' clause \(number) (\(probeName)): \(error.message)"),
                ticks: trace_rdtsc()))
        }
        guard !errorClauses.isEmpty else { return }
        // The ERROR probe's arguments at DTrace's positions (SpecialProbes.errorArguments).
        var frame = ProbeFrame()
        frame.append(probeNumber)
        frame.append(Int64(number))
        frame.append(-1)
        frame.append(-1)
        frame.append(error.dtraceKind)
        frame.append(error.value)
        frame.append(_traceStashString(error.message))
        for c in errorClauses { c.run(&frame, f.thread, nil) }
    }
}
