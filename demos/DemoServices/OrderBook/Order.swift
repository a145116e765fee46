/// Which side of the book an order rests on. Probes pass it as an integer: 0 = buy, 1 = sell.
public enum Side: Int, Sendable, Equatable, CaseIterable {
    case buy = 0
    case sell = 1

    /// The side an incoming order on this side matches against.
    public var opposite: Side { self == .buy ? .sell : .buy }
}

/// A limit order: `quantity` is what is still open.
public struct Order: Sendable, Equatable {
    /// Unique order id (assigned by the gateway, > 0).
    public let id: Int
    /// The submitting client (1-based).
    public let client: Int
    /// Buy or sell.
    public let side: Side
    /// Limit price in ticks.
    public var price: Int
    /// Open quantity.
    public var quantity: Int

    /// Creates an order.
    public init(id: Int, client: Int, side: Side, price: Int, quantity: Int) {
        self.id = id
        self.client = client
        self.side = side
        self.price = price
        self.quantity = quantity
    }

    /// Whether this order's limit crosses a resting order at `restingPrice` on the other side.
    public func crosses(_ restingPrice: Int) -> Bool {
        side == .buy ? price >= restingPrice : price <= restingPrice
    }
}

/// One execution between a resting (maker) and an incoming (taker) order, at the maker's price.
public struct Fill: Sendable, Equatable {
    /// Price in ticks (the maker's).
    public let price: Int
    /// Quantity filled.
    public let quantity: Int
    /// The resting order.
    public let makerOrder: Int
    /// The incoming order.
    public let takerOrder: Int
    /// The resting order's client.
    public let makerClient: Int
    /// The incoming order's client.
    public let takerClient: Int
    /// Whether the maker order has no quantity left after this fill.
    public let makerDone: Bool

    /// Creates a fill.
    public init(price: Int, quantity: Int, makerOrder: Int, takerOrder: Int, makerClient: Int, takerClient: Int, makerDone: Bool) {
        self.price = price
        self.quantity = quantity
        self.makerOrder = makerOrder
        self.takerOrder = takerOrder
        self.makerClient = makerClient
        self.takerClient = takerClient
        self.makerDone = makerDone
    }
}
