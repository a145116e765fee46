import TraceSystem

/// The whole order-book demo: probes, matcher, risk check, gateway and the client threads.
public final class OrderBookService: Sendable {
    /// How the demo runs.
    public struct Configuration: Sendable {
        /// Orders (submit, cancel and amend requests) per second, all clients together.
        public var rate = 3_000
        /// Number of client threads (clients are numbered from 1; client 3 has the slow risk path).
        public var clients = 4
        /// Risk limits and the slow client.
        public var risk = RiskCheck.Limits()
        /// How the clients trade.
        public var behaviour = ClientSimulator.Behaviour()

        /// The default configuration.
        public init() {}
    }

    /// The configuration in force.
    public let configuration: Configuration
    /// The probes, declared when the service was created.
    public let probes: OrderBookProbes
    /// The service's running totals.
    public let stats = OrderBookStats()
    /// The reference price the clients quote around.
    public let reference = ReferencePrice()

    private let reports: ExecutionReports
    private let matcher: Matcher
    private let gateway: Gateway
    private let stopFlag = Lock<StopFlag?>(nil)
    private let clientThreads = Lock<[WorkerThread]>([])

    /// Declares the probes (provider `probes`) and builds the components; nothing runs until `start()`.
    public init(configuration: Configuration = Configuration(), probes: OrderBookProbes = OrderBookProbes()) {
        self.configuration = configuration
        self.probes = probes
        reports = ExecutionReports(clients: configuration.clients)
        matcher = Matcher(probes: probes, reports: reports, stats: stats)
        let risk = RiskCheck(probes: probes, reference: reference, limits: configuration.risk)
        gateway = Gateway(probes: probes, risk: risk, matcher: matcher, stats: stats)
    }

    /// Starts the matcher and the client threads. Calling it while running does nothing.
    public func start() {
        let stop = StopFlag()
        let alreadyRunning = stopFlag.withLock { current in
            if current != nil { return true }
            current = stop
            return false
        }
        if alreadyRunning { return }
        matcher.start()
        let clients = max(configuration.clients, 1)
        let interval = 1_000_000_000 * clients / max(configuration.rate, 1)
        var threads: [WorkerThread] = []
        for client in 1...clients {
            let simulator = ClientSimulator(client: client, gateway: gateway, reports: reports, reference: reference,
                                            behaviour: configuration.behaviour, interval: interval)
            threads.append(WorkerThread(name: "client-\(client)") { simulator.run(until: stop) })
        }
        clientThreads.withLock { $0 = threads }
    }

    /// Stops the clients, then the matcher, and waits for every thread. Calling it when stopped does nothing.
    public func stop() {
        guard let stop = stopFlag.withLock({ f in defer { f = nil }; return f }) else { return }
        stop.raise()
        let threads = clientThreads.withLock { t in defer { t = [] }; return t }
        for t in threads { t.join() }
        matcher.stop()
    }
}
