/// One side of the book: price levels kept sorted so the best price is found at once.
struct BookSide {
    let side: Side
    private var levels: [Int: PriceLevel] = [:]
    /// Prices with resting orders, ascending.
    private var prices: [Int] = []

    init(side: Side) { self.side = side }

    /// The best price: the highest bid or the lowest ask.
    var bestPrice: Int? { side == .buy ? prices.last : prices.first }

    /// Number of price levels.
    var levelCount: Int { prices.count }

    /// Prices with resting orders, best first.
    var pricesBestFirst: [Int] { side == .buy ? prices.reversed() : prices }

    /// Number of orders resting at `price`.
    func depth(at price: Int) -> Int { levels[price]?.count ?? 0 }

    /// Open quantity resting at `price`.
    func quantity(at price: Int) -> Int { levels[price]?.quantity ?? 0 }

    /// The orders at `price`, oldest first.
    func orders(at price: Int) -> [Order] { levels[price].map { Array($0.all) } ?? [] }

    /// The order with this id resting at `price`.
    func order(id: Int, price: Int) -> Order? { levels[price]?.order(id: id) }

    /// The oldest order at the best price.
    var bestOrder: Order? {
        guard let p = bestPrice else { return nil }
        return levels[p]?.front
    }

    /// Rests an order behind the others at its price; returns the level's depth afterwards.
    mutating func append(_ order: Order) -> Int {
        if levels[order.price] == nil { prices.insert(order.price, at: insertionIndex(order.price)) }
        levels[order.price, default: PriceLevel()].append(order)
        return levels[order.price]?.count ?? 0
    }

    /// Fills the oldest order at the best price by `quantity`; returns what remains of it.
    mutating func fillBest(_ quantity: Int) -> Int {
        guard let p = bestPrice else { return 0 }
        let left = levels[p]?.fillFront(quantity) ?? 0
        removeLevelIfEmpty(p)
        return left
    }

    /// Removes an order from the level at `price`.
    mutating func remove(id: Int, price: Int) -> Order? {
        guard let order = levels[price]?.remove(id: id) else { return nil }
        removeLevelIfEmpty(price)
        return order
    }

    /// Lowers an order's open quantity in place, keeping its time priority.
    mutating func reduce(id: Int, price: Int, to quantity: Int) -> Bool {
        levels[price]?.reduce(id: id, to: quantity) ?? false
    }

    private mutating func removeLevelIfEmpty(_ price: Int) {
        guard levels[price]?.isEmpty == true else { return }
        levels[price] = nil
        let i = insertionIndex(price)
        if i < prices.count && prices[i] == price { prices.remove(at: i) }
    }

    /// The first index whose price is not below `price` (binary search).
    private func insertionIndex(_ price: Int) -> Int {
        var lo = 0, hi = prices.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if prices[mid] < price { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
