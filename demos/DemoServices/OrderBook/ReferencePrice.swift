import Synchronization

/// The market's reference (mid) price in ticks: a bounded random walk the clients quote around
/// and the risk check's price band is centred on.
public final class ReferencePrice: Sendable {
    /// Where the walk starts and what it reverts to.
    public let center: Int
    /// How far the walk may drift from `center`.
    public let maxDrift: Int
    private let value: Atomic<Int>

    /// Creates a reference price at `center`.
    public init(center: Int = 10_000, maxDrift: Int = 40) {
        self.center = center
        self.maxDrift = maxDrift
        value = Atomic(center)
    }

    /// The current reference price.
    public var current: Int { value.load(ordering: .relaxed) }

    /// Moves the price by `step` ticks, staying within `maxDrift` of the centre.
    public func move(by step: Int) {
        let next = min(center + maxDrift, max(center - maxDrift, current + step))
        value.store(next, ordering: .relaxed)
    }
}
