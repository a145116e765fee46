import CTraceCore

// Site-plan ops with a compact key or value (CompactOperands, op kind `other | compact`): run off the entry point's
// inlined loop (ThreadPlans.runAndEnd), as the other ops it does not run inline are (continueSlow).

extension ThreadPlans {
    /// Op `p` (its counter counted) with a compact key or value: its predicate, the key, the thread's value
    /// words for it, the value, the update; then the rest of the ops and the firing's end. A fault (a division
    /// by zero, a string key refused) is reported as the general path reports it, and skips the op.
    @inline(never)
    static func continueCompact(_ w0: Int64, _ w1: Int64, _ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>) {
        let c = p.pointee.computed.unsafelyUnwrapped
        if !p.pointee.compares || p.pointee.words.passes(w0, w1),
           let k = CompactRun.planKey(c, w0, w1, masked: p.pointee.words.key(w0, w1), t) {
            var v: UnsafeMutablePointer<Int64>?
            if let cell = p.pointee.cell { v = p.pointee.keyed ? findOne(cell, k, entryWidth: Int(p.pointee.entryWidth)) : cell }
            if v == nil { v = resolve(p, t, p.pointee.keyed ? k : 0) }
            if let v {
                let masked = p.pointee.words.value(w0, w1)
                if !c.pointee.value.isPresent {
                    SitePlan.update(p.pointee.function, v, masked)
                } else if let x = CompactRun.planValue(c, w0, w1, masked: masked, t) {
                    SitePlan.update(p.pointee.function, v, x)
                }
            }
        }
        afterOp(w0, w1, p, t)
    }
}
