// What happened to an aggregation between two reads: the later snapshot minus the earlier one, key by key.
// count and sum subtract; avg and stddev subtract their count, sum and sum of squares (so the value is the
// interval's own average or deviation); histograms subtract bucket by bucket, and their sums. min and max cannot be
// subtracted: they keep the later value. A key whose value went down (the aggregation was cleared, truncated
// or its program redefined) starts again: its later value is the interval's. A different function or key
// shape (a redefinition that changed it) makes the whole later snapshot the interval's.
import TraceCore

/// Per-interval values from two cumulative snapshots.
enum IntervalDelta {
    /// `current` minus `previous`, key by key (see the file header); every key of `current` is kept, with 0
    /// where nothing changed.
    static func between(_ previous: AggregationSnapshot?, _ current: AggregationSnapshot) -> AggregationSnapshot {
        guard let previous, previous.function == current.function, previous.keyTypes == current.keyTypes else { return current }
        // Reads of a table usually list its keys in the same order: look at the same row first, and only
        // hash the keys when it holds another key.
        var before: [[KeyComponent]: AggregationValue]?
        var out = current
        let old = previous.entries
        for i in out.entries.indices {
            let key = out.entries[i].key
            let value: AggregationValue?
            if i < old.count && old[i].key == key {
                value = old[i].value
            } else {
                if before == nil {
                    var table: [[KeyComponent]: AggregationValue] = [:]
                    table.reserveCapacity(old.count)
                    for e in old { table[e.key] = e.value }
                    before = table
                }
                value = before![key]
            }
            guard let value else { continue }
            out.entries[i].value = difference(out.entries[i].value, minus: value, function: current.function)
        }
        return out
    }

    /// One key's interval value (its later value when it cannot be subtracted or went down).
    static func difference(_ now: AggregationValue, minus old: AggregationValue, function: AggregationFunction) -> AggregationValue {
        switch (now, old) {
        case (.scalar(let a), .scalar(let b)):
            guard function == .count || function == .sum else { return now }
            if function == .count && a < b { return now }
            return .scalar(a &- b)
        case (.average(let c, let s), .average(let pc, let ps)):
            return c >= pc ? .average(count: c - pc, sum: s &- ps) : now
        case (.deviation(let c, let s, let q), .deviation(let pc, let ps, let pq)):
            return c >= pc && q >= pq ? .deviation(count: c - pc, sum: s &- ps, sumOfSquares: q - pq) : now
        case (.histogram(let h), .histogram(let p)):
            guard h.counts.count == p.counts.count else { return now }
            var counts = h.counts
            for i in counts.indices {
                let d = counts[i] - p.counts[i]
                if d < 0 { return now }
                counts[i] = d
            }
            return .histogram(HistogramValue(layout: h.layout, counts: counts, sum: h.sum &- p.sum))
        default:
            return now
        }
    }
}
