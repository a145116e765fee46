import CTraceCore

// The non-generic entry points of a function probe's enabled `return`: the entry's argument words (in
// registers for up to three, else a frame), `retval`, and the entry's rdtsc. A return site whose clauses
// are all direct aggregations of words it has (ReturnPlans) runs the thread's plan like an event probe's
// `_fire1`; anything else takes the general path with a frame. A return whose site was disabled since its
// entry finds no plan and no clauses (the disable moved the generation), so `return` does not check it.

extension ProbeSite {
    /// A return with at most three argument words (`count` of them).
    @usableFromInline @inline(never)
    func _fireReturn(_ start: UInt64, _ w0: Int64, _ w1: Int64, _ w2: Int64, _ retval: Int64, count: Int) {
        // One tick for `elapsed` and `timestamp`, each converted only where it is read.
        let now = trace_rdtsc()
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            // A site whose one op is `@ = quantize(elapsed)` or the `self->ts` idiom's quantize, unkeyed, runs it here.
            let kind = ops.pointee.kind
            if kind == ThreadOpKind.onlyElapsedQuantize {
                return ThreadPlans.quantizeOnly(ops, t, Clock.ticksToNanoseconds(now &- start))
            }
            if kind == ThreadOpKind.onlySinceQuantize { return ThreadPlans.sinceOnly(ops, t, Clock.timestampNanoseconds(atTick: now)) }
            let elapsed = Clock.ticksToNanoseconds(now &- start)
            // The plan's words (ReturnPlans.sources): argument 0 and `elapsed`, `retval` or argument 1 mostly.
            let s = ops.pointee.sources
            let a = _fastPath(s.w0 == 0) ? w0 : Self.pick(s.w0, w0, w1, w2, retval, elapsed)
            let b = _fastPath(s.w1 == PlanSources.elapsed) ? elapsed : Self.pick(s.w1, w0, w1, w2, retval, elapsed)
            return ThreadPlans.runAndEnd(ops, t, a, b) { self._fireReturnFrame(w0, w1, w2, retval, elapsed, count: count) }
        }
        _fireReturnFrame(w0, w1, w2, retval, Clock.ticksToNanoseconds(now &- start), count: count)
    }

    /// The general path of `_fireReturn`, which found no plan (Dispatcher.fire: on a thread already marked as firing it
    /// marks it again, and refreshes a configuration that moved, as for a thread not yet registered).
    @inline(never)
    private func _fireReturnFrame(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ retval: Int64, _ elapsed: Int64, count: Int) {
        var frame = ProbeFrame()
        if count > 0 { frame.append(w0) }
        if count > 1 { frame.append(w1) }
        if count > 2 { frame.append(w2) }
        frame.retval = retval
        frame.elapsed = elapsed
        Dispatcher.fire(self, &frame)
    }

    /// A return with more than three argument words, in `frame`.
    @usableFromInline @inline(never)
    func _fireReturn(_ start: UInt64, _ frame: inout ProbeFrame, _ retval: Int64) {
        frame.elapsed = Clock.ticksToNanoseconds(trace_rdtsc() &- start)
        frame.retval = retval
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            let (a, b) = ReturnPlans.words(ops.pointee.sources, &frame)
            return ThreadPlans.runAndEnd(ops, t, a, b) { Dispatcher.fire(self, &frame) }
        }
        Dispatcher.fire(self, &frame)
    }

    /// The word a plan source names.
    @inline(__always)
    private static func pick(_ source: UInt8, _ w0: Int64, _ w1: Int64, _ w2: Int64, _ retval: Int64, _ elapsed: Int64) -> Int64 {
        switch source {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        case PlanSources.retval: return retval
        default: return elapsed
        }
    }
}
