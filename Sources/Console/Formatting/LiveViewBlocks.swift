// The watch view's blocks for the views beyond tables and bars: a count/sum table with a rate and a
// sparkline per key, a heatmap, and a note while a `delta` view waits for its first interval.
import Terminal
import TraceCore

extension Block {
    /// A block from its sizes and renderer.
    init(minimum: Int, full: Int, render: @escaping (Int) -> [String]) {
        self.minimum = minimum
        self.full = full
        self.render = render
    }

    /// A count/sum aggregation with a rate and a sparkline per key; `byRate` sorts by the rate (`as rates`),
    /// else by value. A scalar is one line: `@n: 1,234  56/s  ▁▂▃`.
    static func rates(_ snapshot: AggregationSnapshot, rates: IntervalSeries, byRate: Bool, style: Style, cap: Int) -> Block {
        let sortedByValue = EntryOrder.sorted(snapshot.entries, descending: true)
        let entries = byRate ? RateTable.byRate(sortedByValue, rates) : sortedByValue
        let title = style.name(snapshot) + ":"
        let note = style.dropsNote(snapshot)
        if snapshot.keyTypes.isEmpty {
            let row = RateTable.rows(entries, rates: rates, style: style).first.map { " " + $0.drop { $0 == " " } } ?? ""
            return Block(minimum: 1, full: 1) { _ in [title + row + note] }
        }
        return Block(minimum: entries.isEmpty ? 1 : 2, full: Swift.min(cap, 1 + entries.count)) { lines in
            if lines >= 1 + entries.count { return [title + note] + RateTable.rows(entries, rates: rates, style: style) }
            let visible = Swift.max(0, lines - 2)
            return [title + note] + RateTable.rows(Array(entries.prefix(visible)), rates: rates, style: style)
                + [style.more(entries.count - visible, "key", indent: "  ")]
        }
    }

    /// A histogram's intervals as a heatmap under `@ns: heatmap, 12 intervals of 1s, newest at the right`.
    static func heatmap(_ snapshot: AggregationSnapshot, intervals: [HistogramInterval], every interval: Duration,
                        style: Style, cap: Int) -> Block {
        let count = intervals.count
        let title = style.name(snapshot) + ": heatmap, \(count) interval\(count == 1 ? "" : "s") of "
            + DurationText.format(interval) + (snapshot.keyTypes.isEmpty ? "" : ", all keys") + ", newest at the right"
            + style.dropsNote(snapshot)
        let whole = Heatmap.lines(intervals, width: style.width, unicode: style.unicode, colors: style.colors)
        let full = Swift.min(cap, 1 + whole.count)
        return Block(minimum: Swift.min(full, 5), full: full) { lines in
            [title] + (lines >= 1 + whole.count ? whole : Heatmap.lines(intervals, width: style.width, unicode: style.unicode, colors: style.colors,
                                                                                    budget: lines - 1))
        }
    }

    /// `@done: waiting for the first interval to end` (a `delta` view's first frame).
    static func waiting(_ snapshot: AggregationSnapshot, style: Style) -> Block {
        let line = style.name(snapshot) + ": waiting for the first interval to end"
        return Block(minimum: 1, full: 1) { _ in [line] }
    }
}
