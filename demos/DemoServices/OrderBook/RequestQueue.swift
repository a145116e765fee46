import Foundation

/// The bounded queue from the gateways (client threads) to the matcher thread.
final class RequestQueue: @unchecked Sendable {
    // @unchecked: every stored property is guarded by `condition`.
    private let condition = NSCondition()
    private var items: [MatcherRequest] = []
    private var closed = false
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Queues a request; false if the queue is full or closed.
    func push(_ request: MatcherRequest) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, items.count < capacity else { return false }
        items.append(request)
        if items.count == 1 { condition.signal() }
        return true
    }

    /// Waits for requests and swaps them into the (empty) `batch`; false once the queue is closed.
    func popAll(into batch: inout [MatcherRequest]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if closed { return false }
        swap(&batch, &items)
        return true
    }

    /// Wakes the consumer and refuses further requests.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Requests waiting.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.count
    }
}
