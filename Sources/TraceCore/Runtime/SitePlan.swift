import CTraceCore

// The plan of a probe site whose clauses are all direct aggregations reading at most the first two
// argument words: plain words in one block per configuration, which each thread copies into its own
// plans with its addresses resolved (ThreadPlans) and runs from an event probe's entry point with
// the arguments still in registers — no frame is built, no closure or class is touched, nothing is retained.

/// The operands of a planned op, as masks over the first two argument words and constants.
struct SiteOpWords {
    /// The key is `(w0 & keyMask0) | (w1 & keyMask1) | keyConstant`: a constant, an argument word or 0.
    var keyMask0: Int64
    var keyMask1: Int64
    var keyConstant: Int64
    /// The value, the same way.
    var valueMask0: Int64
    var valueMask1: Int64
    var valueConstant: Int64
    /// The compared argument word is `(w0 & compareMask0) | (w1 & compareMask1)`; a predicate passes when
    /// it lies in `low...high`, or outside it when `inverted` (`!=`).
    var compareMask0: Int64
    var compareMask1: Int64
    var low: Int64
    var high: Int64
    var inverted: Bool

    @inline(__always)
    func key(_ w0: Int64, _ w1: Int64) -> Int64 { (w0 & keyMask0) | (w1 & keyMask1) | keyConstant }

    @inline(__always)
    func value(_ w0: Int64, _ w1: Int64) -> Int64 { (w0 & valueMask0) | (w1 & valueMask1) | valueConstant }

    @inline(__always)
    func passes(_ w0: Int64, _ w1: Int64) -> Bool {
        let w = (w0 & compareMask0) | (w1 & compareMask1)
        return (w >= low && w <= high) != inverted
    }
}

/// One direct clause as a configuration keeps it: every pointer it follows and every constant, in one struct.
struct SiteOp {
    /// DirectFunction, as a small integer (0 count, 1 sum, 2 avg, 3 min, 4 max, 5 quantize).
    var function: UInt8
    /// True when a predicate `argument OP constant` guards the clause (`words.passes`).
    var compares: Bool
    var keyWidth: Int32
    var entryWidth: Int32
    var words: SiteOpWords
    var exitFlag: UnsafeMutablePointer<Int64>
    var counters: UnsafeMutablePointer<Int64>
    var metas: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>
    var generation: UnsafeMutablePointer<Int64>
    /// For the rare path (a new shard, a drop): unretained, the configuration keeps its clause alive.
    var aggregation: Unmanaged<Aggregation>
    /// A compact key or value (CompactOperands), run by `ThreadPlans.continueGeneric`; nil for the mask form.
    /// Unretained, as `aggregation`.
    var computed: UnsafeMutablePointer<CompactOperands>? = nil
    /// Where a firing takes `w0` and `w1` from (`ReturnPlans.word`): (0, 1) at event sites; a return site's
    /// two words may be any argument, `retval` or `elapsed` (`ReturnPlans.sources`), the same for all its ops.
    var sources: PlanSources = .arguments
    /// The `self->ts` idiom's ops (SelfIdiom): the program whose `self->` word `selfSlot` the op reads or writes.
    var selfProgram: Unmanaged<ProgramInstance>? = nil
    var selfSlot: Int = 0
    /// A printf of integers (PrintfPlans): its record's operands, owned by the clause's PrintfPlan.
    var printf: UnsafeMutablePointer<PrintfOperands>? = nil
}

enum SitePlan {
    /// The ops of a site's clauses, or nil when some clause needs the general path.
    static func make(_ clauses: [CompiledClause]) -> UnsafeMutableBufferPointer<SiteOp>? {
        guard !clauses.isEmpty, let sources = ReturnPlans.sources(clauses) else { return nil }
        var ops: [SiteOp] = []
        for c in clauses {
            guard let op = op(c, sources) else { return nil }
            ops.append(op)
        }
        let buffer = UnsafeMutableBufferPointer<SiteOp>.allocate(capacity: ops.count)
        _ = buffer.initialize(from: ops)
        return buffer
    }

    private static func op(_ c: CompiledClause, _ sources: PlanSources) -> SiteOp? {
        if let idiom = c.selfIdiom { return idiom.siteOp(c, sources) }
        if let printf = c.printf { return printf.siteOp(c, sources) }
        guard let direct = c.direct?.takeUnretainedValue() else { return nil }
        if c.hasPredicate && !direct.compares { return nil }
        if let computed = direct.computedStorage, !computed.plannable || !ReturnPlans.fits(computed, sources) { return nil }
        func operand(_ o: DirectOperand, _ index: Int, _ constant: Int64) -> (Int64, Int64, Int64)? { masks(o, index, constant, sources) }
        guard let key = operand(direct.key, direct.keyIndex, direct.keyConstant),
              let value = operand(direct.value, direct.valueIndex, direct.valueConstant) else { return nil }
        var compare = noComparison
        if direct.compares {
            guard let c = comparison(direct.compareIndex, direct.compareOp, direct.compareConstant, sources) else { return nil }
            compare = c
        }
        let function: UInt8
        switch direct.function {
        case .count: function = 0
        case .sum: function = 1
        case .avg: function = 2
        case .min: function = 3
        case .max: function = 4
        case .quantize: function = 5
        }
        let a = direct.aggregation.takeUnretainedValue()
        guard a.keyWidth == (direct.key == .none ? 0 : 1) else { return nil }
        let words = SiteOpWords(keyMask0: key.0, keyMask1: key.1, keyConstant: key.2,
                                valueMask0: value.0, valueMask1: value.1, valueConstant: value.2,
                                compareMask0: compare.mask0, compareMask1: compare.mask1, low: compare.low, high: compare.high,
                                inverted: compare.inverted)
        return SiteOp(function: function, compares: direct.compares, keyWidth: Int32(a.keyWidth), entryWidth: Int32(a.entryWidth),
                      words: words, exitFlag: c.exitFlag, counters: c.counters, metas: a.metas, generation: a.generation,
                      aggregation: direct.aggregation, computed: direct.computed, sources: sources)
    }

    /// The words of `SiteOpWords.passes` for an `argument OP constant` predicate (the compared word's masks, the
    /// range it passes in, outside it when inverted), or nil when the argument is not one of the site's two words.
    static func comparison(_ index: Int, _ op: BinaryOperator, _ k: Int64, _ sources: PlanSources) -> Comparison? {
        guard let w = masks(.argument, index, 0, sources) else { return nil }
        var c = Comparison(mask0: w.0, mask1: w.1, low: .min, high: .max, inverted: false)
        switch op {
        case .less: if k == .min { return nil }; c.high = k - 1
        case .lessEqual: c.high = k
        case .greater: if k == .max { return nil }; c.low = k + 1
        case .greaterEqual: c.low = k
        case .equal: c.low = k; c.high = k
        case .notEqual: c.low = k; c.high = k; c.inverted = true
        default: return nil
        }
        return c
    }

    /// A predicate's words in SiteOpWords (`comparison`).
    typealias Comparison = (mask0: Int64, mask1: Int64, low: Int64, high: Int64, inverted: Bool)
    /// The words of no predicate.
    static let noComparison: Comparison = (0, 0, .min, .max, false)

    /// The masks and constant of an operand, or nil when it is not a constant or one of the site's two words.
    static func masks(_ o: DirectOperand, _ index: Int, _ constant: Int64, _ sources: PlanSources) -> (Int64, Int64, Int64)? {
        switch o {
        case .none: return (0, 0, 0)
        case .constant: return (0, 0, constant)
        case .compact: return (0, 0, 0)
        default:
            guard let source = PlanSources.source(o, index) else { return nil }
            return masks(source: source, sources)
        }
    }

    /// The masks of the word `source` (PlanSources) names, or nil when it is not one of the site's two words.
    static func masks(source: UInt8, _ sources: PlanSources) -> (Int64, Int64, Int64)? {
        if source == sources.w0 { return (-1, 0, 0) }
        if source == sources.w1 { return (0, -1, 0) }
        return nil
    }

    /// Applies the op's function to the value words `v` with value `x`.
    @inline(__always)
    static func update(_ function: UInt8, _ v: UnsafeMutablePointer<Int64>, _ x: Int64) {
        switch function {
        case 0:
            trace_add_relaxed(v, 1)
        case 1:
            trace_add_relaxed(v, x)
        case 2:
            trace_add_relaxed(v, 1)
            trace_add_relaxed(v + 1, x)
        case 3:
            if v[0] == 0 || x < v[1] { trace_store_relaxed(v + 1, x) }
            trace_add_relaxed(v, 1)
        case 4:
            if v[0] == 0 || x > v[1] { trace_store_relaxed(v + 1, x) }
            trace_add_relaxed(v, 1)
        default:
            trace_add_relaxed(v + HistogramLayout.quantizeBucket(x), 1)
            trace_add_relaxed(v + HistogramLayout.quantizeBucketCount, x)
        }
    }
}
