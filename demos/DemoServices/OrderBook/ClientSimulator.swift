/// One trading client on its own thread: submits, cancels and amends orders at a steady pace.
///
/// Behaviour worth finding with the tracer: most orders rest near the reference price; some cross
/// it and fill; now and then a large sweep order fills against several levels at once (a burst of
/// fills) or the reference price jumps. Client 1 also keeps adding buy orders at one round price
/// below the market, so that level grows deep (up to `deepLevelCap` orders) and cancels there get slow.
public struct ClientSimulator: Sendable {
    /// How the client trades.
    public struct Behaviour: Sendable {
        /// Orders this client keeps open at most (beyond the deep level); over it, it cancels.
        public var maxOpenOrders = 200
        /// The client that builds the deep level (nil: none).
        public var deepLevelClient: Int? = 1
        /// Ticks below the reference centre where the deep level sits.
        public var deepLevelOffset = 50
        /// Orders the deep level grows to before its oldest are cancelled.
        public var deepLevelCap = 2_000

        /// The default behaviour.
        public init() {}
    }

    let client: Int
    let gateway: Gateway
    let reports: ExecutionReports
    let reference: ReferencePrice
    let behaviour: Behaviour
    /// Nanoseconds between two actions of this client.
    let interval: Int

    /// Creates client number `client` (1-based) acting every `interval` nanoseconds.
    public init(client: Int, gateway: Gateway, reports: ExecutionReports, reference: ReferencePrice,
                behaviour: Behaviour = Behaviour(), interval: Int) {
        self.client = client
        self.gateway = gateway
        self.reports = reports
        self.reference = reference
        self.behaviour = behaviour
        self.interval = max(interval, 1_000)
    }

    /// Trades until `stop` is raised.
    public func run(until stop: StopFlag) {
        var state = State(seed: UInt64(client) &* 0x2545_F491_4F6C_DD1D)
        var next = MonotonicClock.nanoseconds()
        while !stop.isRaised {
            step(&state)
            next += interval
            let now = MonotonicClock.nanoseconds()
            if now - next > 100_000_000 { next = now }   // fell far behind (slow path): do not burst to catch up
            MonotonicClock.sleep(until: next)
        }
    }

    struct State {
        var rng: FastRandom
        var open = OpenOrders()
        /// Ids of this client's deep-level orders, oldest first (index `deepHead` onwards).
        var deep: [Order] = []
        var deepHead = 0

        init(seed: UInt64) { rng = FastRandom(seed: seed) }
    }

    /// One action: learn which orders closed, then submit, cancel or amend.
    func step(_ state: inout State) {
        for id in reports.drain(client: client) { state.open.remove(id: id) }
        if state.rng.chance(0.05) { reference.move(by: state.rng.chance(0.5) ? 1 : -1) }
        if state.rng.chance(0.0005) { reference.move(by: state.rng.chance(0.5) ? 8 : -8) }   // news: a jump
        if state.open.count >= behaviour.maxOpenOrders, let victim = state.open.random(using: &state.rng) {
            cancel(victim, &state)
            return
        }
        let roll = state.rng.int(in: 0...99)
        if roll < 65 || state.open.isEmpty {
            submit(&state)
        } else if roll < 85, let order = state.open.random(using: &state.rng) {
            cancel(order, &state)
        } else if let order = state.open.random(using: &state.rng) {
            amend(order, &state)
        }
    }

    private func submit(_ state: inout State) {
        let mid = reference.current
        if client == behaviour.deepLevelClient, state.rng.chance(0.15) {
            addToDeepLevel(&state)
            return
        }
        let side: Side = state.rng.chance(0.5) ? .buy : .sell
        let sign = side == .buy ? 1 : -1
        var quantity = state.rng.int(in: 1...10) * 10
        var price: Int
        let kind = state.rng.int(in: 0...999)
        switch kind {
        case 0..<10:                       // sweep: crosses several levels, a burst of fills
            price = mid + sign * 12
            quantity = state.rng.int(in: 300...900)
        case 10..<13:                      // fat finger: over the quantity limit
            price = mid
            quantity = 5_000
        case 13..<15:                      // far from the market: outside the price band
            price = mid + sign * 800
        case 15..<115:                     // marketable: crosses the spread
            price = mid + sign * state.rng.int(in: 0...3)
        default:                           // passive: rests near the market
            price = mid - sign * state.rng.int(in: 1...10)
        }
        if let id = gateway.submit(client: client, side: side, price: price, quantity: quantity) {
            state.open.insert(Order(id: id, client: client, side: side, price: price, quantity: quantity))
        }
    }

    private func addToDeepLevel(_ state: inout State) {
        let price = reference.center - behaviour.deepLevelOffset
        let quantity = state.rng.int(in: 1...5) * 10
        guard let id = gateway.submit(client: client, side: .buy, price: price, quantity: quantity) else { return }
        state.deep.append(Order(id: id, client: client, side: .buy, price: price, quantity: quantity))
        if state.deep.count - state.deepHead > behaviour.deepLevelCap {
            let oldest = state.deep[state.deepHead]
            state.deepHead += 1
            _ = gateway.cancel(client: client, orderID: oldest.id, side: .buy, price: oldest.price, quantity: oldest.quantity)
        }
        if state.deepHead > 4_096 {
            state.deep.removeFirst(state.deepHead)
            state.deepHead = 0
        }
    }

    private func cancel(_ order: Order, _ state: inout State) {
        state.open.remove(id: order.id)
        _ = gateway.cancel(client: client, orderID: order.id, side: order.side, price: order.price, quantity: order.quantity)
    }

    private func amend(_ order: Order, _ state: inout State) {
        var amended = order
        amended.price += state.rng.int(in: -2...2)
        amended.quantity = max(1, order.quantity + state.rng.int(in: -5...5) * 10)
        state.open.remove(id: order.id)
        if gateway.amend(client: client, orderID: order.id, side: order.side, price: amended.price, quantity: amended.quantity) {
            state.open.insert(amended)
        } else {
            state.open.insert(order)
        }
    }
}
