import DemoServices
import Testing

/// Matching rules of the book alone, on the test thread (no matcher, no clients).
@Suite struct OrderBookMatchingTests {
    let book = OrderBook(probes: OrderBookProbes(provider: "orders_unit"))

    private func buy(_ id: Int, _ price: Int, _ qty: Int, client: Int = 1) -> Order {
        Order(id: id, client: client, side: .buy, price: price, quantity: qty)
    }
    private func sell(_ id: Int, _ price: Int, _ qty: Int, client: Int = 2) -> Order {
        Order(id: id, client: client, side: .sell, price: price, quantity: qty)
    }

    @Test func nonCrossingOrdersRestAndSetTheSpread() {
        #expect(book.insert(buy(1, 99, 10)).isEmpty)
        #expect(book.insert(buy(2, 98, 10)).isEmpty)
        #expect(book.insert(sell(3, 101, 10)).isEmpty)
        #expect(book.bestBid == 99)
        #expect(book.bestAsk == 101)
        #expect(book.prices(.buy) == [99, 98])
        #expect(book.openOrderCount == 3)
    }

    @Test func aRestingOrderKnowsTheQuantityQueuedAheadOfIt() {
        _ = book.insert(buy(1, 100, 30))
        _ = book.insert(buy(2, 100, 20))
        _ = book.insert(buy(3, 99, 50))
        #expect(book.queueAhead(1) == 0)
        #expect(book.queueAhead(2) == 30)
        #expect(book.queueAhead(3) == 0)
    }

    @Test func theAveragePriceIsWeightedByTradedQuantity() {
        _ = book.insert(sell(1, 100, 30))
        _ = book.insert(sell(2, 104, 10))
        #expect(book.recentAveragePrice == nil)
        _ = book.insert(buy(3, 104, 40))                    // trades 30 at 100 and 10 at 104
        _ = book.insert(buy(4, 90, 10))                     // the next insert sees them
        #expect(book.recentAveragePrice == (30 * 100 + 10 * 104) / 40)
    }

    @Test func betterPricesMatchFirstAtTheMakersPrice() {
        _ = book.insert(sell(1, 101, 5))
        _ = book.insert(sell(2, 100, 5))
        _ = book.insert(sell(3, 102, 5))
        let fills = book.insert(buy(4, 105, 12))
        #expect(fills.map(\.price) == [100, 101, 102])
        #expect(fills.map(\.quantity) == [5, 5, 2])
        #expect(fills.map(\.makerOrder) == [2, 1, 3])
        #expect(fills.allSatisfy { $0.takerOrder == 4 && $0.takerClient == 1 && $0.makerClient == 2 })
        #expect(book.quantity(.sell, at: 102) == 3)
        #expect(!book.isOpen(4))    // fully filled: nothing rests
        #expect(book.bestBid == nil)
    }

    @Test func olderOrdersAtAPriceMatchFirst() {
        _ = book.insert(sell(1, 100, 5, client: 2))
        _ = book.insert(sell(2, 100, 5, client: 3))
        _ = book.insert(sell(3, 100, 5, client: 4))
        let fills = book.insert(buy(4, 100, 7))
        #expect(fills.map(\.makerOrder) == [1, 2])
        #expect(fills.map(\.quantity) == [5, 2])
        #expect(fills.map(\.makerDone) == [true, false])
        #expect(book.orders(.sell, at: 100).map(\.id) == [2, 3])
        #expect(book.orders(.sell, at: 100).map(\.quantity) == [3, 5])
    }

    @Test func aPartlyFilledTakerRestsItsRemainder() {
        _ = book.insert(sell(1, 100, 4))
        let fills = book.insert(buy(2, 101, 10))
        #expect(fills.count == 1 && fills[0].quantity == 4 && fills[0].makerDone)
        #expect(book.bestAsk == nil)
        #expect(book.bestBid == 101)
        #expect(book.orders(.buy, at: 101) == [buy(2, 101, 6)])
    }

    @Test func cancelRemovesOnlyTheOwnersOpenOrder() {
        _ = book.insert(buy(1, 99, 10))
        _ = book.insert(buy(2, 99, 20))
        _ = book.insert(buy(3, 99, 30))
        #expect(book.cancel(id: 2, client: 9) == .notOwner)
        #expect(book.cancel(id: 2, client: 1) == .cancelled(buy(2, 99, 20)))
        #expect(book.cancel(id: 2, client: 1) == .notFound)
        #expect(book.cancel(id: 42, client: 1) == .notFound)
        #expect(book.orders(.buy, at: 99).map(\.id) == [1, 3])
        _ = book.cancel(id: 1, client: 1)
        _ = book.cancel(id: 3, client: 1)
        #expect(book.bestBid == nil && book.levelCount(.buy) == 0 && book.openOrderCount == 0)
        // A cancelled order no longer matches.
        #expect(book.insert(sell(4, 99, 5)).isEmpty)
    }

    @Test func amendDownKeepsPriorityAmendUpOrRepriceLosesIt() {
        _ = book.insert(sell(1, 100, 10))
        _ = book.insert(sell(2, 100, 10))
        #expect(book.amend(id: 1, client: 2, price: 100, quantity: 4) == .amended(fills: []))
        #expect(book.orders(.sell, at: 100).map(\.id) == [1, 2])
        #expect(book.amend(id: 1, client: 2, price: 100, quantity: 15) == .amended(fills: []))
        #expect(book.orders(.sell, at: 100).map(\.id) == [2, 1])
        #expect(book.amend(id: 2, client: 2, price: 101, quantity: 10) == .amended(fills: []))
        #expect(book.bestAsk == 100 && book.orders(.sell, at: 101).map(\.id) == [2])
        #expect(book.amend(id: 2, client: 3, price: 101, quantity: 1) == .notOwner)
        #expect(book.amend(id: 2, client: 2, price: 101, quantity: 0) == .invalidQuantity)
        #expect(book.amend(id: 77, client: 2, price: 101, quantity: 1) == .notFound)
    }

    @Test func amendToACrossingPriceMatchesAtOnce() {
        _ = book.insert(sell(1, 100, 10))
        _ = book.insert(buy(2, 98, 4))
        let result = book.amend(id: 2, client: 1, price: 100, quantity: 4)
        guard case .amended(let fills) = result else { Issue.record("not amended: \(result)"); return }
        #expect(fills.map(\.quantity) == [4] && fills[0].price == 100 && fills[0].makerOrder == 1)
        #expect(!book.isOpen(2))
        #expect(book.quantity(.sell, at: 100) == 6)
    }

    @Test func invalidInsertsAreIgnored() {
        #expect(book.insert(buy(1, 100, 0)).isEmpty)
        #expect(book.insert(buy(2, 100, -5)).isEmpty)
        _ = book.insert(buy(3, 100, 5))
        #expect(book.insert(buy(3, 100, 5)).isEmpty)    // duplicate id
        #expect(book.openOrderCount == 1 && book.depth(.buy, at: 100) == 1)
    }

    @Test func deepLevelsStayInTimeOrderThroughCancels() {
        for i in 1...500 { _ = book.insert(buy(i, 95, 1)) }
        for i in stride(from: 2, through: 500, by: 2) { _ = book.cancel(id: i, client: 1) }
        #expect(book.depth(.buy, at: 95) == 250)
        let fills = book.insert(sell(1_000, 95, 300))
        #expect(fills.count == 250)
        #expect(fills.map(\.makerOrder) == Array(stride(from: 1, through: 499, by: 2)))
        #expect(book.orders(.sell, at: 95).map(\.quantity) == [50])
    }
}
