// `printa(format, @a, @b, …)` as DTrace prints it: one row per key found in any of the aggregations, the
// key components at the format's leading conversions and the i-th `%@` showing the i-th aggregation's
// value at that key (0 where it has none); rows in the program's AggregationOrder (by default the first
// aggregation's value, then the others', ties by key).

/// The joined rows of several aggregations that share their key types.
public enum PrintaJoin {
    /// The rows, rendered with `format`.
    public static func render(_ snapshots: [AggregationSnapshot], format: PrintfFormat, order: AggregationOrder = .byValue) -> String {
        let width = snapshots.count
        var rows: [[KeyComponent]: [Int64]] = [:]
        for (i, s) in snapshots.enumerated() {
            for e in s.entries {
                rows[e.key, default: Array(repeating: 0, count: width)][i] = e.value.printedInteger
            }
        }
        let ordered = rows.sorted { a, b in order.precedes(key: a.key, values: a.value, key: b.key, values: b.value) }
        var out = ""
        for (key, values) in ordered {
            out += format.render(key, aggregations: values.map { .integer($0) })
        }
        return out
    }
}

extension AggregationValue {
    /// The integer DTrace prints for the value: avg the truncated mean, stddev rounded down, histograms their total.
    public var printedInteger: Int64 {
        switch self {
        case .scalar(let v): return v
        case .average(let c, let s): return c == 0 ? 0 : s / c
        case .deviation(let c, let s, let q): return StandardDeviation.integer(count: c, sum: s, sumOfSquares: q)
        case .histogram(let h): return h.total
        }
    }
}
