// `diff`: two reads of an aggregation (or two aggregations of the same function and keys) compared.
//
//   @ns: snapshot 'before' → now
//              value  before                      after
//                256 |@@@@@@@@             933    |@@@@@@@@@@@@@@@@     721
//                512 |@@@@@@@@@@@@        1065    |@@@@                 186
//   count 4576 → 995 (−78 %)
//   p50 1117 → 228 (−80 %)
//   …
//
// A histogram prints both sides' buckets in one column of values (the rows either side populates, one
// empty row above and below), each side's bars 20 columns scaled to its own total, then count, p50, p90,
// p99 and max with their change. A keyed aggregation then lists the keys whose value changed most (a
// histogram's keys by their count), largest change first, at most `keyLimit`; a scalar prints one line.
// A change is `(+12 %)`, `(−75 %)` (a true minus sign), `(0 %)`, or `(from 0)`.
import Terminal
import TraceCore

/// Renders the comparison of two snapshots.
enum HistogramDiff {
    /// Keys listed at most.
    static let keyLimit = 10
    /// Bar width of each side.
    static let barWidth = 20

    /// `(+12 %)`, `(−75 %)`, `(0 %)`, `(from 0)`.
    static func change(_ before: Int64, _ after: Int64) -> String {
        if before == after { return "(0 %)" }
        if before == 0 { return "(from 0)" }
        let percent = (Double(after) - Double(before)) / Double(before.magnitude) * 100
        let rounded = Int64(percent.rounded())
        if rounded == 0 { return percent < 0 ? "(−0 %)" : "(+0 %)" }
        return rounded < 0 ? "(−\(rounded.magnitude) %)" : "(+\(rounded) %)"
    }

    /// `p99 4096 → 1024 (−75 %)`.
    static func line(_ name: String, _ before: Int64, _ after: Int64) -> String {
        "\(name) \(before) → \(after) \(change(before, after))"
    }

    /// All keys' histograms added together (nil when the aggregation is not a histogram).
    static func merged(_ s: AggregationSnapshot) -> HistogramValue? {
        guard let layout = HistogramLayout(function: s.function) else { return nil }
        var counts = [Int64](repeating: 0, count: layout.count)
        var sum: Int64 = 0
        for e in s.entries {
            guard case .histogram(let h) = e.value else { continue }
            for i in 0..<Swift.min(counts.count, h.counts.count) { counts[i] &+= h.counts[i] }
            sum &+= h.sum
        }
        return HistogramValue(layout: layout, counts: counts, sum: sum)
    }

    /// The whole comparison, every line ending in "\n"; `title` is its first line.
    static func text(before: AggregationSnapshot, after: AggregationSnapshot, title: String,
                     beforeLabel: String, afterLabel: String) -> String {
        var out = title + "\n"
        if let a = merged(before), let b = merged(after) {
            out += sideBySide(a, b, beforeLabel: beforeLabel, afterLabel: afterLabel)
            let pa = Percentiles(a), pb = Percentiles(b)
            out += line("count", pa.count, pb.count) + "\n" + line("p50", pa.p50, pb.p50) + "\n" + line("p90", pa.p90, pb.p90) + "\n"
                + line("p99", pa.p99, pb.p99) + "\n" + line("max", pa.max, pb.max) + "\n"
            if before.keyTypes.isEmpty { return out }
        } else if before.keyTypes.isEmpty {
            let a = before.entries.first.map { AggregationFormatter.integerValue($0.value) } ?? 0
            let b = after.entries.first.map { AggregationFormatter.integerValue($0.value) } ?? 0
            return out + "  \(a) → \(b) \(change(a, b))\n"
        }
        return out + keyChanges(before, after)
    }

    /// The keys whose value changed most, as rows `  KEY  before → after (change)`.
    static func keyChanges(_ before: AggregationSnapshot, _ after: AggregationSnapshot) -> String {
        let changes = keyValues(before, after).filter { $0.before != $0.after }
        guard !changes.isEmpty else { return "  no key changed\n" }
        let shown = changes.prefix(keyLimit)
        let rows = TextTable.keyValueRows(shown.map { c in
            (keys: c.key.map(\.description), value: "\(c.before) → \(c.after) \(change(c.before, c.after))")
        })
        let more = changes.count - shown.count
        return "  keys that changed most:\n" + rows + (more > 0 ? "  … \(more) more key\(more == 1 ? "" : "s") changed\n" : "")
    }

    /// Every key of either side with its value before and after (0 where absent), largest change first.
    static func keyValues(_ before: AggregationSnapshot, _ after: AggregationSnapshot) -> [(key: [KeyComponent], before: Int64, after: Int64)] {
        var values: [[KeyComponent]: (Int64, Int64)] = [:]
        for e in before.entries { values[e.key, default: (0, 0)].0 = AggregationFormatter.integerValue(e.value) }
        for e in after.entries { values[e.key, default: (0, 0)].1 = AggregationFormatter.integerValue(e.value) }
        return values.map { (key: $0.key, before: $0.value.0, after: $0.value.1) }.sorted { x, y in
            let dx = (x.after &- x.before).magnitude, dy = (y.after &- y.before).magnitude
            if dx != dy { return dx > dy }
            return x.key.lexicographicallyPrecedes(y.key)
        }
    }

    /// The two histograms' rows side by side.
    static func sideBySide(_ a: HistogramValue, _ b: HistogramValue, beforeLabel: String, afterLabel: String) -> String {
        let layout = a.layout
        let n = Swift.min(layout.count, a.counts.count, b.counts.count)
        var first = -1, last = -1
        for i in 0..<n where a.counts[i] != 0 || b.counts[i] != 0 {
            if first < 0 { first = i }
            last = i
        }
        guard first >= 0 else { return "  both are empty\n" }
        first = Swift.max(0, first - 1)
        last = Swift.min(n - 1, last + 1)
        let ta = a.total, tb = b.total
        let countWidth = Swift.max(5, (first...last).map { String(a.counts[$0]).count }.max() ?? 0)
        var out = DisplayWidth.padLeft("value", 16) + "  " + DisplayWidth.padRight(beforeLabel, barWidth + 1 + countWidth) + "    " + afterLabel + "\n"
        for i in first...last {
            let barA = String(repeating: "@", count: AggregationFormatter.barDepth(a.counts[i], of: ta, columns: barWidth))
            let barB = String(repeating: "@", count: AggregationFormatter.barDepth(b.counts[i], of: tb, columns: barWidth))
            out += DisplayWidth.padLeft(AggregationFormatter.bucketLabel(layout, i), 16) + " |" + DisplayWidth.padRight(barA, barWidth)
                + " " + DisplayWidth.padLeft(String(a.counts[i]), countWidth) + "    |" + DisplayWidth.padRight(barB, barWidth)
                + " " + String(b.counts[i]) + "\n"
        }
        return out
    }

    /// `{"program": …, "view": "diff", "before": {…}, "after": {…}, "changes": {"count": [a, b], …}, "keys": […]}`:
    /// both sides in the aggregation JSON form; `changes` for histograms, `keys` (changed keys, largest change
    /// first) for keyed aggregations.
    static func json(before: AggregationSnapshot, after: AggregationSnapshot, beforeLabel: String, afterLabel: String) -> String {
        var out = ViewJSON.head(after, view: "diff") + ", \"before_label\": " + AggregationFormatter.jsonString(beforeLabel)
            + ", \"after_label\": " + AggregationFormatter.jsonString(afterLabel)
            + ", \"before\": " + AggregationFormatter.json(before) + ", \"after\": " + AggregationFormatter.json(after)
        if let a = merged(before), let b = merged(after) {
            let pa = Percentiles(a), pb = Percentiles(b)
            out += ", \"changes\": {\"count\": [\(pa.count), \(pb.count)], \"p50\": [\(pa.p50), \(pb.p50)], \"p90\": [\(pa.p90), \(pb.p90)]"
                + ", \"p99\": [\(pa.p99), \(pb.p99)], \"max\": [\(pa.max), \(pb.max)]}"
        }
        if !before.keyTypes.isEmpty {
            out += ", \"keys\": [" + keyValues(before, after).filter { $0.before != $0.after }.map { c in
                "{\"key\": [" + c.key.map(AggregationFormatter.jsonKey).joined(separator: ", ") + "], \"before\": \(c.before), \"after\": \(c.after)}"
            }.joined(separator: ", ") + "]"
        }
        return out + "}"
    }
}
