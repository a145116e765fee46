/// The orders resting at one price, oldest first (time priority).
struct PriceLevel {
    /// Orders in arrival order; entries before `head` are consumed.
    private var orders: [Order] = []
    private var head = 0

    /// Number of resting orders.
    var count: Int { orders.count - head }
    var isEmpty: Bool { head == orders.count }

    /// Total open quantity at this level.
    var quantity: Int {
        var total = 0
        for i in head..<orders.count { total += orders[i].quantity }
        return total
    }

    /// The oldest order, if any.
    var front: Order? { isEmpty ? nil : orders[head] }

    /// Adds an order behind every order already here.
    mutating func append(_ order: Order) { orders.append(order) }

    /// Reduces the oldest order by `quantity`, removing it when nothing is left; returns what remains of it.
    mutating func fillFront(_ quantity: Int) -> Int {
        orders[head].quantity -= quantity
        let left = orders[head].quantity
        if left == 0 { popFront() }
        return left
    }

    /// Removes the order with this id (linear in the level's depth: a deep level makes cancels slow).
    mutating func remove(id: Int) -> Order? {
        guard let i = index(of: id) else { return nil }
        let order = orders.remove(at: i)
        compactIfNeeded()
        return order
    }

    /// Sets the open quantity of the order with this id, keeping its place in the queue.
    mutating func reduce(id: Int, to quantity: Int) -> Bool {
        guard let i = index(of: id) else { return false }
        orders[i].quantity = quantity
        return true
    }

    /// The resting order with this id.
    func order(id: Int) -> Order? { index(of: id).map { orders[$0] } }

    /// The resting orders, oldest first.
    var all: ArraySlice<Order> { orders[head...] }

    private func index(of id: Int) -> Int? {
        var i = head
        while i < orders.count {
            if orders[i].id == id { return i }
            i += 1
        }
        return nil
    }

    private mutating func popFront() {
        head += 1
        compactIfNeeded()
    }

    private mutating func compactIfNeeded() {
        if head == orders.count {
            orders.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= orders.count {
            orders.removeFirst(head)
            head = 0
        }
    }
}
