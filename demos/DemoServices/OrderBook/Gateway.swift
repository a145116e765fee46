import Synchronization

/// The order entry gateway, called on each client's own thread: assigns order ids, runs the risk
/// check on new and amended orders, and queues accepted requests for the matcher.
public final class Gateway: Sendable {
    private let probes: OrderBookProbes
    private let risk: RiskCheck
    private let matcher: Matcher
    private let stats: OrderBookStats
    private let nextOrderID = Atomic<Int>(1)

    /// Creates a gateway in front of `matcher`.
    public init(probes: OrderBookProbes, risk: RiskCheck, matcher: Matcher, stats: OrderBookStats) {
        self.probes = probes
        self.risk = risk
        self.matcher = matcher
        self.stats = stats
    }

    /// Submits a new limit order; returns its id, or nil if it was rejected.
    public func submit(client: Int, side: Side, price: Int, quantity: Int) -> Int? {
        let token = probes.submit.entry(client, side.rawValue, price, quantity)
        let id = nextOrderID.wrappingAdd(1, ordering: .relaxed).oldValue
        var accepted: Int? = nil
        if risk.check(client: client, side: side, price: price, quantity: quantity, salt: id) == .accepted,
           forward(MatcherRequest(client: client, kind: .submit(Order(id: id, client: client, side: side, price: price, quantity: quantity)))) {
            accepted = id
        }
        stats.submitted.wrappingAdd(1, ordering: .relaxed)
        if accepted == nil { stats.rejected.wrappingAdd(1, ordering: .relaxed) }
        probes.submit.return(token, accepted ?? 0)
        return accepted
    }

    /// Asks to cancel an order (`side`, `price`, `quantity` are what the client believes it has open).
    public func cancel(client: Int, orderID: Int, side: Side, price: Int, quantity: Int) -> Bool {
        let token = probes.cancel.entry(client, side.rawValue, price, quantity)
        let ok = forward(MatcherRequest(client: client, kind: .cancel(orderID: orderID)))
        stats.cancels.wrappingAdd(1, ordering: .relaxed)
        probes.cancel.return(token, ok ? 1 : 0)
        return ok
    }

    /// Asks to change an order's price and quantity; the new values pass the risk check first.
    public func amend(client: Int, orderID: Int, side: Side, price: Int, quantity: Int) -> Bool {
        let token = probes.amend.entry(client, side.rawValue, price, quantity)
        var ok = false
        if risk.check(client: client, side: side, price: price, quantity: quantity, salt: orderID &* 31 &+ price) == .accepted {
            ok = forward(MatcherRequest(client: client, kind: .amend(orderID: orderID, price: price, quantity: quantity)))
        }
        stats.amends.wrappingAdd(1, ordering: .relaxed)
        probes.amend.return(token, ok ? 1 : 0)
        return ok
    }

    private func forward(_ request: MatcherRequest) -> Bool {
        if matcher.enqueue(request) { return true }
        probes.queueReject.fire(request.client, "matcher busy")
        return false
    }
}
