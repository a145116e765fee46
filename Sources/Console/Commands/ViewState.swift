// What the views keep between commands: the per-interval histories the watch records, the snapshots
// `snapshot @agg as NAME` took, and the width `show … as VIEW` fits to.
import Foundation
import TraceCore
import TraceSystem

/// A copy of an aggregation kept under a name (`snapshot @lat as before`).
struct SavedSnapshot: Sendable, Equatable {
    /// The name it was saved as.
    var name: String
    /// The aggregation as it was.
    var snapshot: AggregationSnapshot
    /// When it was taken, in seconds since 1970.
    var taken: Double
}

/// The interpreter's view state, safe to use from any thread.
final class ViewState: Sendable {
    /// The histories the watch records.
    let history = ViewHistory()
    private let saved = Lock<[String: SavedSnapshot]>([:])
    private let display = Lock<@Sendable () -> (columns: Int, unicode: Bool, colors: Bool)>({ (80, false, false) })

    /// The width `show … as VIEW` fits to and whether it may use Unicode and colours: the session's display decides.
    var layout: (columns: Int, unicode: Bool, colors: Bool) { display.withLock { $0 } () }

    /// Makes `show … as VIEW` ask `provider` for the width, character set and colours.
    func setLayout(_ provider: @escaping @Sendable () -> (columns: Int, unicode: Bool, colors: Bool)) { display.withLock { $0 = provider } }

    /// Keeps `snapshot` under `name`, replacing any earlier one.
    func save(_ snapshot: AggregationSnapshot, as name: String) {
        saved.withLock { $0[name] = SavedSnapshot(name: name, snapshot: snapshot, taken: Date().timeIntervalSince1970) }
    }

    /// The snapshot saved as `name`.
    func saved(_ name: String) -> SavedSnapshot? { saved.withLock { $0[name] } }

    /// Every saved name, sorted.
    var savedNames: [String] { saved.withLock { $0.keys.sorted() } }
}
