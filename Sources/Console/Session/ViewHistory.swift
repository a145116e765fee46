// The per-interval histories of every aggregation watched so far, shared by the watch thread (which records)
// and the interpreter (`show @lat as heatmap`, `show @c as rates` print what was recorded).
import TraceCore
import TraceSystem

/// Aggregation histories by program and name, safe to use from any thread.
final class ViewHistory: Sendable {
    private struct Name: Hashable {
        var program: String
        var aggregation: String
    }
    private let histories = Lock<[Name: AggregationHistory]>([:])

    /// Records a read of each snapshot (see `AggregationHistory.record`).
    func record(_ snapshots: [AggregationSnapshot], at instant: ContinuousClock.Instant, wallClock: Double, every: Duration,
                baseline: Bool) {
        histories.withLock { all in
            for s in snapshots {
                all[Name(program: s.program, aggregation: s.name), default: AggregationHistory()]
                    .record(s, at: instant, wallClock: wallClock, every: every, baseline: baseline)
            }
        }
    }

    /// What was recorded for an aggregation, if it was ever watched.
    func history(program: String, name: String) -> AggregationHistory? {
        histories.withLock { $0[Name(program: program, aggregation: name)] }
    }
}
