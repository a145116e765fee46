import TraceSystem

/// The bounded queue from the gateways (client threads) to the matcher thread.
final class RequestQueue: Sendable {
    private let state = Lock((items: [MatcherRequest](), closed: false))
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Queues a request; false if the queue is full or closed.
    func push(_ request: MatcherRequest) -> Bool {
        let (accepted, first) = state.withLock { s -> (Bool, Bool) in
            guard !s.closed, s.items.count < capacity else { return (false, false) }
            s.items.append(request)
            return (true, s.items.count == 1)
        }
        if first { state.broadcast() }
        return accepted
    }

    /// Waits for requests and swaps them into the (empty) `batch`; false once the queue is closed.
    func popAll(into batch: inout [MatcherRequest]) -> Bool {
        state.withLock(waitingUntil: { !$0.items.isEmpty || $0.closed }) { s in
            if s.closed { return false }
            swap(&batch, &s.items)
            return true
        }
    }

    /// Wakes the consumer and refuses further requests.
    func close() {
        state.withLock { $0.closed = true }
        state.broadcast()
    }

    /// Requests waiting.
    var count: Int {
        state.withLock { $0.items.count }
    }
}
