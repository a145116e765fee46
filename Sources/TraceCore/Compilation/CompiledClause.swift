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
    /// The program's ERROR clauses (nil for the ERROR clauses themselves).
    var errorClauses: [CompiledClause] = []
    /// Set when the whole body is `@a = count()` or `@a[k] = count()` with a key fixed for this
    /// probe (probefunc, a literal) and the clause has no `this->` variables: the count runs
    /// directly, after the predicate if any, without the body's compiled closures.
    /// Unretained: the program (held strongly above) owns its aggregations; a strong optional here
    /// would cost a retain/release pair on every firing.
    let countedAggregation: Unmanaged<Aggregation>?
    let countedKey: Int64

    init(program: ProgramInstance, number: Int, hasPredicate: Bool, predicate: @escaping IntCode, body: @escaping ActionCode,
         intLocals: Int, stringLocals: Int, stats: ClauseStats, probeName: String,
         countedAggregation: Aggregation? = nil, countedKey: Int64 = 0, runsAfterExit: Bool = false) {
        self.program = program
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
        self.countedAggregation = intLocals == 0 && stringLocals == 0 ? countedAggregation.map { Unmanaged.passUnretained($0) } : nil
        self.countedKey = countedKey
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
        if let aggregation = countedAggregation {
            if hasPredicate {
                let pass = withUnsafeMutablePointer(to: &frame) { fp -> Bool in
                    let f = Firing(frame: fp, thread: t, locals: UnsafeMutableRawPointer(fp).assumingMemoryBound(to: Int64.self))
                    do throws(ClauseFault) {
                        return try predicate(f) != 0
                    } catch {
                        fault(error, f)
                        return false
                    }
                }
                if !pass { return }
            }
            var key = countedKey
            let values = aggregation._withUnsafeGuaranteedRef { a in withUnsafePointer(to: &key) { a.values(t, key: $0) } }
            if let v = values {
                trace_add_relaxed(v, 1)
            } else {
                program.countDrop(.aggregationKeys)
            }
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

    @inline(never)
    private func runWithLocals(_ fp: UnsafeMutablePointer<ProbeFrame>, _ t: UnsafeMutablePointer<trace_thread>) {
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(1, intLocals)) { buffer in
            let locals = buffer.baseAddress!
            locals.initialize(repeating: 0, count: max(1, intLocals))
            if stringLocals > 0 {
                ThreadRegistry.extras(t).pointee.clearLocals(stringLocals)
            }
            execute(Firing(frame: fp, thread: t, locals: locals))
        }
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

    @inline(never)
    private func fault(_ error: ClauseFault, _ f: Firing) {
        stats.errors.wrappingAdd(1, ordering: .relaxed)
        program.errors.wrappingAdd(1, ordering: .relaxed)
        if program.firstReport(clause: number, code: error.code) {
            OutputCollector.shared.enqueue(OutputRecord(
                program: program.name,
                kind: .error("error: program '\(program.name)' clause \(number) (\(probeName)): \(error.message)"),
                ticks: trace_rdtsc()))
        }
        guard !errorClauses.isEmpty else { return }
        var frame = ProbeFrame()
        frame.append(Int64(number))
        frame.append(_traceStashString(error.message))
        for c in errorClauses { c.run(&frame, f.thread, nil) }
    }
}
