import TraceSystem

/// The matcher: one thread that owns the order book and applies the gateways' requests in arrival order.
public final class Matcher: Sendable {
    private let queue: RequestQueue
    private let probes: OrderBookProbes
    private let reports: ExecutionReports
    private let stats: OrderBookStats
    private let thread = Lock<WorkerThread?>(nil)

    /// Creates a matcher whose queue holds at most `queueCapacity` requests.
    public init(probes: OrderBookProbes, reports: ExecutionReports, stats: OrderBookStats, queueCapacity: Int = 100_000) {
        self.queue = RequestQueue(capacity: queueCapacity)
        self.probes = probes
        self.reports = reports
        self.stats = stats
    }

    /// Queues a request for the matcher thread; false if the queue is full or the matcher stopped.
    public func enqueue(_ request: MatcherRequest) -> Bool { queue.push(request) }

    /// Requests waiting for the matcher.
    public var backlog: Int { queue.count }

    /// Starts the matcher thread with a fresh, empty book.
    public func start() {
        let (queue, probes, reports, stats) = (self.queue, self.probes, self.reports, self.stats)
        let started = WorkerThread(name: "matcher") {
            let handler = RequestHandler(book: OrderBook(probes: probes), probes: probes, reports: reports, stats: stats)
            var batch: [MatcherRequest] = []
            batch.reserveCapacity(1024)
            while queue.popAll(into: &batch) {
                for request in batch { handler.handle(request) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        thread.withLock { $0 = started }
    }

    /// Stops the matcher thread (requests still queued are dropped) and waits for it.
    public func stop() {
        queue.close()
        thread.withLock { t in defer { t = nil }; return t }?.join()
    }
}

/// Applies one request to the book on the matcher thread: fires the `matcher:handle` probe,
/// reports closed orders to their clients and rejects cancels/amends of orders no longer open.
struct RequestHandler {
    let book: OrderBook
    let probes: OrderBookProbes
    let reports: ExecutionReports
    let stats: OrderBookStats

    func handle(_ request: MatcherRequest) {
        let queued = MonotonicClock.nanoseconds() - request.queuedAt
        let token = probes.handle.entry(request.kind.name, request.client, queued)
        var fills: [Fill] = []
        switch request.kind {
        case .submit(let order):
            fills = book.insert(order)
            if !fills.isEmpty && !book.isOpen(order.id) { reports.post(client: order.client, orderID: order.id) }
        case .cancel(let id):
            switch book.cancel(id: id, client: request.client) {
            case .cancelled: break
            case .notFound: reject(request.client, "unknown order")
            case .notOwner: reject(request.client, "not owner")
            }
        case .amend(let id, let price, let quantity):
            switch book.amend(id: id, client: request.client, price: price, quantity: quantity) {
            case .amended(let f):
                fills = f
                if !f.isEmpty && !book.isOpen(id) { reports.post(client: request.client, orderID: id) }
            case .notFound: reject(request.client, "unknown order")
            case .notOwner: reject(request.client, "not owner")
            case .invalidQuantity: reject(request.client, "non-positive quantity")
            }
        }
        for fill in fills where fill.makerDone {
            reports.post(client: fill.makerClient, orderID: fill.makerOrder)
        }
        if !fills.isEmpty {
            stats.fills.wrappingAdd(fills.count, ordering: .relaxed)
            stats.filledQuantity.wrappingAdd(fills.reduce(0) { $0 + $1.quantity }, ordering: .relaxed)
        }
        probes.handle.return(token, fills.count)
    }

    private func reject(_ client: Int, _ reason: String) {
        stats.unknownOrders.wrappingAdd(1, ordering: .relaxed)
        probes.handleReject.fire(client, reason)
    }
}
