import Glibc

/// The pre-trade risk check every new or amended order passes through on its client's thread.
///
/// One client (by default client 3) sometimes takes a slow path — a "credit re-check" that takes
/// 2–5 ms on about 2% of its orders: the behaviour the demo's README shows how to find.
public final class RiskCheck: Sendable {
    /// Why an order was refused.
    public enum Verdict: Equatable, Sendable {
        case accepted
        case rejected(reason: String)
    }

    /// Limits and the slow-path behaviour.
    public struct Limits: Sendable {
        /// Largest quantity accepted per order.
        public var maxQuantity = 1_000
        /// Largest distance in ticks from the reference price.
        public var priceBand = 500
        /// The client whose orders sometimes take the slow path (nil: none).
        public var slowClient: Int? = 3
        /// The share of that client's checks that take the slow path.
        public var slowFraction = 0.02
        /// How long the slow path takes, in microseconds.
        public var slowMicroseconds: ClosedRange<Int> = 2_000...5_000

        /// The default limits.
        public init() {}
    }

    private let probes: OrderBookProbes
    private let reference: ReferencePrice
    /// The limits in force.
    public let limits: Limits

    /// Creates a risk check against `reference`.
    public init(probes: OrderBookProbes, reference: ReferencePrice, limits: Limits = Limits()) {
        self.probes = probes
        self.reference = reference
        self.limits = limits
    }

    /// Checks one order; `salt` (the order id or any per-order number) decides the slow path.
    public func check(client: Int, side: Side, price: Int, quantity: Int, salt: Int) -> Verdict {
        let token = probes.riskCheck.entry(client, side.rawValue, price, quantity)
        if client == limits.slowClient, let pause = slowPath(salt) {
            usleep(UInt32(pause))
        }
        let verdict = evaluate(price: price, quantity: quantity)
        if case .rejected(let reason) = verdict {
            probes.riskReject.fire(client, reason)
        }
        probes.riskCheck.return(token, verdict == .accepted ? 1 : 0)
        return verdict
    }

    private func evaluate(price: Int, quantity: Int) -> Verdict {
        if quantity <= 0 { return .rejected(reason: "non-positive quantity") }
        if quantity > limits.maxQuantity { return .rejected(reason: "quantity limit") }
        if price <= 0 || abs(price - reference.current) > limits.priceBand { return .rejected(reason: "price band") }
        return .accepted
    }

    /// The slow path's pause in microseconds for this order, or nil (a hash of `salt`, so no shared random state).
    private func slowPath(_ salt: Int) -> Int? {
        var h = UInt64(bitPattern: Int64(salt)) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        guard Double(h % 1_000_000) / 1_000_000 < limits.slowFraction else { return nil }
        let span = UInt64(limits.slowMicroseconds.count)
        return limits.slowMicroseconds.lowerBound + Int((h >> 20) % max(span, 1))
    }
}
