// Sparklines: a series of numbers as one glyph each, scaled to the series' own largest value. With Unicode
// the glyphs are `▁▂▃▄▅▆▇█` (`▁` for 0 or less); without, `_.:-=+*#` (`_` for 0 or less).
import Glibc

/// One-line charts of a series.
enum Sparkline {
    static let unicodeGlyphs: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let plainGlyphs: [Character] = ["_", ".", ":", "-", "=", "+", "*", "#"]

    /// One glyph per value, oldest first: 0 (or less) the lowest glyph, the series' largest value the highest,
    /// the others in between in proportion.
    static func render(_ values: [Int64], unicode: Bool) -> String {
        let glyphs = unicode ? unicodeGlyphs : plainGlyphs
        let top = values.max() ?? 0
        var out = ""
        out.reserveCapacity(values.count * (unicode ? 3 : 1))
        for v in values { out.append(glyphs[level(v, top: top, levels: glyphs.count)]) }
        return out
    }

    /// A series of positive values on a logarithmic scale from `low` to `high` (percentiles over time).
    static func renderLogarithmic(_ values: [Int64], low: Int64, high: Int64, unicode: Bool) -> String {
        let glyphs = unicode ? unicodeGlyphs : plainGlyphs
        let lo = log2(Double(Swift.max(1, low))), hi = log2(Double(Swift.max(1, high)))
        var out = ""
        for v in values {
            guard hi > lo else { out.append(glyphs[v > 0 ? glyphs.count / 2 : 0]); continue }
            let share = (log2(Double(Swift.max(1, v))) - lo) / (hi - lo)
            out.append(glyphs[Swift.min(glyphs.count - 1, Swift.max(0, Int((share * Double(glyphs.count - 1)).rounded())))])
        }
        return out
    }

    /// The glyph index of `v` in a series whose largest value is `top`: 0 for nothing, 1… in proportion.
    static func level(_ v: Int64, top: Int64, levels: Int) -> Int {
        guard v > 0, top > 0 else { return 0 }
        if v >= top { return levels - 1 }
        return Swift.min(levels - 1, 1 + Int(Double(v) / Double(top) * Double(levels - 2) + 0.5))
    }
}
