import Synchronization

/// The service's own running totals (cheap relaxed counters), printed when a headless run ends.
public final class OrderBookStats: Sendable {
    let submitted = Atomic<Int>(0)
    let rejected = Atomic<Int>(0)
    let cancels = Atomic<Int>(0)
    let amends = Atomic<Int>(0)
    let fills = Atomic<Int>(0)
    let filledQuantity = Atomic<Int>(0)
    let unknownOrders = Atomic<Int>(0)

    /// Creates zeroed counters.
    public init() {}

    /// A point-in-time copy of the counters.
    public struct Totals: Sendable, Equatable, CustomStringConvertible {
        /// Counts since the service was created.
        public var submitted = 0, rejected = 0, cancels = 0, amends = 0, fills = 0, filledQuantity = 0, unknownOrders = 0

        public var description: String {
            "submitted \(submitted), rejected \(rejected), cancels \(cancels), amends \(amends), "
                + "fills \(fills) (quantity \(filledQuantity)), cancel/amend of closed orders \(unknownOrders)"
        }
    }

    /// The current totals.
    public var totals: Totals {
        Totals(submitted: submitted.load(ordering: .relaxed), rejected: rejected.load(ordering: .relaxed),
               cancels: cancels.load(ordering: .relaxed), amends: amends.load(ordering: .relaxed),
               fills: fills.load(ordering: .relaxed), filledQuantity: filledQuantity.load(ordering: .relaxed),
               unknownOrders: unknownOrders.load(ordering: .relaxed))
    }
}
