// A histogram over time: one column per interval (newest at the right), one row per bucket (small values at
// the bottom), each cell shaded by how many values fell in that bucket in that interval; under it the p50
// and p99 of each interval as a line over time (a logarithmic sparkline, the newest value at its end), and
// the scale. Shades are `░▒▓█` with Unicode, digits `0`–`9` without; a blank cell holds no value. A cell's
// shade is its count's share of the busiest cell shown: the busiest is the darkest (`█`, `9`).
//
//        8192 |      ░░
//        4096 |  ▒▒▓▓██
//        2048 |▓▓████▓▓
//         p50 |▃▃▅▅▇▇██  3,771
//         p99 |▁▁▃▃▅▅██  8,110
//   cells: ░ 1–33  ▒ 34–66  ▓ 67–99  █ 100–133 values
//
// With 256 colours (a terminal that advertises them, Terminal's ColorSupport) a cell is `█` in one of ten
// colours from purple (fewest) to yellow (most), or its digit in that colour without Unicode, and the legend
// is the colour scale between the smallest and the largest count; the colours are SGR sequences, which take
// no columns, so the layout is the same as without them (each coloured line ends in a reset).
//
// Fitting: the plot is as wide as the window allows (the newest intervals that fit) and shows the buckets
// populated in those intervals; with fewer lines than buckets, the adjacent buckets holding the most values.
import Terminal
import TraceCore

/// Renders per-interval histograms as a heatmap.
enum Heatmap {
    static let unicodeShades: [Character] = ["░", "▒", "▓", "█"]
    static let digitShades: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    /// The 256-colour palette's indexes of the ten levels, fewest values first.
    static let colorRamp = [54, 91, 127, 161, 197, 202, 208, 214, 220, 226]
    /// The SGR sequence of each level's colour (foreground).
    static let colorSequences = colorRamp.map { "\u{1B}[38;5;\($0)m" }
    /// In colour with Unicode every level is a full block; its colour tells it.
    static let colorBlocks = [Character](repeating: "█", count: colorRamp.count)
    /// Back to the terminal's own colours.
    static let reset = "\u{1B}[0m"

    /// The heatmap's lines (without a title) for intervals oldest first, none wider than `width`; with a
    /// `budget`, at most that many lines (at least 4: one bucket row, p50, p99, scale).
    /// `compact` makes the plot no wider than the intervals (`show … as heatmap`); the live view keeps it as
    /// wide as the window, so that columns scroll in place.
    /// With `colors`, cells are coloured from the 256-colour palette.
    static func lines(_ intervals: [HistogramInterval], width: Int, unicode: Bool, colors: Bool = false, budget: Int? = nil,
                      compact: Bool = false) -> [String] {
        let indent = "  "
        guard let newest = intervals.last else { return [indent + "waiting for the first interval to end"] }
        let layout = newest.histogram.layout
        let shades = !unicode ? digitShades : colors ? colorBlocks : unicodeShades
        let latest = Percentiles(newest.histogram)
        let latestText = [NumberFormatting.thousands(latest.p50), NumberFormatting.thousands(latest.p99)]
        let suffix = 2 + latestText.map(\.count).max()!

        // The label column is as wide as the widest label the widest possible plot could show.
        let bucketCount = layout.count
        func populated(_ list: ArraySlice<HistogramInterval>) -> [Int64] {
            var totals = [Int64](repeating: 0, count: bucketCount)
            for interval in list {
                let counts = interval.histogram.counts
                for i in 0..<Swift.min(bucketCount, counts.count) where counts[i] != 0 { totals[i] &+= counts[i] }
            }
            return totals
        }
        let widest = populated(intervals.suffix(Swift.max(1, width)))
        var labelWidth = 3
        for i in widest.indices where widest[i] != 0 {
            labelWidth = Swift.max(labelWidth, AggregationFormatter.bucketLabel(layout, i).count)
        }
        var columns = Swift.max(1, width - indent.count - labelWidth - 2 - suffix)
        if compact { columns = Swift.min(columns, intervals.count) }
        let visible = intervals.suffix(columns)
        let totals = populated(visible)
        let blank = String(repeating: " ", count: columns - visible.count)
        guard let lowest = totals.firstIndex(where: { $0 != 0 }), let highest = totals.lastIndex(where: { $0 != 0 }) else {
            return [indent + "no values in the last \(visible.count) interval\(visible.count == 1 ? "" : "s")"]
        }

        // Which buckets: all populated ones, or the busiest window that fits.
        var low = lowest, high = highest
        if let budget, high - low + 1 > Swift.max(1, budget - 3) {
            let k = Swift.max(1, budget - 3)
            var best = low, bestSum: Int64 = -1, sum: Int64 = 0
            for i in low...high {
                sum &+= totals[i]
                if i - low >= k { sum &-= totals[i - k] }
                if i - low >= k - 1 && sum > bestSum { bestSum = sum; best = i - k + 1 }
            }
            low = best
            high = best + k - 1
        }
        var top: Int64 = 0
        for interval in visible {
            let counts = interval.histogram.counts
            for i in low...high where i < counts.count { top = Swift.max(top, counts[i]) }
        }

        var out: [String] = []
        for bucket in stride(from: high, through: low, by: -1) {
            var row = indent + DisplayWidth.padLeft(AggregationFormatter.bucketLabel(layout, bucket), labelWidth) + " |" + blank
            var color = -1   // the level whose colour is set (a blank cell shows none, whatever is set)
            for interval in visible {
                let counts = interval.histogram.counts
                let c = bucket < counts.count ? counts[bucket] : 0
                guard c > 0 else { row.append(" "); continue }
                let k = level(c, top: top, levels: shades.count)
                if colors && k != color { row += colorSequences[k]; color = k }
                row.append(shades[k])
            }
            out.append(color >= 0 ? trimmed(row) + reset : trimmed(row))
        }

        // p50 and p99 over time, on one logarithmic scale.
        let percentiles = visible.map { $0.histogram.total > 0 ? Percentiles($0.histogram) : nil }
        let values = percentiles.compactMap { $0 }.flatMap { [$0.p50, $0.p99] }.filter { $0 > 0 }
        let lo = values.min() ?? 1, hi = values.max() ?? 1
        for (n, name) in ["p50", "p99"].enumerated() {
            var line = indent + DisplayWidth.padLeft(name, labelWidth) + " |" + blank
            for p in percentiles {
                guard let p else { line += " "; continue }
                line += Sparkline.renderLogarithmic([n == 0 ? p.p50 : p.p99], low: lo, high: hi, unicode: unicode)
            }
            out.append(line + "  " + latestText[n])
        }
        out.append(legend(top: top, shades: shades, unicode: unicode, colors: colors))
        return out.map { DisplayWidth.truncate($0, to: width, ellipsis: unicode ? "…" : "...") }
    }

    /// The shade index of a count: the busiest cell (`top`) the darkest, the others by their share of it.
    static func level(_ c: Int64, top: Int64, levels: Int) -> Int {
        guard top > 0, c < top else { return levels - 1 }
        return Swift.min(levels - 1, Int(c * Int64(levels) / top))
    }

    /// `  cells: ░ 1–33  ▒ 34–66  ▓ 67–99  █ 100–133 values`: the counts each shade stands for (ASCII without Unicode).
    /// In colour with Unicode, the scale: `  cells: 1 ██████████ 133 values`, a block of each colour.
    static func legend(top: Int64, shades: [Character], unicode: Bool, colors: Bool = false) -> String {
        let levels = shades.count
        if colors && unicode {
            return "  cells: 1 " + colorSequences.map { $0 + "█" }.joined() + reset + " " + NumberFormatting.thousands(top)
                + " value\(top == 1 ? "" : "s")"
        }
        let n = Int64(levels)
        func lower(_ k: Int) -> Int64 {
            if k == levels - 1 { return Swift.max(1, Swift.min(top, (Int64(k) * top + n - 1) / n)) }
            return Swift.max(1, (Int64(k) * top + n - 1) / n)
        }
        var parts: [String] = []
        for k in 0..<levels {
            let lo = lower(k)
            let hi = k == levels - 1 ? top : Swift.min(top - 1, lower(k + 1) - 1)
            guard lo <= hi else { continue }
            let range = lo == hi ? NumberFormatting.thousands(lo) : NumberFormatting.thousands(lo) + (unicode ? "–" : "-") + NumberFormatting.thousands(hi)
            parts.append((colors ? colorSequences[k] + String(shades[k]) + reset : String(shades[k])) + " " + range)
        }
        if parts.count > 5 { parts = Array(parts.prefix(2)) + [unicode ? "…" : "..."] + Array(parts.suffix(2)) }
        return "  cells: " + parts.joined(separator: "  ") + " value\(top == 1 ? "" : "s")"
    }

    static func trimmed(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}
