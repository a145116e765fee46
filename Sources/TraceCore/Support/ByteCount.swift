/// Byte counts as people read them in messages: `512 B`, `1.5 KiB`, `256 MiB`.
public enum ByteCount {
    /// `n` in the largest binary unit that keeps it at least 1, with one decimal when it is not whole.
    public static func text(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 || value == value.rounded() { return "\(Int(value.rounded())) \(units[unit])" }
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths)) \(units[unit])" : "\(tenths) \(units[unit])"
    }
}
