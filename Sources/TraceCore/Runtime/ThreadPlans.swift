import CTraceCore

// Each thread's copy of its configuration's site plans, with this thread's addresses already resolved:
// the program's firing counter of this thread, and the aggregation's value words (unkeyed) or shard
// (keyed) once the thread has one. Built off the fast path when the thread's generation moves
// (ThreadRegistry.refresh: define, enable, disable, delete, exit, clear and trunc all bump it; a new thread
// gets them at its second firing), so a firing checks neither the configuration, nor a program's exit word,
// nor an aggregation's generation.

/// One op of a site plan as one thread runs it.
struct ThreadOp {
    /// This thread's firing counter of the clause's program.
    var counter: UnsafeMutablePointer<Int64>
    /// The value words the op updates: of the unkeyed entry, or of the op's constant key; for a key read from an
    /// argument, this thread's shard meta words. Nil until the thread has them.
    var cell: UnsafeMutablePointer<Int64>?
    /// What the entry point's loop does inline (ThreadOpKind): a count or a sum at `cell`; anything else in `continueSlow`
    /// (or `continueCompact`, `continueQuantize`, `continuePrintf`).
    var kind: UInt8
    /// SiteOp.function.
    var function: UInt8
    var compares: Bool
    var keyed: Bool
    /// The key is a constant (`probefunc`, a literal): `cell` is that key's entry, valid while the shard's table is `table`.
    var constantKey: Bool
    var entryWidth: Int32
    /// The shard's table-pointer word (meta[2]) and the table `cell` lies in, for a constant key: a grown table
    /// is a new one (old tables live as long as the shard), so an equal pointer means the entry has not moved.
    var tableWord: UnsafeMutablePointer<Int64>?
    var table: Int64
    var words: SiteOpWords
    /// SiteOp.sources: where a return site's entry point takes `w0` and `w1` from.
    var sources: PlanSources = .arguments
    /// For the rare path (a new shard or key, a drop): unretained, the configuration keeps its clause alive.
    var aggregation: Unmanaged<Aggregation>
    /// SiteOp.computed: a compact key or value, run by `continueCompact` (kind `other | compact`).
    var computed: UnsafeMutablePointer<CompactOperands>? = nil
    /// The `self->ts` idiom's ops (SelfIdiom): this thread's `self->` word of the op.
    var selfWord: UnsafeMutablePointer<Int64>? = nil
    /// A string-key op's last two strings and their value words (StringKeyPlans); empty when the plans are built.
    var memo = StringKeyMemo()
    /// SiteOp.printf: a printf of integers, run by `continuePrintf` (kind `other | printf`).
    var printf: UnsafeMutablePointer<PrintfOperands>? = nil
}

/// ThreadOp.kind: what runs inline, as flags; 0 is a plain `count()` at `cell`.
enum ThreadOpKind {
    /// `sum(value)` rather than `count()`.
    static let sum: UInt8 = 1
    /// A constant key: `cell` is its entry while the shard's table is `table`.
    static let constantKey: UInt8 = 2
    /// An `argument OP constant` predicate (`words.passes`).
    static let predicate: UInt8 = 4
    /// Anything else runs in `continueSlow`: a key read from an argument, another function, value words not yet found.
    static let other: UInt8 = 8
    /// The site's last op (with any of the others).
    static let last: UInt8 = 16
    /// With `other`: a compact key or value (CompactOperands), run in `continueCompact`.
    static let compact: UInt8 = 32
    /// With `other | compact`: a key that is a string argument's id, run in `continueStringKey` (StringKeyPlans).
    static let stringKey: UInt8 = 128
    /// The thread's one op for a site without a plan (`other` with the predicate flag, which no other op has): the
    /// entry point's general path. Every slot of a thread's table holds ops, so a firing tests no slot for nil.
    static let general: UInt8 = other | predicate
}

enum ThreadPlans {
    /// The first of the site's ops in the thread's plans (the last one has ThreadOpKind.last), or nil when the site
    /// has none (the general path) or the plans are stale (a generation bump withdrew them). Call after
    /// `trace_enter_firing`.
    @inline(__always)
    static func ops(_ t: UnsafeMutablePointer<trace_thread>, _ site: Int) -> UnsafeMutablePointer<ThreadOp>? {
        guard let ops = slot(t, site), ops.pointee.kind != ThreadOpKind.general else { return nil }
        return ops
    }

    /// The site ids the thread's published plans cover (0: none, or withdrawn by a generation bump).
    static func planCount(_ t: UnsafeMutablePointer<trace_thread>) -> Int { Int(trace_plan_count(t)) }

    /// The site's slot in the thread's plans — its ops, or the thread's `general` op — or nil when the site is past
    /// them or the plans are stale.
    @inline(__always)
    private static func slot(_ t: UnsafeMutablePointer<trace_thread>, _ site: Int) -> UnsafeMutablePointer<ThreadOp>? {
        guard UInt(bitPattern: site) < UInt(bitPattern: Int(trace_plan_count(t))) else { return nil }
        return t.pointee.plan_sites.unsafelyUnwrapped.assumingMemoryBound(to: UnsafeMutablePointer<ThreadOp>.self)[site]
    }

    /// An entry point's ops for this firing, right after `trace_enter_firing`: the site's slot when the thread's
    /// plans are current (a writer's bump withdraws them: ThreadRegistry.bumpGeneration, so no generation compare
    /// here) and this firing is not one the general path times — the site's ops, or the thread's `general` op, which
    /// `runAndEnd` sends to the entry point's general path; else nil, and the entry point takes `Dispatcher.fireSlow`
    /// (or `fireFrame`), which compares the generation.
    @inline(__always)
    static func planned(_ t: UnsafeMutablePointer<trace_thread>, _ site: Int) -> UnsafeMutablePointer<ThreadOp>? {
        guard let ops = slot(t, site), untimed(t) else { return nil }
        return ops
    }

    /// Counts a planned firing down to the next one of every 64 that the general path times: true when
    /// this firing runs the plan.
    @inline(__always)
    static func untimed(_ t: UnsafeMutablePointer<trace_thread>) -> Bool {
        _fastPath(trace_countdown(t) != 0)
    }

    /// `untimed` for a slow path the entry point may already have counted this firing down in (its count-down reached
    /// zero, and the configuration moved before the slow path looked): never counts below zero, so the general path
    /// times this firing and starts the count again.
    @inline(__always)
    static func untimedOnce(_ t: UnsafeMutablePointer<trace_thread>) -> Bool {
        trace_countdown_once(t) != 0
    }

    /// Rebuilds the thread's plans from `config`, the configuration of `generation` (owner thread, inside a firing),
    /// and publishes them unless the generation moved meanwhile (`trace_publish_plans`): ops of exited programs
    /// are left out; the block is reused while it is big enough.
    static func rebuild(_ t: UnsafeMutablePointer<trace_thread>, _ config: Configuration, generation: Int64) {
        trace_plans_invalidate(t)
        guard let last = config.plannedSiteIDs.last else { return }
        let slots = last + 1
        let slotBytes = (slots * MemoryLayout<UnsafeMutablePointer<ThreadOp>>.stride + 15) & ~15
        let bytes = slotBytes + (config.plannedOps + 1) * MemoryLayout<ThreadOp>.stride
        if Int(t.pointee.plan_bytes) < bytes {
            free(t)
            t.pointee.plan_sites = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 8)
            t.pointee.plan_bytes = Int64(bytes)
        }
        let raw = t.pointee.plan_sites.unsafelyUnwrapped
        let index = Int(t.pointee.index)
        var p = (raw + slotBytes).bindMemory(to: ThreadOp.self, capacity: config.plannedOps + 1)
        let general = p + config.plannedOps
        general.initialize(to: generalOp(config.plans[last].unsafelyUnwrapped[0]))
        // Its counter is a word of its own: counted by every firing it takes, read by nobody.
        general.pointee.counter = (UnsafeMutableRawPointer(general) + MemoryLayout<ThreadOp>.offset(of: \ThreadOp.table)!)
            .assumingMemoryBound(to: Int64.self)
        let table = raw.bindMemory(to: UnsafeMutablePointer<ThreadOp>.self, capacity: slots)
        table.initialize(repeating: general, count: slots)
        for site in config.plannedSiteIDs {
            let ops = config.plans[site].unsafelyUnwrapped
            let begin = p
            for op in ops where trace_load_relaxed(op.exitFlag) == 0 {
                p.initialize(to: threadOp(op, index, selfWord: SelfIdiom.word(op, t)))
                p += 1
            }
            // A site whose programs have all exited keeps no ops: the general path skips its exited clauses.
            if p != begin {
                (p - 1).pointee.kind |= ThreadOpKind.last
                table[site] = begin
            }
        }
        trace_publish_plans(t, Int64(slots), generation)
    }

    /// Plan blocks up to this size stay with the thread's recycled state block when the thread exits, for
    /// the next thread to reuse (a new thread's first firing then allocates nothing for its plans).
    static let keptBytes = 4096

    /// The thread's exit: its plans are never run again; their block is freed, or kept for the next thread
    /// in the state block when small.
    static func threadExited(_ t: UnsafeMutablePointer<trace_thread>) {
        trace_plans_invalidate(t)
        if t.pointee.plan_bytes > keptBytes { free(t) }
    }

    private static func free(_ t: UnsafeMutablePointer<trace_thread>) {
        t.pointee.plan_sites?.deallocate()
        t.pointee.plan_sites = nil
        trace_plans_invalidate(t)
        t.pointee.plan_bytes = 0
    }

    /// The thread's `general` op (its counter set by the caller; `op` lends it a clause's unretained aggregation, never used).
    private static func generalOp(_ op: SiteOp) -> ThreadOp {
        ThreadOp(counter: op.counters, cell: nil, kind: ThreadOpKind.general, function: 0, compares: false, keyed: false,
                 constantKey: false, entryWidth: 0, tableWord: nil, table: 0, words: op.words, aggregation: op.aggregation)
    }

    private static func threadOp(_ op: SiteOp, _ index: Int, selfWord: UnsafeMutablePointer<Int64>?) -> ThreadOp {
        let keyed = op.keyWidth != 0
        let constantKey = keyed && op.computed == nil && op.words.keyMask0 == 0 && op.words.keyMask1 == 0
        var p = ThreadOp(counter: op.counters + index &* ProgramInstance.counterStride, cell: nil, kind: ThreadOpKind.other,
                         function: op.function, compares: op.compares, keyed: keyed, constantKey: constantKey, entryWidth: op.entryWidth,
                         tableWord: nil, table: 0, words: op.words, aggregation: op.aggregation)
        if let meta = op.metas[index], meta[0] == trace_load_acquire(op.generation) {
            if !keyed {
                p.cell = UnsafeMutablePointer(bitPattern: Int(meta[3]))
            } else if constantKey {
                p.tableWord = meta + 2
                p.table = meta[2]
                p.cell = findOne(meta, op.words.keyConstant, entryWidth: Int(op.entryWidth))
            } else {
                p.cell = meta
            }
        }
        p.computed = op.computed
        p.sources = op.sources
        p.selfWord = selfWord
        p.printf = op.printf
        p.kind = kind(p)
        return p
    }

    /// The op's kind for what it holds now.
    private static func kind(_ p: ThreadOp) -> UInt8 {
        if p.printf != nil { return ThreadOpKind.other | ThreadOpKind.printf }
        if p.computed != nil { return StringKeyPlans.kind(p) }
        if let k = quantizeKind(p) { return k }
        guard p.cell != nil, !p.keyed || p.constantKey, p.function < 2 else { return ThreadOpKind.other }
        return (p.function == 1 ? ThreadOpKind.sum : 0) | (p.constantKey ? ThreadOpKind.constantKey : 0)
            | (p.compares ? ThreadOpKind.predicate : 0)
    }

    /// After op `p` of a function it continued in: the firing's end when it is the site's last op, else the rest of the
    /// ops (continueSlow inlines that loop instead).
    @inline(__always)
    static func afterOp(_ w0: Int64, _ w1: Int64, _ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>) {
        if p.pointee.kind & ThreadOpKind.last != 0 { return Dispatcher.endFiring(t) }
        run(w0, w1, p + 1, t)
    }

    /// Runs a site's ops for one firing and ends it (the slow path's copy; the entry points inline `runAndEnd`).
    @inline(never)
    static func run(_ w0: Int64, _ w1: Int64, _ ops: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>) {
        runAndEnd(ops, t, w0, w1)
    }

    /// `runAndEnd` for ops that are not the thread's `general` op (`ops`, the slow paths, the ops after a first).
    @inline(__always)
    static func runAndEnd(_ first: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64) {
        runAndEnd(first, t, w0, w1) { Dispatcher.endFiring(t) }
    }

    /// Runs the ops from `first` to the site's last one for one firing with argument words `w0` and `w1`, then
    /// ends the firing. A count or a sum at value words the op holds (unkeyed or a constant key), after an
    /// `argument OP constant` predicate, runs inline; any other op continues in `continueSlow`, a tail call, so the
    /// entry point this is inlined into saves no register.
    ///
    /// `general` is the entry point's general path, for the thread's `general` op (a site without a plan); the
    /// count-down `planned` took is given back first, since the general path counts the firing itself.
    @inline(__always)
    static func runAndEnd(_ first: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64,
                          general: () -> Void) {
        var p = first
        while true {
            trace_add_relaxed(p.pointee.counter, 1)
            let kind = p.pointee.kind
            if _fastPath(kind == ThreadOpKind.last) {
                // The commonest site: one plain count (one compare for the kind and the end).
                trace_add_relaxed(p.pointee.cell.unsafelyUnwrapped, 1)
                break
            }
            if kind & ThreadOpKind.other != 0 {
                if kind & ThreadOpKind.stringKey != 0 { return continueStringKey(w0, w1, p, t) }
                if kind & ThreadOpKind.quantize != 0 { return continueQuantize(w0, w1, p, t) }
                if kind & ThreadOpKind.compact != 0 { return continueCompact(w0, w1, p, t) }
                if kind & ThreadOpKind.printf != 0 { return continuePrintf(w0, w1, p, t) }
                if kind == ThreadOpKind.general {
                    trace_countdown_undo(t)
                    return general()
                }
                return continueSlow(w0, w1, p, t)
            }
            if kind & (ThreadOpKind.sum | ThreadOpKind.constantKey | ThreadOpKind.predicate) == 0 {
                // A plain count with more ops after it (kind 0, as a bit test: the compiler then builds no jump table of
                // it and the three cases below, which costs every kind more than the compares).
                trace_add_relaxed(p.pointee.cell.unsafelyUnwrapped, 1)
                p += 1
                continue
            }
            // The other common last ops, each reached in a compare or two: a sum, a constant key, a constant key
            // behind a predicate.
            switch kind {
            case ThreadOpKind.sum | ThreadOpKind.last:
                trace_add_relaxed(p.pointee.cell.unsafelyUnwrapped, p.pointee.words.value(w0, w1))
                return Dispatcher.endFiring(t)
            case ThreadOpKind.constantKey | ThreadOpKind.last:
                if trace_load_relaxed(p.pointee.tableWord.unsafelyUnwrapped) != p.pointee.table { return continueSlow(w0, w1, p, t) }
                trace_add_relaxed(p.pointee.cell.unsafelyUnwrapped, 1)
                return Dispatcher.endFiring(t)
            case ThreadOpKind.predicate | ThreadOpKind.constantKey | ThreadOpKind.last:
                if p.pointee.words.passes(w0, w1) {
                    if trace_load_relaxed(p.pointee.tableWord.unsafelyUnwrapped) != p.pointee.table { return continueSlow(w0, w1, p, t) }
                    trace_add_relaxed(p.pointee.cell.unsafelyUnwrapped, 1)
                }
                return Dispatcher.endFiring(t)
            default:
                break
            }
            if kind & ThreadOpKind.predicate == 0 || p.pointee.words.passes(w0, w1) {
                if kind & ThreadOpKind.constantKey != 0 && trace_load_relaxed(p.pointee.tableWord.unsafelyUnwrapped) != p.pointee.table {
                    return continueSlow(w0, w1, p, t)
                }
                trace_add_relaxed(p.pointee.cell.unsafelyUnwrapped, kind & ThreadOpKind.sum == 0 ? 1 : p.pointee.words.value(w0, w1))
            }
            if kind & ThreadOpKind.last != 0 { break }
            p += 1
        }
        Dispatcher.endFiring(t)
    }

    /// Op `p` (its counter counted) the longer way — its predicate, its key (a constant's cached entry, checked
    /// against the shard's table, or an argument looked up in the thread's shard), value words found through
    /// the aggregation when the thread has none yet (a new shard, a shard behind a clear, a new key), a count, sum,
    /// avg, min or max (a quantize runs in continueQuantize) — then the rest of the ops and the firing's end.
    @inline(never)
    private static func continueSlow(_ w0: Int64, _ w1: Int64, _ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>) {
        let x = p.pointee.words.value(w0, w1)
        if !p.pointee.compares || p.pointee.words.passes(w0, w1) {
            let k = p.pointee.keyed ? p.pointee.words.key(w0, w1) : 0
            var v: UnsafeMutablePointer<Int64>?
            if let cell = p.pointee.cell {
                if !p.pointee.keyed {
                    v = cell
                } else if p.pointee.constantKey {
                    if trace_load_relaxed(p.pointee.tableWord.unsafelyUnwrapped) == p.pointee.table { v = cell }
                } else {
                    v = findOne(cell, k, entryWidth: Int(p.pointee.entryWidth))
                }
            }
            if v == nil { v = resolve(p, t, k) }
            if let v { SitePlan.update(p.pointee.function, v, x) }
        }
        if p.pointee.kind & ThreadOpKind.last != 0 { return Dispatcher.endFiring(t) }
        runAndEnd(p + 1, t, w0, w1)
    }

    /// AggregationShard.find for a one-word key, the key in a register.
    @inline(__always)
    static func findOne(_ meta: UnsafeMutablePointer<Int64>, _ key: Int64, entryWidth: Int) -> UnsafeMutablePointer<Int64>? {
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
    static func resolve(_ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ key: Int64) -> UnsafeMutablePointer<Int64>? {
        var k = key
        let index = Int(t.pointee.index)
        return p.pointee.aggregation._withUnsafeGuaranteedRef { a in
            let v = withUnsafePointer(to: &k) { a.valuesSlow(index, $0) }
            guard let v, let meta = a.metas[index] else { return v }
            if !p.pointee.keyed {
                p.pointee.cell = v
            } else if p.pointee.constantKey {
                p.pointee.cell = v
                p.pointee.tableWord = meta + 2
                p.pointee.table = meta[2]
            } else {
                p.pointee.cell = meta
            }
            p.pointee.kind = kind(p.pointee) | (p.pointee.kind & ThreadOpKind.last)
            return v
        }
    }
}
