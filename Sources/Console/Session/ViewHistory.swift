// The per-interval histories of every aggregation watched so far, shared by the watch thread (which records)
// and the interpreter (`show @lat as heatmap`, `show @c as rates` print what was recorded). A program's
// histories (up to 512 intervals of buckets per histogram) go when the program does: `delete` forgets them,
// and each watch frame forgets those of programs the backend no longer lists (deleted elsewhere).
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

    /// Forgets every history of `program` (it was deleted).
    func forget(program: String) {
        histories.withLock { all in all = all.filter { $0.key.program != program } }
    }

    /// Forgets the histories of every program not in `programs` (the backend's list: the others were deleted).
    func keepOnly(programs: Set<String>) {
        histories.withLock { all in
            if all.keys.contains(where: { !programs.contains($0.program) }) { all = all.filter { programs.contains($0.key.program) } }
        }
    }

    /// How many aggregations have a history, and how many histogram intervals they hold in all.
    var size: (histories: Int, intervals: Int) {
        histories.withLock { all in (all.count, all.values.reduce(0) { $0 + $1.intervals.count }) }
    }

    /// What was recorded for an aggregation, if it was ever watched.
    func history(program: String, name: String) -> AggregationHistory? {
        histories.withLock { $0[Name(program: program, aggregation: name)] }
    }
}
