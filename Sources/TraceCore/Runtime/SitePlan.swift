import CTraceCore

// The plan of a probe site whose clauses are all direct aggregations reading at most the first two
// argument words: plain words in one block, run by an event probe's entry point with its arguments
// still in registers — no frame is built, no closure or class is touched, nothing is retained.

/// One direct clause as a firing reads it: every pointer it follows and every constant, in one struct.
struct SiteOp {
    /// DirectFunction, as a small integer (0 count, 1 sum, 2 avg, 3 min, 4 max, 5 quantize).
    var function: UInt8
    /// True when a predicate `argument OP constant` guards the clause: it passes when the argument word
    /// lies in `low...high`, or outside it when `inverted` (`!=`).
    var compares: Bool
    var inverted: Bool
    var keyWidth: Int32
    var entryWidth: Int32
    /// The key is `(w0 & keyMask0) | (w1 & keyMask1) | keyConstant`: a constant, an argument word or 0.
    var keyMask0: Int64
    var keyMask1: Int64
    var keyConstant: Int64
    /// The value, the same way.
    var valueMask0: Int64
    var valueMask1: Int64
    var valueConstant: Int64
    /// The compared argument word is `(w0 & compareMask0) | (w1 & compareMask1)`.
    var compareMask0: Int64
    var compareMask1: Int64
    var low: Int64
    var high: Int64
    var exitFlag: UnsafeMutablePointer<Int64>
    var counters: UnsafeMutablePointer<Int64>
    var metas: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>
    var generation: UnsafeMutablePointer<Int64>
    /// For the rare path (a new shard, a drop): unretained, the configuration keeps its clause alive.
    var aggregation: Unmanaged<Aggregation>
}

enum SitePlan {
    /// The ops of a site's clauses, or nil when some clause needs the general path.
    static func make(_ clauses: [CompiledClause]) -> UnsafeMutableBufferPointer<SiteOp>? {
        guard !clauses.isEmpty else { return nil }
        var ops: [SiteOp] = []
        for c in clauses {
            guard let op = op(c) else { return nil }
            ops.append(op)
        }
        let buffer = UnsafeMutableBufferPointer<SiteOp>.allocate(capacity: ops.count)
        _ = buffer.initialize(from: ops)
        return buffer
    }

    private static func op(_ c: CompiledClause) -> SiteOp? {
        guard let direct = c.direct?.takeUnretainedValue() else { return nil }
        if c.hasPredicate && !direct.compares { return nil }
        /// The masks and constant of an operand, or nil when it is not a constant or one of the first two words.
        func operand(_ o: DirectOperand, _ index: Int, _ constant: Int64) -> (Int64, Int64, Int64)? {
            switch o {
            case .none: return (0, 0, 0)
            case .constant: return (0, 0, constant)
            case .argument where index == 0: return (-1, 0, 0)
            case .argument where index == 1: return (0, -1, 0)
            default: return nil
            }
        }
        guard let key = operand(direct.key, direct.keyIndex, direct.keyConstant),
              let value = operand(direct.value, direct.valueIndex, direct.valueConstant) else { return nil }
        var low = Int64.min, high = Int64.max, inverted = false
        var compared: (Int64, Int64) = (0, 0)
        if direct.compares {
            guard direct.compareIndex < 2 else { return nil }
            compared = direct.compareIndex == 0 ? (-1, 0) : (0, -1)
            let k = direct.compareConstant
            switch direct.compareOp {
            case .less: if k == .min { return nil }; high = k - 1
            case .lessEqual: high = k
            case .greater: if k == .max { return nil }; low = k + 1
            case .greaterEqual: low = k
            case .equal: low = k; high = k
            case .notEqual: low = k; high = k; inverted = true
            default: return nil
            }
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
        return SiteOp(function: function, compares: direct.compares, inverted: inverted,
                      keyWidth: Int32(a.keyWidth), entryWidth: Int32(a.entryWidth),
                      keyMask0: key.0, keyMask1: key.1, keyConstant: key.2,
                      valueMask0: value.0, valueMask1: value.1, valueConstant: value.2,
                      compareMask0: compared.0, compareMask1: compared.1, low: low, high: high,
                      exitFlag: c.exitFlag, counters: c.counters, metas: a.metas, generation: a.generation,
                      aggregation: direct.aggregation)
    }

    /// Runs a site's ops for one firing with argument words `w0` and `w1`.
    @inline(__always)
    static func run(_ ops: UnsafeMutableBufferPointer<SiteOp>, _ t: UnsafeMutablePointer<trace_thread>, _ w0: Int64, _ w1: Int64) {
        let index = Int(t.pointee.index)
        var p = ops.baseAddress.unsafelyUnwrapped
        let end = p + ops.count
        repeat {
            defer { p += 1 }
            if _slowPath(trace_load_relaxed(p.pointee.exitFlag) != 0) { continue }
            trace_add_relaxed(p.pointee.counters + index &* ProgramInstance.counterStride, 1)
            if p.pointee.compares {
                let w = (w0 & p.pointee.compareMask0) | (w1 & p.pointee.compareMask1)
                if (w >= p.pointee.low && w <= p.pointee.high) == p.pointee.inverted { continue }
            }
            let key = (w0 & p.pointee.keyMask0) | (w1 & p.pointee.keyMask1) | p.pointee.keyConstant
            guard let v = values(p, index, key) else { continue }
            let x = (w0 & p.pointee.valueMask0) | (w1 & p.pointee.valueMask1) | p.pointee.valueConstant
            update(p.pointee.function, v, x)
        } while p != end
    }

    /// The thread's value words for `key` (the aggregation's own lookup, inlined from the op's words).
    @inline(__always)
    private static func values(_ p: UnsafeMutablePointer<SiteOp>, _ index: Int, _ key: Int64) -> UnsafeMutablePointer<Int64>? {
        if let meta = p.pointee.metas[index], _fastPath(meta[0] == trace_load_acquire(p.pointee.generation)) {
            if p.pointee.keyWidth == 0 {
                let cached = meta[3]
                if _fastPath(cached != 0) { return UnsafeMutablePointer(bitPattern: Int(cached)) }
            } else if let v = findOne(meta, key, entryWidth: Int(p.pointee.entryWidth)) {
                return v
            }
        }
        return slowValues(p, index, key)
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

    @inline(never)
    private static func slowValues(_ p: UnsafeMutablePointer<SiteOp>, _ index: Int, _ key: Int64) -> UnsafeMutablePointer<Int64>? {
        var k = key
        // The aggregation counts a refused key or shard as its program's drop.
        return p.pointee.aggregation._withUnsafeGuaranteedRef { a in withUnsafePointer(to: &k) { a.valuesSlow(index, $0) } }
    }

    @inline(__always)
    private static func update(_ function: UInt8, _ v: UnsafeMutablePointer<Int64>, _ x: Int64) {
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
