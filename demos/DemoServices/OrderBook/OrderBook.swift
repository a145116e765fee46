/// A price-time-priority limit order book: better prices match first, then older orders at a price.
/// Fills happen at the resting (maker) order's price. Not thread-safe: one thread (the matcher) owns it.
public final class OrderBook {
    /// What a cancel did.
    public enum CancelResult: Equatable {
        case cancelled(Order)
        case notFound
        case notOwner
    }

    /// What an amend did.
    public enum AmendResult: Equatable {
        /// Amended; a price change or a larger quantity loses time priority and may match at once.
        case amended(fills: [Fill])
        case notFound
        case notOwner
        case invalidQuantity
    }

    private struct Location {
        let side: Side
        let price: Int
        let client: Int
        /// Quantity resting ahead of the order at its price when it arrived (its queue position).
        var queueAhead = 0
    }

    private let probes: OrderBookProbes
    private var bids = BookSide(side: .buy)
    private var asks = BookSide(side: .sell)
    private var open: [Int: Location] = [:]
    private var trades = TradeWindow(capacity: OrderBook.tradeWindow)

    /// Trades the volume-weighted price is taken over.
    public static let tradeWindow = 4_096
    /// The volume-weighted average price of the last `tradeWindow` trades, as of the last insert.
    public private(set) var recentAveragePrice: Int?

    /// Creates an empty book firing `probes`.
    public init(probes: OrderBookProbes) { self.probes = probes }

    // MARK: queries

    /// The highest bid price.
    public var bestBid: Int? { bids.bestPrice }
    /// The lowest ask price.
    public var bestAsk: Int? { asks.bestPrice }
    /// Number of open orders on both sides.
    public var openOrderCount: Int { open.count }
    /// Number of price levels on one side.
    public func levelCount(_ side: Side) -> Int { book(side).levelCount }
    /// Prices with resting orders on one side, best first.
    public func prices(_ side: Side) -> [Int] { book(side).pricesBestFirst }
    /// Number of orders resting at a price.
    public func depth(_ side: Side, at price: Int) -> Int { book(side).depth(at: price) }
    /// Open quantity resting at a price.
    public func quantity(_ side: Side, at price: Int) -> Int { book(side).quantity(at: price) }
    /// The orders resting at a price, oldest first.
    public func orders(_ side: Side, at price: Int) -> [Order] { book(side).orders(at: price) }
    /// Whether an order is open.
    public func isOpen(_ id: Int) -> Bool { open[id] != nil }

    /// The quantity that rested ahead of an open order at its price when it arrived.
    public func queueAhead(_ id: Int) -> Int? { open[id]?.queueAhead }

    // MARK: operations

    /// Matches a new order against the other side, then rests what is left. Returns the fills in order.
    /// An order with a non-positive quantity or an id already open is ignored.
    public func insert(_ order: Order) -> [Fill] {
        let token = probes.bookInsert.entry(order.side.rawValue, order.price, order.quantity)
        var fills: [Fill] = []
        recentAveragePrice = trades.volumeWeightedPrice()
        if order.quantity > 0 && open[order.id] == nil {
            fills = matchAndRest(order)
        }
        probes.bookInsert.return(token, fills.count)
        return fills
    }

    /// Cancels an open order of `client`.
    public func cancel(id: Int, client: Int) -> CancelResult {
        guard let loc = open[id] else { return .notFound }
        let quantity = book(loc.side).order(id: id, price: loc.price)?.quantity ?? 0
        let token = probes.bookCancel.entry(loc.side.rawValue, loc.price, quantity)
        guard loc.client == client else {
            probes.bookCancel.return(token, 0)
            return .notOwner
        }
        let removed = remove(id: id, loc)
        probes.bookCancel.return(token, removed?.quantity ?? 0)
        return removed.map { .cancelled($0) } ?? .notFound
    }

    /// Changes an open order's price and quantity. Lowering the quantity at the same price keeps time
    /// priority; anything else re-queues the order (and may match it at once).
    public func amend(id: Int, client: Int, price: Int, quantity: Int) -> AmendResult {
        guard let loc = open[id] else { return .notFound }
        guard loc.client == client else { return .notOwner }
        guard quantity > 0 else { return .invalidQuantity }
        let token = probes.bookAmend.entry(loc.side.rawValue, price, quantity)
        var fills: [Fill] = []
        let current = book(loc.side).order(id: id, price: loc.price)
        if price == loc.price, let current, quantity <= current.quantity {
            _ = update(loc.side) { $0.reduce(id: id, price: price, to: quantity) }
        } else if var order = remove(id: id, loc) {
            order.price = price
            order.quantity = quantity
            fills = matchAndRest(order)
        }
        probes.bookAmend.return(token, fills.count)
        return .amended(fills: fills)
    }

    // MARK: internals

    private func matchAndRest(_ order: Order) -> [Fill] {
        var taker = order
        let fills = match(&taker)
        if taker.quantity > 0 {
            let depth = update(taker.side) { $0.append(taker) }
            // The queue position sums the whole level: cheap near the market, a CPU hot spot at the deep level.
            let ahead = book(taker.side).quantity(at: taker.price) - taker.quantity
            open[taker.id] = Location(side: taker.side, price: taker.price, client: taker.client, queueAhead: ahead)
            probes.rest.fire(taker.side.rawValue, taker.price, taker.quantity, depth)
        }
        return fills
    }

    /// Fills `taker` against the best resting orders while its limit crosses them.
    private func match(_ taker: inout Order) -> [Fill] {
        let token = probes.bookMatch.entry(taker.side.rawValue, taker.price, taker.quantity)
        var fills: [Fill] = []
        let other = taker.side.opposite
        while taker.quantity > 0, let maker = book(other).bestOrder, taker.crosses(maker.price) {
            let quantity = min(taker.quantity, maker.quantity)
            let left = update(other) { $0.fillBest(quantity) }
            if left == 0 { open[maker.id] = nil }
            taker.quantity -= quantity
            trades.record(price: maker.price, quantity: quantity)
            let fill = Fill(price: maker.price, quantity: quantity, makerOrder: maker.id, takerOrder: taker.id,
                            makerClient: maker.client, takerClient: taker.client, makerDone: left == 0)
            probes.fill.fire(fill.price, fill.quantity, fill.makerClient, fill.takerClient)
            fills.append(fill)
        }
        probes.bookMatch.return(token, fills.count)
        return fills
    }

    private func remove(id: Int, _ loc: Location) -> Order? {
        open[id] = nil
        return update(loc.side) { $0.remove(id: id, price: loc.price) }
    }

    private func book(_ side: Side) -> BookSide { side == .buy ? bids : asks }

    private func update<R>(_ side: Side, _ body: (inout BookSide) -> R) -> R {
        side == .buy ? body(&bids) : body(&asks)
    }
}
