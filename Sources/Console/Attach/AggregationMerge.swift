// Merging one aggregation read from several processes into the totals a single process would have had: counts
// and sums added, min and max of the parts, avg and stddev from their counts, sums and sums of squares (not
// from the parts' averages), histograms bucket by bucket with their sums. Exact: the same arithmetic the runtime
// does when it merges its threads' shards.
import TraceAgent
import TraceCore

/// Merges the same aggregation from several processes, and program statuses likewise.
enum AggregationMerge {
    /// The parts merged; nil for no parts. Parts must be of one function (the same program in each process).
    static func merge(_ parts: [AggregationSnapshot]) -> AggregationSnapshot? {
        guard var merged = parts.first else { return nil }
        var order: [[KeyComponent]] = []
        var values: [[KeyComponent]: AggregationValue] = [:]
        for part in parts {
            for entry in part.entries {
                if let existing = values[entry.key] {
                    values[entry.key] = combine(existing, entry.value, part.function)
                } else {
                    values[entry.key] = entry.value
                    order.append(entry.key)
                }
            }
        }
        merged.entries = order.map { AggregationEntry(key: $0, value: values[$0]!) }
        merged.drops = parts.reduce(0) { $0 &+ $1.drops }
        return merged
    }

    /// Two values of one key.
    static func combine(_ a: AggregationValue, _ b: AggregationValue, _ function: AggregationFunction) -> AggregationValue {
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            switch function {
            case .min: return .scalar(Swift.min(x, y))
            case .max: return .scalar(Swift.max(x, y))
            default: return .scalar(x &+ y)
            }
        case (.average(let c1, let s1), .average(let c2, let s2)):
            return .average(count: c1 &+ c2, sum: s1 &+ s2)
        case (.deviation(let c1, let s1, let q1), .deviation(let c2, let s2, let q2)):
            return .deviation(count: c1 &+ c2, sum: s1 &+ s2, sumOfSquares: q1 + q2)
        case (.histogram(let h1), .histogram(let h2)):
            let n = Swift.max(h1.counts.count, h2.counts.count)
            var counts = [Int64](repeating: 0, count: n)
            for i in 0..<n {
                counts[i] = (i < h1.counts.count ? h1.counts[i] : 0) &+ (i < h2.counts.count ? h2.counts[i] : 0)
            }
            return .histogram(HistogramValue(layout: h1.layout, counts: counts, sum: h1.sum &+ h2.sum))
        default:
            return a   // different functions: the program differs between the processes; the first one's stands
        }
    }

    /// Statuses of the same programs in several processes: firings, errors, drops and clause time added; enabled
    /// if enabled anywhere; the longest uptime; in the first process's order, then any others'.
    static func merge(_ lists: [[ProgramInfo]]) -> [ProgramInfo] {
        var order: [String] = []
        var merged: [String: ProgramInfo] = [:]
        for list in lists {
            for p in list {
                guard var m = merged[p.name] else {
                    merged[p.name] = p
                    order.append(p.name)
                    continue
                }
                m.enabled = m.enabled || p.enabled
                m.firings &+= p.firings
                m.errors &+= p.errors
                for (kind, n) in p.drops { m.drops[kind, default: 0] &+= n }
                m.clauseNanoseconds &+= p.clauseNanoseconds
                m.uptimeNanoseconds = Swift.max(m.uptimeNanoseconds, p.uptimeNanoseconds)
                for a in p.aggregations where !m.aggregations.contains(a) { m.aggregations.append(a) }
                merged[p.name] = m
            }
        }
        return order.map { merged[$0]! }
    }
}
