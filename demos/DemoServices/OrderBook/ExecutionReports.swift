import TraceSystem

/// Tells each client which of its orders are closed (fully filled), so it stops cancelling them.
/// One small inbox per client; the matcher posts, the client's thread drains.
public final class ExecutionReports: Sendable {
    private final class Inbox: Sendable {
        let ids = Lock<[Int]>([])
    }
    private let inboxes: [Inbox]

    /// Creates inboxes for clients 1...clients.
    public init(clients: Int) {
        inboxes = (0..<max(clients, 0)).map { _ in Inbox() }
    }

    /// Records that `orderID` of `client` is closed.
    func post(client: Int, orderID: Int) {
        guard client >= 1 && client <= inboxes.count else { return }
        inboxes[client - 1].ids.withLock { $0.append(orderID) }
    }

    /// Takes every report waiting for `client`.
    func drain(client: Int) -> [Int] {
        guard client >= 1 && client <= inboxes.count else { return [] }
        return inboxes[client - 1].ids.withLock { inbox in
            defer { inbox.removeAll(keepingCapacity: true) }
            return inbox
        }
    }
}
