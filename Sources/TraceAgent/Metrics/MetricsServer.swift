// The /metrics endpoint: a small HTTP/1.1 server on one thread of its own ("trace metrics"), an epoll loop over
// the listening socket and at most `maximumConnections` clients. Each client sends one request and gets one
// response, then the connection closes (`Connection: close`). Bounds: a request head of at most
// `maximumRequestBytes` (431 beyond), `requestTimeout` for the whole exchange (408 if the request is not in by
// then), and clients beyond the limit get a 503 at once. Every socket is non-blocking, and a scrape reads
// aggregations the way `show` does (merging the threads' shards), so no traced thread ever waits for it.
import Glibc
import Synchronization
import TraceCore
import TraceSystem

/// Serves exported aggregations to Prometheus.
public final class MetricsServer: @unchecked Sendable {   // `connections` is touched only by the loop's thread; the worker is behind `lifecycle`; the rest is set in init
    /// Where and how the endpoint listens.
    public struct Configuration: Sendable {
        /// The IPv4 address to bind (default 127.0.0.1; another address prints a warning).
        public var host = "127.0.0.1"
        /// The TCP port (0: any free port; `port` then says which).
        public var port = 9464
        /// Clients served at once.
        public var maximumConnections = 16
        /// The longest request head accepted, in bytes.
        public var maximumRequestBytes = 8192
        /// How long one request and its response may take.
        public var requestTimeout: Duration = .seconds(5)
        /// The runtime whose aggregations are read.
        public var runtime: TraceRuntime = .shared
        /// The exports served.
        public var exports: MetricExports = .shared
        /// Where the warning about a non-loopback bind is written (standard error).
        public var warningFD: Int32 = 2

        /// The defaults.
        public init() {}

        /// The defaults with `address` parsed: `HOST:PORT`, `:PORT` or `PORT` (the host is then 127.0.0.1).
        public init(address: String) throws(MetricsAddressError) {
            self.init()
            (host, port) = try MetricsAddressError.parse(address)
        }
    }

    /// The address bound.
    public let host: String
    /// The port bound.
    public let port: Int
    private let configuration: Configuration
    private let listenFD: Int32
    private let epollFD: Int32
    private let wakeFD: Int32
    private let stopping = Atomic<Bool>(false)
    /// The loop's thread, and whether `stop` has run.
    private let lifecycle = Lock((worker: WorkerThread?.none, stopped: false))
    private var connections: [Int32: MetricsConnection] = [:]

    private init(configuration: Configuration, listenFD: Int32, epollFD: Int32, wakeFD: Int32, port: Int) {
        self.configuration = configuration
        self.host = configuration.host
        self.port = port
        self.listenFD = listenFD
        self.epollFD = epollFD
        self.wakeFD = wakeFD
    }

    /// Binds and starts serving; warns on `warningFD` when the address is not a loopback one.
    public static func start(_ configuration: Configuration = Configuration()) throws(SystemError) -> MetricsServer {
        let listenFD = try Syscall.listen(host: configuration.host, port: configuration.port, backlog: 64)
        var epollFD: Int32 = -1, wakeFD: Int32 = -1
        do throws(SystemError) {
            epollFD = try Syscall.epollCreate()
            wakeFD = try Syscall.eventFD()
            try Syscall.epollControl(epollFD, 1, listenFD, EpollEvent.readable)
            try Syscall.epollControl(epollFD, 1, wakeFD, EpollEvent.readable)
            let server = MetricsServer(configuration: configuration, listenFD: listenFD, epollFD: epollFD, wakeFD: wakeFD,
                                       port: try Syscall.localPort(listenFD))
            if !configuration.host.hasPrefix("127.") {
                try? Syscall.writeAll(configuration.warningFD, "warning: the metrics endpoint listens on \(configuration.host):\(server.port), "
                                      + "reachable from other hosts; anyone who can connect reads every exported aggregation\n")
            }
            let worker = WorkerThread(name: "trace metrics") { [server] in server.loop() }
            server.lifecycle.withLock { $0.worker = worker }
            return server
        } catch {
            for fd in [listenFD, epollFD, wakeFD] where fd >= 0 { Syscall.close(fd) }
            throw error
        }
    }

    /// `host:port`, as a scrape config names the target.
    public var address: String { "\(host):\(port)" }

    /// Stops serving: closes every client and the listening socket. Idempotent.
    public func stop() {
        let worker: WorkerThread?? = lifecycle.withLock { l in
            defer { l.stopped = true }
            return l.stopped ? nil : l.worker
        }
        guard let worker else { return }
        stopping.store(true, ordering: .releasing)
        Syscall.signal(eventFD: wakeFD)
        worker?.join()
        for fd in [listenFD, epollFD, wakeFD] { Syscall.close(fd) }
    }

    // MARK: the loop (its thread only)

    private func loop() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * EpollEvent.size, alignment: 8)
        defer {
            buffer.deallocate()
            for fd in connections.keys { Syscall.close(fd) }
            connections = [:]
        }
        while !stopping.load(ordering: .acquiring) {
            let n = (try? Syscall.epollWait(epollFD, buffer, timeoutMilliseconds: 250)) ?? 0
            for i in 0..<n {
                let (events, fd) = Syscall.epollEvent(buffer, i)
                if fd == wakeFD { continue }
                if fd == listenFD {
                    acceptAll()
                } else if let c = connections[fd] {
                    handle(c, events: events)
                }
            }
            expire()
        }
    }

    private func acceptAll() {
        while let fd = try? Syscall.accept(listenFD, nonBlocking: true) {
            guard connections.count < configuration.maximumConnections else {
                let busy = HTTPResponse.refusal(.init(status: 503, reason: "Service Unavailable",
                                                      message: "\(configuration.maximumConnections) scrape\(configuration.maximumConnections == 1 ? " is" : "s are") being served already"))
                _ = busy.withUnsafeBytes { try? Syscall.sendSome(fd, $0) }
                Syscall.close(fd)
                continue
            }
            guard (try? Syscall.epollControl(epollFD, 1, fd, EpollEvent.readable | EpollEvent.readHangUp)) != nil else {
                Syscall.close(fd)
                continue
            }
            connections[fd] = MetricsConnection(fd: fd, deadline: .now + configuration.requestTimeout)
        }
    }

    private func handle(_ c: MetricsConnection, events: UInt32) {
        switch c.phase {
        case .reading:
            guard c.receive(limit: configuration.maximumRequestBytes + 1) else { return close(c) }
            if let end = c.headEnd() {
                respond(c, to: c.input[..<end])
            } else if c.input.count > configuration.maximumRequestBytes {
                reply(c, HTTPResponse.refusal(.init(status: 431, reason: "Request Header Fields Too Large",
                                                    message: "a request head may have at most \(configuration.maximumRequestBytes) bytes")))
            } else if events & (EpollEvent.error | EpollEvent.hangUp | EpollEvent.readHangUp) != 0 {
                close(c)
            }
        case .writing:
            if events & (EpollEvent.error | EpollEvent.hangUp) != 0 { return close(c) }
            flush(c)
        case .draining:
            if !c.discard() { close(c) }
        }
    }

    private func respond(_ c: MetricsConnection, to head: ArraySlice<UInt8>) {
        do {
            let request = try HTTPRequestHead.parse(head)
            let format = ExpositionFormat.negotiated(accept: request.accept)
            let body = MetricsScrape.exposition(runtime: configuration.runtime, exports: configuration.exports, format: format)
            reply(c, HTTPResponse.bytes(status: 200, reason: "OK", contentType: format.contentType, body: body,
                                        includeBody: request.method != "HEAD"))
        } catch {
            reply(c, HTTPResponse.refusal(error))
        }
    }

    private func reply(_ c: MetricsConnection, _ bytes: [UInt8]) {
        c.output = bytes
        c.phase = .writing
        flush(c)
        if c.phase == .writing { try? Syscall.epollControl(epollFD, 3, c.fd, EpollEvent.writable) }
    }

    private func flush(_ c: MetricsConnection) {
        switch c.send() {
        case .failed: close(c)
        case .pending: break
        case .done:
            // Half-close and read until the client closes, so unread request bytes do not turn into a reset
            // that could destroy the response before the client reads it.
            Syscall.shutdownWrite(c.fd)
            c.phase = .draining
            c.deadline = .now + .seconds(1)
            try? Syscall.epollControl(epollFD, 3, c.fd, EpollEvent.readable | EpollEvent.readHangUp)
        }
    }

    private func expire() {
        let now = ContinuousClock.now
        for c in connections.values where c.deadline < now {
            if c.phase == .reading {
                let late = HTTPResponse.refusal(.init(status: 408, reason: "Request Timeout", message: "the request did not arrive in time"))
                _ = late.withUnsafeBytes { try? Syscall.sendSome(c.fd, $0) }
            }
            close(c)
        }
    }

    private func close(_ c: MetricsConnection) {
        try? Syscall.epollControl(epollFD, 2, c.fd, 0)
        Syscall.close(c.fd)
        connections[c.fd] = nil
    }
}

/// A metrics address that does not parse.
public struct MetricsAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let description: String

    /// `HOST:PORT`, `:PORT` or `PORT` → (host, port); `localhost` is 127.0.0.1.
    static func parse(_ text: String) throws(MetricsAddressError) -> (String, Int) {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            let h = text[..<colon]
            if !h.isEmpty { host = h == "localhost" ? "127.0.0.1" : String(h) }
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw MetricsAddressError(description: "invalid metrics address '\(text)': write ADDR:PORT, e.g. 127.0.0.1:9464 (a port from 0 to 65535)")
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else {
            throw MetricsAddressError(description: "invalid metrics address '\(text)': the host must be an IPv4 address such as 127.0.0.1 or 0.0.0.0")
        }
        return (host, port)
    }
}
