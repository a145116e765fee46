import Synchronization

/// The input all connections of a server may hold at once, unparsed. A connection whose read takes the
/// total over the limit is answered `-ERR max total input buffer of N bytes reached` and closed, so a
/// few slow clients sending parts of large requests cannot grow the server without bound.
final class InputBudget: Sendable {
    /// Bytes buffered across connections at most.
    let limit: Int
    private let held = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Bytes buffered now, across connections.
    var bytes: Int { held.load(ordering: .relaxed) }

    /// Adds `delta` bytes (negative: released); false if the total is now over the limit.
    func adjust(by delta: Int) -> Bool {
        held.add(delta, ordering: .relaxed).newValue <= limit
    }

    /// The error reply's text.
    var refusal: String { "ERR max total input buffer of \(limit) bytes reached" }
}
