// What half-sent frames may cost the service: every byte an agent connection holds of a frame not yet complete
// is reserved here, across all connections; a frame whose next chunk would go over the budget ends its
// connection. With the frame timeout (a frame must be whole within a few seconds of its first byte), clients that
// send half a frame and stall can neither grow the service's memory nor hold connection slots for long.
import TraceSystem

/// A byte budget shared by the agent's connections for frames still being received.
final class ReceiveBudget: Sendable {
    /// The most bytes held at once.
    let limit: Int
    private let used = Lock(0)

    init(limit: Int) { self.limit = limit }

    /// Reserves `n` bytes; false (nothing reserved) if that would exceed the limit.
    func reserve(_ n: Int) -> Bool {
        used.withLock { u in
            guard u + n <= limit else { return false }
            u += n
            return true
        }
    }

    /// Gives back `n` reserved bytes.
    func release(_ n: Int) { used.withLock { $0 -= n } }

    /// Bytes held now.
    var inUse: Int { used.withLock { $0 } }
}
