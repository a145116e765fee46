// Numbers as the console shows them to people.

/// Human-readable number forms for the live view and status lines.
public enum NumberFormatting {
    /// Groups of three digits separated by commas: `1,234,567`, `-1,000`, `0`.
    public static func thousands(_ v: Int64) -> String {
        let digits = Array(String(v.magnitude))
        var out = v < 0 ? "-" : ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    /// A rate rounded to the nearest integer, with thousands separators (`12,346`).
    public static func thousands(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = v.rounded()
        if r >= 9.2e18 { return thousands(Int64.max) }
        if r <= -9.2e18 { return thousands(Int64.min) }
        return thousands(Int64(r))
    }

    /// Elapsed time as `42s`, `3m07s` or `2h05m09s` (whole seconds, rounded down).
    public static func duration(_ seconds: Double) -> String {
        let total = seconds.isFinite && seconds > 0 ? Int64(Swift.min(seconds, 9e15)) : 0
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : String(n) }
        if h > 0 { return "\(h)h\(two(m))m\(two(s))s" }
        if m > 0 { return "\(m)m\(two(s))s" }
        return "\(s)s"
    }
}
