// Percentiles estimated from a histogram's buckets (the extra line under every histogram, and JSON).
//
// Method: the p-th percentile is the value at continuous rank r = p/100 × count. Walking the
// buckets in order, the first bucket whose cumulative count reaches r holds it; inside that
// bucket the values are assumed evenly spread over its integer range [lo, hi], so the estimate
// is lo + ⌊(r − before) / n × (hi − lo + 1)⌋, clamped to hi (`before` = count below the bucket,
// `n` = the bucket's count). The end buckets of lquantize/llquantize have one finite edge and
// report it: a percentile in `< low` is `low − 1` (its largest value), in `>= high` it is `high`.
// `max` is the largest value the highest populated bucket can hold (its inclusive upper edge,
// e.g. 131071 for [65536, 131072)); for a `>= high` bucket it is `high`.
import TraceCore

/// Count, p50, p90, p99 and max of a histogram, estimated from its buckets.
public struct Percentiles: Sendable, Equatable {
    /// Number of recorded values.
    public var count: Int64
    /// Median estimate.
    public var p50: Int64
    /// 90th percentile estimate.
    public var p90: Int64
    /// 99th percentile estimate.
    public var p99: Int64
    /// Inclusive upper edge of the highest populated bucket (its lower bound for a `>= high` bucket).
    public var max: Int64

    /// Creates the figures directly.
    public init(count: Int64, p50: Int64, p90: Int64, p99: Int64, max: Int64) {
        self.count = count; self.p50 = p50; self.p90 = p90; self.p99 = p99; self.max = max
    }

    /// Estimates the percentiles from the buckets (see the file header for the method); all zero when empty.
    public init(_ histogram: HistogramValue) {
        let n = Swift.min(histogram.counts.count, histogram.layout.count)
        var total: Int64 = 0
        var highest = -1
        for i in 0..<n where histogram.counts[i] > 0 {
            total &+= histogram.counts[i]
            highest = i
        }
        guard total > 0 else {
            self.init(count: 0, p50: 0, p90: 0, p99: 0, max: 0)
            return
        }
        func estimate(_ fraction: Double) -> Int64 {
            let rank = fraction * Double(total)
            var before: Int64 = 0
            for i in 0..<n {
                let c = histogram.counts[i]
                guard c > 0 else { continue }
                if Double(before + c) >= rank || i == highest {
                    let range = histogram.layout.bucketRange(i)
                    guard let lo = range.lowest else { return range.highest! }        // `< low`: low - 1
                    guard let hi = range.highest else { return lo }                   // `>= high`: report high
                    let width = Double(hi) - Double(lo) + 1
                    let inside = Swift.max(0, Swift.min(1, (rank - Double(before)) / Double(c)))
                    let offset = Swift.min((inside * width).rounded(.down), width - 1)
                    let value = lo &+ Int64(offset)
                    return Swift.min(Swift.max(value, lo), hi)
                }
                before += c
            }
            return 0
        }
        let top = histogram.layout.bucketRange(highest)
        self.init(count: total, p50: estimate(0.50), p90: estimate(0.90), p99: estimate(0.99),
                  max: top.highest ?? top.lowest!)
    }
}
