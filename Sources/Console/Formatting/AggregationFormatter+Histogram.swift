// DTrace's histogram layout, plus the percentile line:
//
//            value  ------------- Distribution ------------- count
//                1 |                                         0
//                2 |@@@@@                                    1
//                4 |@@@@@@@@@@@@@@@@@@@@                     4
//                8 |                                         0
//               16 |@@@@@@@@@@@@@@@                          3
//               32 |                                         0
// count 8  p50 7  p90 27  p99 31  max 31
//
// Value labels are right-aligned in 16 columns (`< low` and `>= high` for the end buckets of
// lquantize/llquantize), then ` |`, 40 columns of `@` — each row's share of the printed counts,
// rounded to the nearest column — then a space and the count. DTrace pads the count to 9 columns;
// here trailing spaces are dropped from every line. Rows run from one bucket below the first
// populated one to one above the last (zero rows inside kept); an empty histogram shows the
// buckets around 0 (quantize) or the first three (lquantize/llquantize), as DTrace does.
import Terminal
import TraceCore

extension AggregationFormatter {
    /// Width of the bar column.
    static let barWidth = 40

    /// A histogram in DTrace's layout followed by the percentile line; every line ends in "\n".
    public static func histogram(_ value: HistogramValue) -> String {
        let rows = histogramRows(value)
        let total = rows.reduce(Int64(0)) { $0 &+ $1.count }
        var out = DisplayWidth.padLeft("value", 16) + "  ------------- Distribution ------------- count\n"
        for row in rows {
            let depth = barDepth(row.count, of: total, columns: barWidth)
            var line = DisplayWidth.padLeft(row.label, 16) + " |" + String(repeating: "@", count: depth)
            line += String(repeating: " ", count: barWidth - depth) + " " + String(row.count)
            out += line + "\n"
        }
        out += percentileLine(Percentiles(value)) + "\n"
        return out
    }

    /// `count 12034  p50 4096  p90 8192  p99 65536  max 131072`.
    public static func percentileLine(_ p: Percentiles) -> String {
        "count \(p.count)  p50 \(p.p50)  p90 \(p.p90)  p99 \(p.p99)  max \(p.max)"
    }

    /// The printed rows of a histogram: bucket label and count, trimmed as DTrace trims them.
    public static func histogramRows(_ value: HistogramValue) -> [(label: String, count: Int64)] {
        let layout = value.layout
        let n = Swift.min(value.counts.count, layout.count)
        func count(_ i: Int) -> Int64 { i < n ? value.counts[i] : 0 }
        var first = -1, last = -1
        for i in 0..<n where value.counts[i] != 0 {
            if first < 0 { first = i }
            last = i
        }
        if first < 0 {
            if case .quantize = layout.kind { first = 63; last = 65 } else { first = 0; last = Swift.min(2, layout.count - 1) }
        } else {
            first = Swift.max(0, first - 1)
            last = Swift.min(layout.count - 1, last + 1)
        }
        guard first <= last else { return [] }
        return (first...last).map { (bucketLabel(layout, $0), count($0)) }
    }

    /// The value column of bucket `i`: its lower bound, `< low` / `>= high` for the end buckets.
    public static func bucketLabel(_ layout: HistogramLayout, _ i: Int) -> String {
        if layout.isUnderflow(i) { return "< \(layout.lowerBounds[1])" }
        if layout.isOverflow(i) { return ">= \(layout.lowerBounds[i])" }
        return String(layout.lowerBounds[i])
    }

    /// Bar length in columns for `count` out of `total`, rounded to the nearest column.
    static func barDepth(_ count: Int64, of total: Int64, columns: Int) -> Int {
        guard total > 0, count > 0 else { return 0 }
        let depth = Int((Double(count) * Double(columns) / Double(total) + 0.5).rounded(.down))
        return Swift.min(columns, Swift.max(0, depth))
    }
}
