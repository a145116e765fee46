// Watched count/sum tables with a rate and a sparkline per key:
//
//   @slow:
//     3  1,139  41/s  ▁▂▃▅▇█▅▃
//     1     12   0/s  ▁▁▁▁█▁▁▁
//
// Columns: the keys (left-aligned, shrunk first when the window is narrow), the value (the total, or the
// last interval's with `delta`), the rate over the last interval, and the key's last intervals as a
// sparkline (oldest first, newest at the right end, right ends aligned). `as rates` sorts by the rate.
import Terminal
import TraceCore

/// Each key's values in its last intervals and the last interval's length: what rates and sparklines need.
struct IntervalSeries {
    /// Each key's interval values, oldest first.
    var series: [[KeyComponent]: [Int64]]
    /// The length of the last interval, in seconds.
    var seconds: Double

    /// A key's rate per second over the last interval.
    func rate(_ key: [KeyComponent]) -> Double {
        guard seconds > 0, let last = series[key]?.last else { return 0 }
        return Double(last) / seconds
    }
}

/// Rows of a table with rates and sparklines.
enum RateTable {
    /// Entries ordered by their rate, largest first, ties by key.
    static func byRate(_ entries: [AggregationEntry], _ rates: IntervalSeries) -> [AggregationEntry] {
        // Sort with EntryOrder's byte-encoded keys: the rate in thousandths stands in for the value.
        let proxy = entries.enumerated().map { n, e in
            AggregationEntry(key: e.key + [.int(Int64(n))], value: .scalar(Int64((rates.rate(e.key) * 1000).rounded())))
        }
        let sorted = EntryOrder.presorted(AggregationSnapshot(program: "", name: "", function: .sum, keyTypes: [], entries: proxy),
                                          descending: true)
        return sorted.entries.map { p -> AggregationEntry in
            guard case .int(let n) = p.key.last! else { return entries[0] }
            return entries[Int(n)]
        }
    }

    /// `41/s`, `2.5/s` under 10, `0/s`.
    static func rateText(_ r: Double) -> String {
        if r != 0 && abs(r) < 10 {
            let tenths = (r * 10).rounded()
            let whole = Int64(tenths / 10)
            let fraction = Int64(abs(tenths).truncatingRemainder(dividingBy: 10))
            return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)/s"
        }
        return NumberFormatting.thousands(r) + "/s"
    }

    /// The rows of `entries` (in the order given), fitted to the style's width.
    static func rows(_ entries: [AggregationEntry], rates: IntervalSeries, style: Style) -> [String] {
        guard !entries.isEmpty else { return [] }
        let keys = entries.map { $0.key.map { DisplayWidth.printable($0.description) } }
        let values = entries.map { NumberFormatting.thousands(AggregationFormatter.integerValue($0.value)) }
        let rateTexts = entries.map { rateText(rates.rate($0.key)) }
        let sparks = entries.map { Sparkline.render(rates.series[$0.key] ?? [], unicode: style.unicode) }
        let columns = keys.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in keys { for (i, k) in row.enumerated() { widths[i] = Swift.max(widths[i], DisplayWidth.of(k)) } }
        let valueWidth = values.map { $0.count }.max() ?? 0
        let rateWidth = rateTexts.map { $0.count }.max() ?? 0
        let sparkWidth = sparks.map { $0.count }.max() ?? 0
        let available = style.width - 2 - 2 * columns - valueWidth - 2 - rateWidth - 2 - sparkWidth
        while widths.reduce(0, +) > available, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 1 {
            widths[widest] -= 1
        }
        var out: [String] = []
        out.reserveCapacity(entries.count)
        for n in entries.indices {
            var line = "  "
            for (i, k) in keys[n].enumerated() {
                line += DisplayWidth.padRight(DisplayWidth.truncate(k, to: widths[i], ellipsis: style.ellipsis), widths[i]) + "  "
            }
            line += DisplayWidth.padLeft(values[n], valueWidth) + "  " + DisplayWidth.padLeft(rateTexts[n], rateWidth)
            if sparkWidth > 0 { line += "  " + String(repeating: " ", count: sparkWidth - sparks[n].count) + sparks[n] }
            out.append(line)
        }
        return out
    }
}
