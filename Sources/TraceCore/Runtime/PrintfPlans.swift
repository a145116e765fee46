import CTraceCore
import TraceSystem

// Site-plan ops of a printf of integers: a clause that is one `printf(FMT, …)` or `trace(…)` of at most three values,
// each an argument, `retval`, `elapsed` or a constant, behind no predicate or an `argument OP constant` one
// (StatementCompiler.printfPlan), op kind `other | printf`. They run off the entry point's inlined loop
// (ThreadPlans.runAndEnd) in a function of their own: the record is reserved in the thread's ring and its words written
// in place — no frame, no closure, no array — as the clause's compiled closure writes them (TraceRing.writeThreeInts
// beside TraceRing.writeInts), so the reader, `trace`, `printa` and every output path see the same record. A thread with
// no ring yet, a ring of an older buffer size, and a record that would wrap past the ring's end or pass the tail the
// thread last read take `printfSlow`, the general path's own append, which makes the ring, wraps the record, or drops it
// and counts the drop when the ring is full.

extension ThreadOpKind {
    /// With `other`: a printf of integers (PrintfOperands), run in `continuePrintf`. The bit is `sum`'s, which no
    /// other op with `other` has.
    static let printf: UInt8 = 1
}

/// One value of a planned printf as a site's firings compute it: `(w0 & mask0) | (w1 & mask1) | constant`.
struct PrintfValue {
    var mask0: Int64
    var mask1: Int64
    var constant: Int64
}

/// A planned printf's record at sites whose firings pass the same two words, with three PrintfValues (the ones past
/// `count` 0) right after it in the same allocation; read-only once made and shared by every thread.
struct PrintfOperands {
    /// TraceRing.intsHeader(count).
    var header: Int64
    var formatID: Int64
    /// At most three.
    var count: Int
    /// The trace rings' slot table (OutputCollector.rings.slots), indexed by thread.
    var rings: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    /// For a drop: unretained, the clause keeps its program alive.
    var program: Unmanaged<ProgramInstance>

    /// Value `i` of the record `o` at a firing that passes `w0` and `w1`.
    @inline(__always)
    static func value(_ o: UnsafeMutablePointer<PrintfOperands>, _ i: Int, _ w0: Int64, _ w1: Int64) -> Int64 {
        let v = UnsafeMutableRawPointer(o + 1).assumingMemoryBound(to: PrintfValue.self) + i
        return (w0 & v.pointee.mask0) | (w1 & v.pointee.mask1) | v.pointee.constant
    }
}

/// A clause that is one printf of integers, as the site planner takes it: its values, its predicate, and the operands
/// its site ops point at, one block for each pair of words sites pass it (made once, freed with the clause).
final class PrintfPlan {
    /// SiteOp.function of a printf op.
    static let function: UInt8 = 8

    /// Each value: the PlanSources source of the word it is (an argument, `retval`, `elapsed`), or -1 and the constant.
    let values: [(source: Int, constant: Int64)]
    /// The sources of the words it reads (its values' and its predicate's argument), for ReturnPlans.sources.
    let sources: [UInt8]
    /// The `argument OP constant` predicate (DirectAggregate.comparison), if any.
    let comparison: (Int, BinaryOperator, Int64)?
    let formatID: Int64
    let program: Unmanaged<ProgramInstance>
    /// The operands by the two words sites pass (PlanSources as 16 bits).
    private let operands = Lock<[UInt16: UnsafeMutablePointer<PrintfOperands>]>([:])

    init(formatID: Int64, values: [(source: Int, constant: Int64)], comparison: (Int, BinaryOperator, Int64)?, program: ProgramInstance) {
        self.formatID = formatID
        self.values = values
        self.comparison = comparison
        self.program = .passUnretained(program)
        sources = values.compactMap { $0.source >= 0 ? UInt8($0.source) : nil } + (comparison.map { [UInt8($0.0)] } ?? [])
    }

    deinit {
        operands.withLock { for o in $0.values { UnsafeMutableRawPointer(o).deallocate() } }
    }

    /// The operands of sites whose firings pass the words `sources` names, or nil when a value is another word.
    private func operands(_ sources: PlanSources) -> UnsafeMutablePointer<PrintfOperands>? {
        var masks: [PrintfValue] = []
        for v in values {
            guard let m = v.source < 0 ? (0, 0, v.constant) : SitePlan.masks(source: UInt8(v.source), sources) else { return nil }
            masks.append(PrintfValue(mask0: m.0, mask1: m.1, constant: m.2))
        }
        let key = UInt16(sources.w0) << 8 | UInt16(sources.w1)
        return operands.withLock { table in
            if let o = table[key] { return o }
            // Three values (continuePrintf writes three): the ones past `count` are the constant 0.
            let stored = masks + Array(repeating: PrintfValue(mask0: 0, mask1: 0, constant: 0), count: 3 - masks.count)
            let bytes = MemoryLayout<PrintfOperands>.stride + stored.count * MemoryLayout<PrintfValue>.stride
            let o = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 8).bindMemory(to: PrintfOperands.self, capacity: 1)
            o.initialize(to: PrintfOperands(header: TraceRing.intsHeader(masks.count), formatID: formatID, count: masks.count, rings: OutputCollector.shared.rings.slots, program: program))
            UnsafeMutableRawPointer(o + 1).bindMemory(to: PrintfValue.self, capacity: stored.count).initialize(from: stored, count: stored.count)
            table[key] = o
            return o
        }
    }

    /// The clause's op in a site plan whose firings pass the words `sources` names, or nil when it reads another word.
    /// It updates no aggregation: its op carries `PrintfPlan.noAggregation`, whose value words the op never looks for.
    func siteOp(_ c: CompiledClause, _ sources: PlanSources) -> SiteOp? {
        guard let o = operands(sources) else { return nil }
        var compare = SitePlan.noComparison
        if let (i, op, k) = comparison {
            guard let words = SitePlan.comparison(i, op, k, sources) else { return nil }
            compare = words
        }
        let words = SiteOpWords(keyMask0: 0, keyMask1: 0, keyConstant: 0, valueMask0: 0, valueMask1: 0, valueConstant: 0,
                                compareMask0: compare.mask0, compareMask1: compare.mask1, low: compare.low, high: compare.high,
                                inverted: compare.inverted)
        let a = PrintfPlan.noAggregation
        return SiteOp(function: PrintfPlan.function, compares: comparison != nil, keyWidth: 0, entryWidth: Int32(a.entryWidth), words: words,
                      exitFlag: c.exitFlag, counters: c.counters, metas: a.metas, generation: a.generation, aggregation: .passUnretained(a),
                      sources: sources, printf: o)
    }

    /// The aggregation a printf op carries where a SiteOp has one: no thread ever has a shard of it.
    static let noAggregation: Aggregation = {
        let account = MemoryAccount()
        return Aggregation(program: "", declaration: AggregationDeclaration(name: "", function: .count, keyTypes: []),
                           strings: StringTable(limit: 0, account: account), account: account, drops: DropCounters())
    }()
}

extension ThreadPlans {
    /// Op `p` (its counter counted), a printf of integers: its predicate, then the record written in place at the head
    /// of the thread's ring; then the rest of the ops and the firing's end. Anything but a ring of the current buffer
    /// size with room for the record before its end continues in `printfSlow`.
    @inline(never)
    static func continuePrintf(_ w0: Int64, _ w1: Int64, _ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>) {
        if !p.pointee.compares || p.pointee.words.passes(w0, w1) {
            let o = p.pointee.printf.unsafelyUnwrapped
            guard let slot = trace_load_pointer_acquire(o.pointee.rings + Int(t.pointee.index)) else { return printfSlow(p, t, w0, w1) }
            // The ring's positions, which hold its capacity, words and epoch (TraceRing.positions).
            let s = Unmanaged<TraceRing>.fromOpaque(slot)._withUnsafeGuaranteedRef { $0.positions }
            // Room for three values is asked for any record (its values past `count` are the constant 0 and lie past its
            // end): no branch per value.
            guard s[4] == trace_buffer_epoch_load(), let at = TraceRing.reserveContiguous(s, 10) else { return printfSlow(p, t, w0, w1) }
            let count = o.pointee.count
            TraceRing.writeThreeInts(at, header: o.pointee.header, formatID: o.pointee.formatID, count: count) { i in
                PrintfOperands.value(o, i, w0, w1)
            }
            TraceRing.commit(s, adding: 4 &+ 2 &* count)
        }
        afterOp(w0, w1, p, t)
    }

    /// `continuePrintf` through the general path's append (OutputCollector.withRing): the thread's ring made or
    /// remade, a record that wraps, a full ring's drop counted; then the rest.
    @inline(never)
    private static func printfSlow(_ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64) {
        let o = p.pointee.printf.unsafelyUnwrapped
        let stored = OutputCollector.shared.withRing(t) { ring in
            ring.appendInts(formatID: o.pointee.formatID, count: o.pointee.count) { i in PrintfOperands.value(o, i, w0, w1) }
        }
        if !stored { o.pointee.program._withUnsafeGuaranteedRef { $0.countDrop(.traceBuffer) } }
        afterOp(w0, w1, p, t)
    }
}
