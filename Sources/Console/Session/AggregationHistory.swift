// The per-interval history of one watched aggregation: each watch refresh that ends an interval adds what
// happened in it (IntervalDelta). It keeps the last interval's values (the `delta` view), each count/sum
// key's last `seriesCapacity` interval values (sparklines and rates) and, for a histogram, the last
// `intervalCapacity` intervals' buckets, all keys added together (the heatmap).
import TraceCore

/// One interval of a histogram: when it ended, how long it was, its buckets (all keys added together).
struct HistogramInterval: Equatable {
    /// When the interval ended, in seconds since 1970.
    var end: Double
    /// Its length in seconds.
    var seconds: Double
    /// The values recorded in it.
    var histogram: HistogramValue
}

/// What one aggregation did interval by interval while it was watched.
struct AggregationHistory {
    /// How many intervals of a histogram are kept (wider than any window's heatmap).
    static let intervalCapacity = 512
    /// How many interval values of a count/sum key are kept (a sparkline's length).
    static let seriesCapacity = 16

    /// The last cumulative read, the base of the next interval.
    private(set) var lastRead: AggregationSnapshot?
    private var lastInstant: ContinuousClock.Instant?
    /// The last interval's values (every key, 0 where nothing changed) and its length in seconds.
    private(set) var latest: (values: AggregationSnapshot, seconds: Double)?
    /// Each count/sum key's values in its last intervals, oldest first.
    private(set) var series: [[KeyComponent]: [Int64]] = [:]
    /// A histogram's last intervals, oldest first.
    private(set) var intervals: [HistogramInterval] = []
    /// How many intervals have been recorded in all.
    private(set) var recorded = 0
    /// The interval the last watch asked for.
    private(set) var every: Duration?

    /// Takes a new cumulative read. With `baseline`, or for the first read, it only becomes the base of the
    /// next interval (a watch starting after a pause does not count the pause as one interval).
    mutating func record(_ snapshot: AggregationSnapshot, at instant: ContinuousClock.Instant, wallClock: Double, every: Duration,
                         baseline: Bool) {
        defer { lastRead = snapshot; lastInstant = instant; self.every = every }
        guard !baseline, let lastInstant, lastRead != nil else { return }
        let seconds = DurationText.seconds(instant - lastInstant)
        let delta = IntervalDelta.between(lastRead, snapshot)
        latest = (delta, seconds)
        recorded += 1
        if delta.function == .count || delta.function == .sum {
            // In place: each key's series grows (dropping its oldest value when full); keys gone are removed.
            for e in delta.entries {
                guard case .scalar(let v) = e.value else { continue }
                series[e.key, default: []].appendKeepingLast(Self.seriesCapacity, v)
            }
            if series.count != delta.entries.count {
                let present = Set(delta.entries.map(\.key))
                series = series.filter { present.contains($0.key) }
            }
        }
        if delta.function.isHistogram, let layout = HistogramLayout(function: delta.function) {
            var counts = [Int64](repeating: 0, count: layout.count)
            var sum: Int64 = 0
            for e in delta.entries {
                guard case .histogram(let h) = e.value else { continue }
                for i in 0..<Swift.min(counts.count, h.counts.count) { counts[i] &+= h.counts[i] }
                sum &+= h.sum
            }
            if intervals.count >= Self.intervalCapacity { intervals.removeFirst(intervals.count - Self.intervalCapacity + 1) }
            intervals.append(HistogramInterval(end: wallClock, seconds: seconds, histogram: HistogramValue(layout: layout, counts: counts, sum: sum)))
        }
    }

    /// A key's rate over the last interval, per second (0 before the first interval).
    func rate(_ key: [KeyComponent]) -> Double {
        guard let latest, latest.seconds > 0, let last = series[key]?.last else { return 0 }
        return Double(last) / latest.seconds
    }
}

extension Array where Element == Int64 {
    /// Appends `value`, first dropping the oldest values so that at most `capacity` remain.
    mutating func appendKeepingLast(_ capacity: Int, _ value: Int64) {
        if count >= capacity { removeFirst(count - capacity + 1) }
        append(value)
    }
}
