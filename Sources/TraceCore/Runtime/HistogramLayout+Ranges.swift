// The inclusive value range of each bucket: the percentile estimates and the Prometheus `le` bounds use it.

extension HistogramLayout {
    /// The inclusive range of values bucket `i` holds; nil for an unbounded side (`< low`, `>= high`).
    public func bucketRange(_ i: Int) -> (lowest: Int64?, highest: Int64?) {
        switch kind {
        case .quantize:
            if i == 64 { return (0, 0) }
            if i > 64 {
                let k = Int64(i - 65)
                let lo = Int64(1) << k
                return (lo, k == 62 ? Int64.max : (lo << 1) - 1)
            }
            let k = Int64(63 - i)
            if k == 63 { return (Int64.min, Int64.min) }
            // (-2^(k+1), -2^k]
            let hi = -(Int64(1) << k)
            return (k == 62 ? Int64.min + 1 : -(Int64(1) << (k + 1)) + 1, hi)
        case .linear, .logLinear:
            if isUnderflow(i) { return (nil, lowerBounds[1] &- 1) }
            if isOverflow(i) { return (lowerBounds[i], nil) }
            return (lowerBounds[i], lowerBounds[i + 1] &- 1)
        }
    }
}
