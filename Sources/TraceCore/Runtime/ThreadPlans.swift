import CTraceCore

// Each thread's copy of its configuration's site plans, with this thread's addresses already resolved:
// the program's firing counter of this thread, and the aggregation's value words (unkeyed) or shard
// (keyed) once the thread has one. Built off the fast path when the thread's generation moves
// (ThreadRegistry.refresh: define, enable, disable, delete, exit, clear and trunc all bump it; a new thread
// gets them at its second firing), so a firing checks neither the configuration, nor a program's exit word,
// nor an aggregation's generation.

/// One op of a site plan as one thread runs it.
struct ThreadOp {
    /// What the entry point's loop does inline: 0 a count, 1 a keyed count, 2 a sum, 3 a keyed sum (the
    /// keyed ones with a one-word key, so an entry is 3 words); 4 anything else (`continueGeneric`).
    var kind: UInt8
    /// SiteOp.function.
    var function: UInt8
    var compares: Bool
    var keyed: Bool
    var entryWidth: Int32
    var words: SiteOpWords
    /// SiteOp.sources: where a return site's entry point takes `w0` and `w1` from.
    var sources: PlanSources
    /// This thread's firing counter of the clause's program.
    var counter: UnsafeMutablePointer<Int64>
    /// Unkeyed: this thread's value words; keyed: this thread's shard meta words; nil until the thread has them.
    var cell: UnsafeMutablePointer<Int64>?
    /// For the rare path (a new shard or key, a drop): unretained, the configuration keeps its clause alive.
    var aggregation: Unmanaged<Aggregation>
    /// The `self->ts` idiom's ops (SelfIdiom): this thread's `self->` word of the op.
    var selfWord: UnsafeMutablePointer<Int64>?
}

/// The ops of one site in a thread's plans: `begin == nil` when the site has no plan (the general path).
struct ThreadPlanSlot {
    var begin: UnsafeMutablePointer<ThreadOp>?
    var end: UnsafeMutablePointer<ThreadOp>?
}

enum ThreadPlans {
    /// The site's ops in the thread's plans, or nil when the site has none (the general path). Call
    /// after `trace_enter_firing` with the thread's generation current.
    @inline(__always)
    static func slot(_ t: UnsafeMutablePointer<trace_thread>, _ site: Int) -> ThreadPlanSlot? {
        guard site < Int(t.pointee.plan_count) else { return nil }
        let slot = t.pointee.plan_sites.unsafelyUnwrapped.assumingMemoryBound(to: ThreadPlanSlot.self)[site]
        return slot.begin == nil ? nil : slot
    }

    /// Counts a planned firing down to the next one of every 64 that the general path times: true when
    /// this firing runs the plan.
    @inline(__always)
    static func untimed(_ t: UnsafeMutablePointer<trace_thread>) -> Bool {
        let n = t.pointee.countdown &- 1
        t.pointee.countdown = n
        return _fastPath(n > 0)
    }

    /// Rebuilds the thread's plans from `config` (owner thread, inside a firing): ops of exited programs
    /// are left out; the block is reused while it is big enough.
    static func rebuild(_ t: UnsafeMutablePointer<trace_thread>, _ config: Configuration) {
        guard let last = config.plannedSiteIDs.last else {
            t.pointee.plan_count = 0
            return
        }
        let slots = last + 1
        let slotBytes = (slots * MemoryLayout<ThreadPlanSlot>.stride + 15) & ~15
        let bytes = slotBytes + config.plannedOps * MemoryLayout<ThreadOp>.stride
        if Int(t.pointee.plan_bytes) < bytes {
            free(t)
            t.pointee.plan_sites = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 8)
            t.pointee.plan_bytes = Int64(bytes)
        }
        let raw = t.pointee.plan_sites.unsafelyUnwrapped
        let table = raw.bindMemory(to: ThreadPlanSlot.self, capacity: slots)
        table.initialize(repeating: ThreadPlanSlot(begin: nil, end: nil), count: slots)
        let index = Int(t.pointee.index)
        var p = (raw + slotBytes).bindMemory(to: ThreadOp.self, capacity: config.plannedOps)
        for site in config.plannedSiteIDs {
            let ops = config.plans[site].unsafelyUnwrapped
            let begin = p
            for op in ops where trace_load_relaxed(op.exitFlag) == 0 {
                p.initialize(to: threadOp(op, index, selfWord: SelfIdiom.word(op, t)))
                p += 1
            }
            table[site] = ThreadPlanSlot(begin: begin, end: p)
        }
        t.pointee.plan_count = Int64(slots)
    }

    /// Plan blocks up to this size stay with the thread's recycled state block when the thread exits, for
    /// the next thread to reuse (a new thread's first firing then allocates nothing for its plans).
    static let keptBytes = 4096

    /// The thread's exit: its plans are never run again; their block is freed, or kept for the next thread
    /// in the state block when small.
    static func threadExited(_ t: UnsafeMutablePointer<trace_thread>) {
        t.pointee.plan_count = 0
        if t.pointee.plan_bytes > keptBytes { free(t) }
    }

    private static func free(_ t: UnsafeMutablePointer<trace_thread>) {
        t.pointee.plan_sites?.deallocate()
        t.pointee.plan_sites = nil
        t.pointee.plan_count = 0
        t.pointee.plan_bytes = 0
    }

    private static func threadOp(_ op: SiteOp, _ index: Int, selfWord: UnsafeMutablePointer<Int64>?) -> ThreadOp {
        let keyed = op.keyWidth != 0
        var cell: UnsafeMutablePointer<Int64>?
        if let meta = op.metas[index], meta[0] == trace_load_acquire(op.generation) {
            cell = keyed ? meta : UnsafeMutablePointer(bitPattern: Int(meta[3]))
        }
        let kind: UInt8 = op.function > 1 ? 4 : op.function * 2 + (keyed ? 1 : 0)
        return ThreadOp(kind: kind, function: op.function, compares: op.compares, keyed: keyed, entryWidth: op.entryWidth,
                        words: op.words, sources: op.sources, counter: op.counters + index &* ProgramInstance.counterStride, cell: cell, aggregation: op.aggregation, selfWord: selfWord)
    }

    /// Runs a site's ops for one firing and ends it (the slow path's copy; the entry points inline `runAndEnd`).
    @inline(never)
    static func run(_ slot: ThreadPlanSlot, _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64) {
        runAndEnd(slot.begin.unsafelyUnwrapped, slot.end.unsafelyUnwrapped, t, w0, w1)
    }

    /// Runs the ops from `begin` to `end` for one firing with argument words `w0` and `w1`, then ends the
    /// firing. Counts and sums run inline; every call it makes is its last act (`continueGeneric` runs
    /// the other ops, and any op whose value words the thread has not got yet, and then the rest), so
    /// the entry point it is inlined into saves few registers.
    @inline(__always)
    static func runAndEnd(_ begin: UnsafeMutablePointer<ThreadOp>, _ end: UnsafeMutablePointer<ThreadOp>,
                          _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64) {
        var p = begin
        while p != end {
            trace_add_relaxed(p.pointee.counter, 1)
            if p.pointee.compares && !p.pointee.words.passes(w0, w1) {
                p += 1
                continue
            }
            let kind = p.pointee.kind
            guard kind < 4, let cell = p.pointee.cell else { return continueGeneric(p, end, t, w0, w1) }
            let v: UnsafeMutablePointer<Int64>
            if kind & 1 == 0 {
                v = cell
            } else {
                guard let found = findOne(cell, p.pointee.words.key(w0, w1), entryWidth: 3) else { return continueGeneric(p, end, t, w0, w1) }
                v = found
            }
            trace_add_relaxed(v, kind < 2 ? 1 : p.pointee.words.value(w0, w1))
            p += 1
        }
        Dispatcher.endFiring(t)
    }

    /// Op `p` (its counter counted, its predicate passed) the general way: its value words, found in the
    /// thread's shard or taken through the aggregation (a new shard, a shard behind a clear, a new key),
    /// and its function; then the rest of the ops and the firing's end.
    @inline(never)
    private static func continueGeneric(_ p: UnsafeMutablePointer<ThreadOp>, _ end: UnsafeMutablePointer<ThreadOp>,
                                        _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64) {
        var x = p.pointee.words.value(w0, w1)
        if p.pointee.function >= SelfIdiom.stampFunction {
            // The self->ts idiom: a stamp ends here, a quantize goes on only after a stamp (its predicate).
            guard let since = SelfIdiom.begin(p.pointee.function, p.pointee.selfWord.unsafelyUnwrapped) else { return runAndEnd(p + 1, end, t, w0, w1) }
            x = since
        }
        let k = p.pointee.keyed ? p.pointee.words.key(w0, w1) : 0
        var v: UnsafeMutablePointer<Int64>?
        if let cell = p.pointee.cell {
            v = p.pointee.keyed ? findOne(cell, k, entryWidth: Int(p.pointee.entryWidth)) : cell
        }
        if v == nil { v = resolve(p, t, k) }
        if let v { SitePlan.update(p.pointee.function, v, x) }
        if p.pointee.function == SelfIdiom.sinceFunction { p.pointee.selfWord.unsafelyUnwrapped.pointee = 0 }
        runAndEnd(p + 1, end, t, w0, w1)
    }

    /// AggregationShard.find for a one-word key, the key in a register.
    @inline(__always)
    private static func findOne(_ meta: UnsafeMutablePointer<Int64>, _ key: Int64, entryWidth: Int) -> UnsafeMutablePointer<Int64>? {
        let t = UnsafeMutablePointer<Int64>(bitPattern: Int(meta[2])).unsafelyUnwrapped
        let mask = Int(t[0]) &- 1
        var h: UInt64 = (0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: key)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = t + (1 &+ slot &* entryWidth)
            if e[0] == 0 { return nil }
            if e[1] == key { return e + 2 }
            slot = (slot &+ 1) & mask
        }
    }

    /// The value words through the aggregation's own path (a new shard, a shard behind a clear, a new key),
    /// remembered in the op for the next firing; nil when the aggregation refused the key and counted the drop.
    @inline(never)
    private static func resolve(_ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ key: Int64) -> UnsafeMutablePointer<Int64>? {
        var k = key
        let index = Int(t.pointee.index)
        return p.pointee.aggregation._withUnsafeGuaranteedRef { a in
            let v = withUnsafePointer(to: &k) { a.valuesSlow(index, $0) }
            if v != nil { p.pointee.cell = p.pointee.keyed ? a.metas[index] : v }
            return v
        }
    }
}
