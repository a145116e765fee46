// Durations as the console reads and prints them: `500ms`, `5s`, `1.5s`, `2m`, `1h`; a bare number is seconds.

/// Parsing and printing of durations (`sleep`, `watch … every`, `--duration`, `set refresh`).
public enum DurationText {
    /// The duration `text` names, or nil: a non-negative number, then an optional unit `ns us ms s m h`.
    public static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        var number = Substring(text)
        var scale = 1e9
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            let candidate = text.dropLast(suffix.count)
            // `ms` ends in `s` too: take the longest unit whose number part is a number.
            if isNumber(candidate) { number = candidate; scale = factor; break }
        }
        guard isNumber(number), let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let nanoseconds = value * scale
        guard nanoseconds < 9.0e18 else { return nil }
        return .nanoseconds(Int64(nanoseconds.rounded()))
    }

    private static func isNumber(_ s: Substring) -> Bool {
        guard !s.isEmpty else { return false }
        var dots = 0, digits = 0
        for c in s {
            if c == "." { dots += 1 } else if c.isASCII && c.isNumber { digits += 1 } else { return false }
        }
        return dots <= 1 && digits > 0
    }

    /// Whole nanoseconds in `d` (negative durations count as 0).
    static func nanoseconds(_ d: Duration) -> Int64 {
        let c = d.components
        let ns = Double(c.seconds) * 1e9 + Double(c.attoseconds) / 1e9
        return ns <= 0 ? 0 : (ns >= 9.2e18 ? Int64.max : Int64(ns))
    }

    /// Seconds in `d`, as a Double.
    static func seconds(_ d: Duration) -> Double { Double(nanoseconds(d)) / 1e9 }

    /// A duration in its shortest exact unit: `500ms`, `5s`, `2m`, `1.5s`.
    public static func format(_ d: Duration) -> String {
        let ns = nanoseconds(d)
        for (unit, size) in [("h", Int64(3_600_000_000_000)), ("m", 60_000_000_000), ("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000)]
        where ns >= size && ns % size == 0 {
            return "\(ns / size)\(unit)"
        }
        if ns >= 1_000_000_000 { return FixedPoint.fixed(Double(ns) / 1e9, places: 3) + "s" }
        if ns >= 1_000_000 { return FixedPoint.fixed(Double(ns) / 1e6, places: 3) + "ms" }
        return "\(ns)ns"
    }

    /// Elapsed nanoseconds for people: `0ns`, `812us`, `1.2ms`, `3.40s`.
    static func elapsed(_ ns: Int64) -> String {
        if ns < 1_000 { return "\(max(0, ns))ns" }
        if ns < 1_000_000 { return "\(ns / 1_000)us" }
        if ns < 1_000_000_000 { return FixedPoint.fixed(Double(ns) / 1e6, places: 1) + "ms" }
        return FixedPoint.fixed(Double(ns) / 1e9, places: 2) + "s"
    }
}

/// Fixed-point decimal text without Foundation's locale-dependent formatting.
enum FixedPoint {
    /// `value` with exactly `places` decimals (`places` 0 prints an integer); trailing zeros of a fraction trimmed
    /// when `trim` is set.
    static func fixed(_ value: Double, places: Int, trim: Bool = true) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e18 else { return String(Int64(value)) }
        let whole = Int64(scaled) / Int64(scale)
        var fraction = String(Int64(scaled) % Int64(scale))
        while fraction.count < places { fraction = "0" + fraction }
        if trim { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
