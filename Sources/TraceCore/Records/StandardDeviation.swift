// stddev from the count, the 64-bit sum and the exact 128-bit sum of squares: the population standard
// deviation √((n·Σx² − (Σx)²) / n²), computed in integers (`integer`, rounded down, as `printa` and the end of
// a run print it) and as a Double (`exact`, for sorting and JSON). Where n·Σx² does not fit 128 bits, the
// mean and the mean of squares are divided first, as DTrace does.

/// The standard deviation of an aggregation row.
public enum StandardDeviation {
    /// The 128-bit sum of squares held in two words (low, high).
    static func squares(_ low: Int64, _ high: Int64) -> UInt128 {
        UInt128(UInt64(bitPattern: high)) << 64 | UInt128(UInt64(bitPattern: low))
    }

    /// The standard deviation rounded down to an integer.
    public static func integer(count: Int64, sum: Int64, sumOfSquares: UInt128) -> Int64 {
        guard count > 0 else { return 0 }
        let n = UInt128(count)
        let s = UInt128(sum.magnitude)
        let (scaled, overflow) = sumOfSquares.multipliedReportingOverflow(by: n)
        if !overflow {
            // ⌊√(N/n²)⌋ = ⌊⌊√N⌋/n⌋ for N = n·Σx² − (Σx)².
            guard scaled > s * s else { return 0 }
            return Int64(clamping: squareRoot(scaled - s * s) / n)
        }
        let mean = s / n
        let meanOfSquares = sumOfSquares / n
        guard meanOfSquares > mean * mean else { return 0 }
        return Int64(clamping: squareRoot(meanOfSquares - mean * mean))
    }

    /// The population standard deviation, as exactly as a Double holds it.
    public static func exact(count: Int64, sum: Int64, sumOfSquares: UInt128) -> Double {
        guard count > 0 else { return 0 }
        // n·Σx² − (Σx)², in 256 bits' worth of care: both terms fit UInt128 unless n·Σx² overflows.
        let n = UInt128(count)
        let (scaled, overflow) = sumOfSquares.multipliedReportingOverflow(by: n)
        let s = UInt128(sum.magnitude)
        let sumSquared = s * s
        if !overflow {
            guard scaled > sumSquared else { return 0 }
            return (Double(scaled - sumSquared).squareRoot()) / Double(count)
        }
        let mean = Double(sum) / Double(count)
        return Swift.max(0, Double(sumOfSquares) / Double(count) - mean * mean).squareRoot()
    }

    /// ⌊√v⌋ of a 128-bit integer (Newton's method from a power of two above the root).
    static func squareRoot(_ v: UInt128) -> UInt128 {
        guard v > 1 else { return v }
        var x = UInt128(1) << ((128 - v.leadingZeroBitCount) / 2 + 1)
        while true {
            let y = (x + v / x) / 2
            if y >= x { return x }
            x = y
        }
    }
}
