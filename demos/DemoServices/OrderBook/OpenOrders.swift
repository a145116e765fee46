/// The orders a client believes are open: O(1) insert, remove and random pick (swap-remove).
struct OpenOrders {
    private var orders: [Order] = []
    private var position: [Int: Int] = [:]

    var count: Int { orders.count }
    var isEmpty: Bool { orders.isEmpty }

    mutating func insert(_ order: Order) {
        guard position[order.id] == nil else { return }
        position[order.id] = orders.count
        orders.append(order)
    }

    @discardableResult
    mutating func remove(id: Int) -> Order? {
        guard let i = position.removeValue(forKey: id) else { return nil }
        let order = orders[i]
        let last = orders.removeLast()
        if i < orders.count {
            orders[i] = last
            position[last.id] = i
        }
        return order
    }

    func random(using rng: inout FastRandom) -> Order? {
        orders.isEmpty ? nil : orders[rng.int(in: 0...(orders.count - 1))]
    }
}
