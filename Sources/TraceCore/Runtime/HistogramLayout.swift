// Bucket layouts of quantize, lquantize and llquantize, shared by the hot path (value → bucket)
// and the formatters (bucket → lower bound).

/// The buckets of one histogram aggregation.
public struct HistogramLayout: Sendable, Equatable, Hashable {
    /// Which function's buckets these are.
    public enum Kind: Sendable, Equatable, Hashable {
        /// Power-of-two buckets: 63 negative, zero, 63 positive (128 in all).
        case quantize
        /// `< low`, then `(high-low)/step` linear buckets, then `>= high`.
        case linear(low: Int64, high: Int64, step: Int64)
        /// `< factor^low`, linear steps inside each power of `factor`, then `>= factor^(high+1)`.
        case logLinear(factor: Int64, lowMagnitude: Int64, highMagnitude: Int64, steps: Int64)
    }

    public let kind: Kind

    /// How many buckets a `quantize` has; its value words are these buckets, then the sum.
    @inline(__always) static var quantizeBucketCount: Int { 128 }
    /// The label of each bucket as DTrace prints it: the lower bound for positive buckets, the bound
    /// nearest zero for negative power-of-two buckets (-2 for (-4, -2]); for `.linear`/`.logLinear`,
    /// bucket 0 is the underflow `< first bound` and holds Int64.min.
    public let lowerBounds: [Int64]

    /// The layout of an aggregation function, or nil if it is not a histogram.
    public init?(function: AggregationFunction) {
        switch function {
        case .quantize: self.init(kind: .quantize)
        case .lquantize(let l, let h, let s): self.init(kind: .linear(low: l, high: h, step: s))
        case .llquantize(let f, let l, let h, let s): self.init(kind: .logLinear(factor: f, lowMagnitude: l, highMagnitude: h, steps: s))
        default: return nil
        }
    }

    /// Builds the layout; parameters must already be valid (see `HistogramLayout.validate`).
    public init(kind: Kind) {
        self.kind = kind
        switch kind {
        case .quantize:
            let n = HistogramLayout.quantizeBucketCount
            var b = [Int64](repeating: 0, count: n)
            for i in 0..<n { b[i] = HistogramLayout.quantizeLowerBound(i) }
            lowerBounds = b
        case .linear(let low, let high, let step):
            var b: [Int64] = [Int64.min]
            var v = low
            while v < high {
                b.append(v)
                let next = v.addingReportingOverflow(step)
                if next.overflow { break }
                v = next.partialValue
            }
            b.append(high)
            lowerBounds = b
        case .logLinear(let factor, let lowMag, let highMag, let steps):
            var b: [Int64] = [Int64.min]
            var power: Int64 = 1
            for _ in 0..<lowMag { power = power.multipliedReportingOverflow(by: factor).partialValue }
            for _ in lowMag...highMag {
                let next = power.multipliedReportingOverflow(by: factor)
                if next.overflow { break }
                let width = Swift.max(1, next.partialValue / steps)
                var v = power
                while v < next.partialValue {
                    b.append(v)
                    v += width
                }
                power = next.partialValue
            }
            b.append(power)
            lowerBounds = b
        }
    }

    /// Why these parameters cannot make a histogram, or nil if they can.
    public static func validate(_ function: AggregationFunction) -> String? {
        switch function {
        case .lquantize(let low, let high, let step):
            if step <= 0 { return "lquantize step must be positive" }
            if high <= low { return "lquantize upper bound must be greater than lower bound" }
            let span = high.subtractingReportingOverflow(low)
            if span.overflow || span.partialValue / step > 10_000 { return "lquantize has more than 10000 buckets" }
            return nil
        case .llquantize(let factor, let low, let high, let steps):
            if factor < 2 { return "llquantize factor must be at least 2" }
            if low < 0 { return "llquantize low magnitude must not be negative" }
            if high < low { return "llquantize high magnitude must not be below the low magnitude" }
            if steps < 1 { return "llquantize steps must be positive" }
            if steps > factor && steps % factor != 0 { return "llquantize steps must divide, or be a multiple of, the factor" }
            if steps <= factor && factor % steps != 0 { return "llquantize steps must divide, or be a multiple of, the factor" }
            var power: Int64 = 1
            for _ in 0...high {
                let next = power.multipliedReportingOverflow(by: factor)
                if next.overflow { return "llquantize magnitude range overflows 64 bits" }
                power = next.partialValue
            }
            return nil
        default:
            return nil
        }
    }

    /// Number of buckets.
    public var count: Int { lowerBounds.count }

    /// Whether bucket `i` is the `< low` underflow row of a linear or log-linear layout.
    public func isUnderflow(_ i: Int) -> Bool {
        if case .quantize = kind { return false }
        return i == 0
    }

    /// Whether bucket `i` is the `>= high` overflow row of a linear or log-linear layout.
    public func isOverflow(_ i: Int) -> Bool {
        if case .quantize = kind { return false }
        return i == lowerBounds.count - 1
    }

    /// The bucket a value falls in.
    @inline(__always)
    public func bucket(of value: Int64) -> Int {
        switch kind {
        case .quantize:
            return HistogramLayout.quantizeBucket(value)
        case .linear(let low, let high, let step):
            if value < low { return 0 }
            if value >= high { return lowerBounds.count - 1 }
            return 1 + Int((value - low) / step)
        case .logLinear:
            // Binary search: the last bound <= value.
            if value < lowerBounds[1] { return 0 }
            var lo = 1, hi = lowerBounds.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) >> 1
                if lowerBounds[mid] <= value { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
    }

    /// Power-of-two bucket: 64 holds 0; 65+k holds [2^k, 2^(k+1)); 63-k holds (-2^(k+1), -2^k].
    @inline(__always)
    public static func quantizeBucket(_ value: Int64) -> Int {
        if value > 0 { return 65 + (63 - value.leadingZeroBitCount) }
        if value == 0 { return 64 }
        let magnitude = value == Int64.min ? UInt64(1) << 63 : UInt64(-value)
        return 63 - (63 - magnitude.leadingZeroBitCount)
    }

    /// The value a power-of-two bucket is labelled with.
    public static func quantizeLowerBound(_ i: Int) -> Int64 {
        if i == 64 { return 0 }
        if i > 64 { return Int64(1) << Int64(i - 65) }
        let k = 63 - i
        return k == 63 ? Int64.min : -(Int64(1) << Int64(k))
    }
}
