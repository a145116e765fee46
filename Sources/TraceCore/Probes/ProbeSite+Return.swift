import CTraceCore

// The non-generic entry points of a function probe's enabled `return`: the entry's argument words (in
// registers for up to two, else a frame), `retval`, and the entry's rdtsc. A return site whose clauses
// are all direct aggregations of words it has (ReturnPlans) runs the thread's plan like an event probe's
// `_fire1`; anything else takes the general path with a frame.

extension ProbeSite {
    /// A return with at most two argument words (`count` of them).
    @usableFromInline @inline(never)
    func _fireReturn(_ start: UInt64, _ w0: Int64, _ w1: Int64, _ retval: Int64, count: Int) {
        let elapsed = Clock.ticksToNanoseconds(trace_rdtsc() &- start)
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if _fastPath(t.pointee.gen == trace_generation_load()) {
            if let ops = ThreadPlans.ops(t, id), ThreadPlans.untimed(t) {
                let s = ops.pointee.sources
                return ThreadPlans.runAndEnd(ops, t, Self.pick(s.w0, w0, w1, retval, elapsed), Self.pick(s.w1, w0, w1, retval, elapsed))
            }
            return _fireReturnFrame(t, w0, w1, retval, elapsed, count: count)
        }
        _fireReturnFrame(nil, w0, w1, retval, elapsed, count: count)
    }

    /// The general path of `_fireReturn`: on a thread whose configuration is current (depth set), or with
    /// `t` nil the slow path (a thread not yet registered or whose configuration moved; Dispatcher.fire).
    @inline(never)
    private func _fireReturnFrame(_ t: UnsafeMutablePointer<trace_thread>?, _ w0: Int64, _ w1: Int64, _ retval: Int64,
                                  _ elapsed: Int64, count: Int) {
        var frame = ProbeFrame()
        if count > 0 { frame.append(w0) }
        if count > 1 { frame.append(w1) }
        frame.retval = retval
        frame.elapsed = elapsed
        if let t { Dispatcher.runClauses(self, t, &frame) } else { Dispatcher.fire(self, &frame) }
    }

    /// A return with more than two argument words, in `frame`.
    @usableFromInline @inline(never)
    func _fireReturn(_ start: UInt64, _ frame: inout ProbeFrame, _ retval: Int64) {
        frame.elapsed = Clock.ticksToNanoseconds(trace_rdtsc() &- start)
        frame.retval = retval
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if _fastPath(t.pointee.gen == trace_generation_load()) {
            if let ops = ThreadPlans.ops(t, id), ThreadPlans.untimed(t) {
                let s = ops.pointee.sources
                let (a, b) = withUnsafePointer(to: &frame) { fp in
                    (ReturnPlans.word(s.w0, fp, retval, fp.pointee.elapsed), ReturnPlans.word(s.w1, fp, retval, fp.pointee.elapsed))
                }
                return ThreadPlans.runAndEnd(ops, t, a, b)
            }
            return Dispatcher.runClauses(self, t, &frame)
        }
        Dispatcher.fire(self, &frame)
    }

    @inline(__always)
    private static func pick(_ source: UInt8, _ w0: Int64, _ w1: Int64, _ retval: Int64, _ elapsed: Int64) -> Int64 {
        switch source {
        case 0: return w0
        case 1: return w1
        case PlanSources.retval: return retval
        default: return elapsed
        }
    }
}
