// The lines of the `watch` block: a header, then each aggregation fitted into a width × height box.
// Plain text (no escapes); the Terminal's live region decides which lines changed and redraws them.
//
// Fitting: every snapshot first gets its minimum (a scalar 1 line; a table its title and one
// line; a histogram its title, a `… N more buckets` line and the percentile line), in the order
// given; snapshots whose minimum no longer fits are summarised as `… N more aggregations`. The
// lines left over are dealt out one at a time, round-robin, to the snapshots that can use them.
// Tables and histogram keys are sorted largest first; what does not fit ends in `… N more keys`.
// Histograms that do not fit show the window of adjacent buckets holding the most values.
// No line is wider than `width` display columns: key columns shrink first (keys cut with `…`),
// then any line still too wide is cut. With `unicode` false, `...` replaces `…` and bars use `@`.

import Terminal
import TraceCore

/// What the live view's first line reports.
public struct LiveViewHeader: Sendable, Equatable {
    /// The watched program's name.
    public var program: String
    /// Seconds since the program was enabled.
    public var uptimeSeconds: Double
    /// Probe firings per second over the last refresh interval.
    public var firingsPerSecond: Double
    /// Records or keys dropped so far.
    public var drops: Int64
    /// Runtime errors so far.
    public var errors: Int64

    /// Creates a header.
    public init(program: String, uptimeSeconds: Double, firingsPerSecond: Double, drops: Int64 = 0, errors: Int64 = 0) {
        self.program = program; self.uptimeSeconds = uptimeSeconds; self.firingsPerSecond = firingsPerSecond
        self.drops = drops; self.errors = errors
    }
}

/// Lays out the `watch` view.
public enum LiveViewRenderer {
    /// The lines of the watch block (at most `height`, none wider than `width` columns): the header line,
    /// then each snapshot in the order given, tables and histogram keys largest first.
    public static func render(header: LiveViewHeader, snapshots: [AggregationSnapshot], width: Int, height: Int, unicode: Bool) -> [String] {
        render(header: header, width: width, height: height, unicode: unicode) { style, cap in
            snapshots.map { Block($0, style: style, cap: cap) }
        }
    }

    /// The same layout for blocks made by `makeBlocks` from the style and the lines available to them.
    /// With `colors`, heatmaps use the 256-colour palette.
    static func render(header: LiveViewHeader, width: Int, height: Int, unicode: Bool, colors: Bool = false,
                       makeBlocks: (Style, Int) -> [Block]) -> [String] {
        guard width > 0, height > 0 else { return [] }
        let style = Style(width: width, unicode: unicode, program: header.program, colors: colors)
        var lines = [style.fit(headerLine(header))]
        let budget = height - 1
        guard budget > 0 else { return lines }

        let blocks = makeBlocks(style, budget)
        var shown = blocks.count
        var used = blocks.reduce(0) { $0 + $1.minimum }
        if used > budget {
            // Keep the longest prefix whose minimums fit with one line left for the summary.
            shown = 0; used = 0
            while shown < blocks.count && used + blocks[shown].minimum + 1 <= budget {
                used += blocks[shown].minimum
                shown += 1
            }
        }
        var allocation = blocks.prefix(shown).map(\.minimum)
        var spare = budget - used - (shown < blocks.count ? 1 : 0)
        var grew = true
        while spare > 0 && grew {
            grew = false
            for i in 0..<shown where spare > 0 && allocation[i] < blocks[i].full {
                allocation[i] += 1
                spare -= 1
                grew = true
            }
        }
        for i in 0..<shown {
            lines += blocks[i].render(allocation[i]).map(style.fit)
        }
        if shown < blocks.count {
            lines.append(style.fit("\(style.ellipsis) \(blocks.count - shown) more aggregation\(blocks.count - shown == 1 ? "" : "s")"))
        }
        return lines
    }

    /// `lat  up 1m23s  12,346 firings/s  0 drops  0 errors`.
    static func headerLine(_ h: LiveViewHeader) -> String {
        "\(DisplayWidth.printable(h.program))  up \(NumberFormatting.duration(h.uptimeSeconds))  "
            + "\(NumberFormatting.thousands(h.firingsPerSecond)) firings/s  "
            + "\(NumberFormatting.thousands(h.drops)) drops  \(NumberFormatting.thousands(h.errors)) errors"
    }
}

/// Width, character set and the program the header names (other programs' aggregations are qualified).
struct Style {
    var width: Int
    var unicode: Bool
    var program: String
    /// Whether heatmap cells are coloured (256 colours).
    var colors = false

    var ellipsis: String { unicode ? "…" : "..." }

    func fit(_ line: String) -> String { DisplayWidth.truncate(line, to: width, ellipsis: ellipsis) }

    /// `@calls`, or `lat.@calls` for another program's aggregation.
    func name(_ s: AggregationSnapshot) -> String {
        (s.program == program ? "" : DisplayWidth.printable(s.program) + ".") + "@" + DisplayWidth.printable(s.name)
    }

    /// ` (3 drops)` when the aggregation refused keys.
    func dropsNote(_ s: AggregationSnapshot) -> String {
        s.drops > 0 ? "  (\(NumberFormatting.thousands(s.drops)) drop\(s.drops == 1 ? "" : "s"))" : ""
    }

    func more(_ n: Int, _ what: String, indent: String) -> String {
        "\(indent)\(ellipsis) \(NumberFormatting.thousands(Int64(n))) more \(what)\(n == 1 ? "" : "s")"
    }
}

/// One snapshot's lines at any height between `minimum` and `full`.
struct Block {
    /// Lines it needs at least.
    var minimum: Int
    /// Lines it uses when shown whole (capped at the view's budget).
    var full: Int
    /// Its lines in the given number of lines (`minimum...full`).
    var render: (Int) -> [String]

    init(_ snapshot: AggregationSnapshot, style: Style, cap: Int) {
        let entries = EntryOrder.sorted(snapshot.entries, descending: true)
        let title = style.name(snapshot) + ":"
        let note = style.dropsNote(snapshot)
        if snapshot.keyTypes.isEmpty && !snapshot.function.isHistogram {
            let value = entries.first.map { " " + NumberFormatting.thousands(AggregationFormatter.integerValue($0.value)) } ?? ""
            minimum = 1; full = 1
            render = { _ in [title + value + note] }
        } else if !snapshot.function.isHistogram {
            minimum = entries.isEmpty ? 1 : 2
            full = Swift.min(cap, 1 + entries.count)
            render = { lines in
                if lines >= 1 + entries.count { return [title + note] + TableLayout.rows(entries, style: style) }
                let visible = Swift.max(0, lines - 2)
                return [title + note] + TableLayout.rows(Array(entries.prefix(visible)), style: style)
                    + [style.more(entries.count - visible, "key", indent: "  ")]
            }
        } else if snapshot.keyTypes.isEmpty {
            let histogram = entries.first.flatMap { entry -> HistogramValue? in
                if case .histogram(let h) = entry.value { return h } else { return nil }
            }
            let h = histogram ?? HistogramValue(layout: HistogramLayout(function: snapshot.function) ?? HistogramLayout(kind: .quantize), counts: [])
            let whole = HistogramLines.lines(h, style: style, indent: "  ", budget: nil)
            minimum = Swift.min(3, 1 + whole.count)
            full = 1 + whole.count
            render = { lines in
                [title + note] + (lines >= 1 + whole.count ? whole : HistogramLines.lines(h, style: style, indent: "  ", budget: lines - 1))
            }
        } else {
            let keyed: [(key: String, histogram: HistogramValue)] = entries.compactMap { entry in
                guard case .histogram(let h) = entry.value else { return nil }
                return ("  " + entry.key.map { DisplayWidth.printable(StackText.oneLine($0)) }.joined(separator: "  "), h)
            }
            // Whole sizes of the first blocks only: anything past the budget is never shown whole.
            var sizes: [Int] = []
            var total = 1
            for item in keyed where total <= cap {
                let size = 1 + HistogramLines.lines(item.histogram, style: style, indent: "    ", budget: nil).count
                sizes.append(size)
                total += size
            }
            minimum = keyed.isEmpty ? 1 : 2
            full = Swift.min(cap, total)
            render = { lines in
                var out = [title + note]
                var i = 0
                while i < keyed.count {
                    let remaining = lines - out.count
                    let last = i == keyed.count - 1
                    let needed = i < sizes.count ? sizes[i] : Int.max
                    if needed <= remaining - (last ? 0 : 1) {
                        out.append(keyed[i].key)
                        out += HistogramLines.lines(keyed[i].histogram, style: style, indent: "    ", budget: nil)
                        i += 1
                        continue
                    }
                    // The first key is shown cut down rather than not at all when at least a few lines remain.
                    let room = remaining - (last ? 0 : 1)
                    if i == 0 && room >= 4 {
                        out.append(keyed[i].key)
                        out += HistogramLines.lines(keyed[i].histogram, style: style, indent: "    ", budget: room - 1)
                        i += 1
                    }
                    break
                }
                if i < keyed.count { out.append(style.more(keyed.count - i, "key", indent: "  ")) }
                return out
            }
        }
    }
}

/// Key columns (left-aligned, shrunk to fit) and a value column (right-aligned, thousands separators).
enum TableLayout {
    static func rows(_ entries: [AggregationEntry], style: Style) -> [String] {
        guard !entries.isEmpty else { return [] }
        let keys = entries.map { $0.key.map { DisplayWidth.printable(StackText.oneLine($0)) } }
        let values = entries.map { NumberFormatting.thousands(AggregationFormatter.integerValue($0.value)) }
        let columns = keys.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in keys { for (i, k) in row.enumerated() { widths[i] = Swift.max(widths[i], DisplayWidth.of(k)) } }
        let valueWidth = values.map { DisplayWidth.of($0) }.max() ?? 0
        let available = style.width - 2 - 2 * columns - valueWidth
        while widths.reduce(0, +) > available, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 1 {
            widths[widest] -= 1
        }
        return zip(keys, values).map { row, value in
            var line = "  "
            for (i, k) in row.enumerated() {
                line += DisplayWidth.padRight(DisplayWidth.truncate(k, to: widths[i], ellipsis: style.ellipsis), widths[i]) + "  "
            }
            return line + DisplayWidth.padLeft(value, valueWidth)
        }
    }
}

/// A histogram's bucket rows and percentile line, compact: `label |bar count`, no column header.
enum HistogramLines {
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The rows and percentile line; with a `budget` below their number, the busiest window of
    /// adjacent rows, a `… N more buckets` line and the percentile line (the percentile line alone for 1).
    static func lines(_ h: HistogramValue, style: Style, indent: String, budget: Int?) -> [String] {
        let rows = AggregationFormatter.histogramRows(h)
        let p = Percentiles(h)
        let percentiles = indent + "count \(NumberFormatting.thousands(p.count))  p50 \(NumberFormatting.thousands(p.p50))"
            + "  p90 \(NumberFormatting.thousands(p.p90))  p99 \(NumberFormatting.thousands(p.p99))  max \(NumberFormatting.thousands(p.max))"
        var shown = rows[...]
        var hidden = 0
        if let budget, budget < rows.count + 1 {
            guard budget >= 2 else { return [percentiles] }
            let k = budget - 2
            var best = 0
            if k > 0 {
                var bestSum: Int64 = -1, sum: Int64 = 0
                for i in rows.indices {
                    sum += rows[i].count
                    if i >= k { sum -= rows[i - k].count }
                    if i >= k - 1 && sum > bestSum { bestSum = sum; best = i - k + 1 }
                }
            }
            shown = rows[best..<(best + k)]
            hidden = rows.count - k
        }
        // Bars are scaled to all printed rows, as in the full layout, so a window keeps its proportions.
        let total = rows.reduce(Int64(0)) { $0 &+ $1.count }
        let labels = shown.map { DisplayWidth.printable($0.label) }
        let counts = shown.map { NumberFormatting.thousands($0.count) }
        let labelWidth = labels.map { DisplayWidth.of($0) }.max() ?? 0
        let countWidth = counts.map { DisplayWidth.of($0) }.max() ?? 0
        let barWidth = Swift.max(0, Swift.min(40, style.width - indent.count - labelWidth - countWidth - 3))
        var out: [String] = []
        for (i, row) in shown.enumerated() {
            out.append(indent + DisplayWidth.padLeft(labels[i], labelWidth) + " |"
                       + bar(row.count, of: total, columns: barWidth, unicode: style.unicode)
                       + " " + DisplayWidth.padLeft(counts[i], countWidth))
        }
        if hidden > 0 { out.append(style.more(hidden, "bucket", indent: indent)) }
        out.append(percentiles)
        return out
    }

    /// `count/total` of `columns` columns, in eighths of a column with Unicode blocks, else whole `@`s.
    static func bar(_ count: Int64, of total: Int64, columns: Int, unicode: Bool) -> String {
        guard columns > 0 else { return "" }
        guard total > 0, count > 0 else { return String(repeating: " ", count: columns) }
        let share = Double(count) / Double(total)
        if !unicode {
            let depth = Swift.min(columns, Int(share * Double(columns) + 0.5))
            return String(repeating: "@", count: depth) + String(repeating: " ", count: columns - depth)
        }
        let units = Swift.min(columns * 8, Int(share * Double(columns * 8) + 0.5))
        var s = String(repeating: "█", count: units / 8)
        var used = units / 8
        if units % 8 > 0 { s.append(eighths[units % 8 - 1]); used += 1 }
        return s + String(repeating: " ", count: columns - used)
    }
}
