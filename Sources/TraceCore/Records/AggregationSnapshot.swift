// What a reader gets back for one aggregation: every thread's shard merged, keys decoded. The one value
// model of aggregation output: the console renders it (Console/Formatting) and the attach protocol carries
// it as it is (Codable, in AggregationSnapshot+Codable.swift).

/// One component of an aggregation key: an integer or a string, like any value a reader sees.
public typealias KeyComponent = TraceValue

/// A merged histogram: one count per bucket of its layout, and the true sum of the recorded values.
public struct HistogramValue: Sendable, Equatable {
    /// The buckets the counts are for.
    public var layout: HistogramLayout
    /// `counts[i]` is the number of values that fell in bucket `i` of `layout`.
    public var counts: [Int64]
    /// The sum of every recorded value (wrapping on overflow, as `sum()` does).
    public var sum: Int64
    /// Creates a histogram value.
    public init(layout: HistogramLayout, counts: [Int64], sum: Int64 = 0) { self.layout = layout; self.counts = counts; self.sum = sum }
    /// Total number of values recorded.
    public var total: Int64 { counts.reduce(0, &+) }
}

/// The merged value of one key.
public enum AggregationValue: Sendable, Equatable {
    /// count, sum, min, max.
    case scalar(Int64)
    /// avg: the value is `sum / count`.
    case average(count: Int64, sum: Int64)
    /// stddev: population standard deviation of the recorded values (the sum of squares exact, in 128 bits).
    case deviation(count: Int64, sum: Int64, sumOfSquares: UInt128)
    /// quantize, lquantize, llquantize.
    case histogram(HistogramValue)

    /// The number used to sort rows (DTrace sorts by value; histograms by total count); the runtime's
    /// `trunc` keeps the largest by it, the formatters order rows by it.
    public var sortWeight: Double {
        switch self {
        case .scalar(let v): return Double(v)
        case .average(let c, let s): return c == 0 ? 0 : Double(s) / Double(c)
        case .deviation(let c, let s, let q):
            return StandardDeviation.exact(count: c, sum: s, sumOfSquares: q)
        case .histogram(let h): return Double(h.total)
        }
    }
}

/// One row of an aggregation.
public struct AggregationEntry: Sendable, Equatable {
    /// One component per key expression (empty for an unkeyed aggregation).
    public var key: [KeyComponent]
    /// The merged value.
    public var value: AggregationValue
    /// Creates a row.
    public init(key: [KeyComponent], value: AggregationValue) { self.key = key; self.value = value }
}

/// A merged, consistent read of one aggregation of one program.
public struct AggregationSnapshot: Sendable, Equatable {
    /// The program the aggregation belongs to.
    public var program: String
    /// Name without '@' ("" for the anonymous aggregation).
    public var name: String
    /// The aggregating function, with its parameters.
    public var function: AggregationFunction
    /// The type of each key component.
    public var keyTypes: [ValueType]
    /// Rows in no particular order; formatters sort them.
    public var entries: [AggregationEntry]
    /// New keys refused because a shard was at the key limit.
    public var drops: Int64
    /// Whether a `printa`/`print` statement has shown it (the end of a run prints only the others, as DTrace does).
    public var printed: Bool
    /// The order its program lists rows in (`#pragma D option aggsort…`).
    public var order: AggregationOrder
    /// Creates a snapshot.
    public init(program: String, name: String, function: AggregationFunction, keyTypes: [ValueType], entries: [AggregationEntry], drops: Int64 = 0,
                printed: Bool = false, order: AggregationOrder = .byValue) {
        self.program = program; self.name = name; self.function = function; self.keyTypes = keyTypes
        self.entries = entries; self.drops = drops; self.printed = printed; self.order = order
    }
}
