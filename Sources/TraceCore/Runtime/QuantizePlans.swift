import CTraceCore

// Site-plan ops of a `quantize` (op kind `other | quantize`): of a word the firing passes (`elapsed`, `retval`,
// an argument, a constant), unkeyed, keyed by a constant or by an integer argument word, after an `argument OP
// constant` predicate; and the `self->ts` idiom's two ops (SelfIdiom). They run off the entry point's inlined loop
// (ThreadPlans.runAndEnd) in a function of their own, shorter than continueSlow's general code: the bucket and the
// sum at the thread's cached value words, the look-up of an integer key in the thread's shard, and a miss (a new
// shard, a shard behind a clear, a new key) through the aggregation's own path (ThreadPlans.resolve). A return site whose
// only op is an unkeyed quantize of `elapsed` or the idiom's unkeyed quantize runs it in `_fireReturn` itself
// (`quantizeOnly`, `sinceOnly`), with no op loop and no call.

extension ThreadOpKind {
    /// With `other`: a quantize or a `self->ts` op without a compact operand, run in `continueQuantize`.
    static let quantize: UInt8 = 64
    /// With `other | quantize` (whose low bits the inline kinds do not use): an unkeyed quantize of `elapsed` with
    /// no predicate, its value words found. The only op of a return site runs inline in `_fireReturn`.
    static let elapsedQuantize: UInt8 = 1
    /// With `other | quantize`: the `self->ts` idiom's quantize, unkeyed, its value words found (`_fireReturn` too).
    static let sinceQuantize: UInt8 = 2
    /// The kinds `_fireReturn` runs inline: a return site's only op (`last`) of those two shapes.
    static let onlyElapsedQuantize = other | quantize | elapsedQuantize | last
    static let onlySinceQuantize = other | quantize | sinceQuantize | last
}

extension ThreadPlans {
    /// The kind of an op `continueQuantize` runs (a quantize, a `self->ts` stamp or since-quantize), or nil.
    @inline(__always)
    static func quantizeKind(_ p: ThreadOp) -> UInt8? {
        guard p.computed == nil, p.function >= 5 else { return nil }
        let kind = ThreadOpKind.other | ThreadOpKind.quantize
        guard p.cell != nil, !p.keyed, !p.compares else { return kind }
        if p.function == SelfIdiom.sinceFunction { return kind | ThreadOpKind.sinceQuantize }
        let w = p.words
        guard p.function == 5, p.sources.w1 == PlanSources.elapsed,
              w.valueMask0 == 0, w.valueMask1 == -1, w.valueConstant == 0 else { return kind }
        return kind | ThreadOpKind.elapsedQuantize
    }

    /// The only op of a return site (kind `onlyElapsedQuantize`): `elapsed`'s bucket and sum at the op's value words,
    /// and the firing's end.
    @inline(__always)
    static func quantizeOnly(_ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ x: Int64) {
        trace_add_relaxed(p.pointee.counter, 1)
        add(p.pointee.cell.unsafelyUnwrapped, x)
        Dispatcher.endFiring(t)
    }

    /// The only op of a return site (kind `onlySinceQuantize`): the time from the thread's `self->X` stamp, if it has
    /// one, to `now` (the `timestamp` of this firing) at the op's value words, the stamp cleared; then the firing's end.
    @inline(__always)
    static func sinceOnly(_ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ now: Int64) {
        trace_add_relaxed(p.pointee.counter, 1)
        let word = p.pointee.selfWord.unsafelyUnwrapped
        let stamp = word.pointee
        if stamp != 0 {
            word.pointee = 0
            add(p.pointee.cell.unsafelyUnwrapped, now &- stamp)
        }
        Dispatcher.endFiring(t)
    }

    /// Op `p` (its counter counted), a quantize or a `self->ts` op, then the rest of the ops and the firing's end.
    /// Every call it makes on the way is a tail call, so it saves no register.
    @inline(never)
    static func continueQuantize(_ w0: Int64, _ w1: Int64, _ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>) {
        let function = p.pointee.function
        if function == SelfIdiom.stampFunction {
            p.pointee.selfWord.unsafelyUnwrapped.pointee = trace_timestamp_ns()
            return next(p, t, w0, w1)
        }
        if function != 5 { return continueSelf(w0, w1, p, t) }
        if p.pointee.compares && !p.pointee.words.passes(w0, w1) { return next(p, t, w0, w1) }
        quantize(p, t, w0, w1, p.pointee.words.value(w0, w1))
    }

    /// The `self->ts` idiom's quantize: it runs only after a stamp (its predicate) and clears it.
    @inline(never)
    private static func continueSelf(_ w0: Int64, _ w1: Int64, _ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>) {
        let word = p.pointee.selfWord.unsafelyUnwrapped
        guard let since = SelfIdiom.begin(SelfIdiom.sinceFunction, word) else { return next(p, t, w0, w1) }
        word.pointee = 0
        quantize(p, t, w0, w1, since)
    }

    /// Adds `x` to the op's histogram at the cached value words (unkeyed, or a constant key while its table has not
    /// moved); an integer key continues in `quantizeKeyed`, a miss in `quantizeMiss`.
    @inline(__always)
    private static func quantize(_ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64, _ x: Int64) {
        if p.pointee.keyed && !p.pointee.constantKey { return quantizeKeyed(p, t, w0, w1, x) }
        guard let v = p.pointee.cell,
              !p.pointee.constantKey || trace_load_relaxed(p.pointee.tableWord.unsafelyUnwrapped) == p.pointee.table else {
            return quantizeMiss(p, t, w0, w1, x)
        }
        add(v, x)
        next(p, t, w0, w1)
    }

    /// An integer key's entry in the thread's shard (a function of its own: the look-up's registers are saved only here).
    @inline(never)
    private static func quantizeKeyed(_ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64, _ x: Int64) {
        guard let meta = p.pointee.cell, let v = findOne(meta, p.pointee.words.key(w0, w1), entryWidth: Int(p.pointee.entryWidth)) else {
            return quantizeMiss(p, t, w0, w1, x)
        }
        add(v, x)
        next(p, t, w0, w1)
    }

    /// The value words through the aggregation's own path (a new shard, a shard behind a clear, a new key; nil
    /// when it refused the key and counted the drop), then the rest.
    @inline(never)
    private static func quantizeMiss(_ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64, _ x: Int64) {
        if let v = resolve(p, t, p.pointee.keyed ? p.pointee.words.key(w0, w1) : 0) { add(v, x) }
        next(p, t, w0, w1)
    }

    @inline(__always)
    static func add(_ v: UnsafeMutablePointer<Int64>, _ x: Int64) {
        trace_add_relaxed(v + HistogramLayout.quantizeBucket(x), 1)
        trace_add_relaxed(v + HistogramLayout.quantizeBucketCount, x)
    }

    /// The ops after `p`, or the firing's end after the last.
    @inline(__always)
    private static func next(_ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64) {
        afterOp(w0, w1, p, t)
    }
}
