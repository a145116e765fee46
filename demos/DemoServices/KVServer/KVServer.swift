import Foundation
import TraceSystem

/// The KV demo server: a RESP2 TCP server on 127.0.0.1 with one epoll event loop thread per core.
public final class KVServer: Sendable {
    /// Where and how the server runs.
    public struct Configuration: Sendable {
        /// The address to listen on (IPv4 dotted quad).
        public var host = "127.0.0.1"
        /// The port (0: an ephemeral port; see `port` after `start()`).
        public var port = 6380
        /// Event loop threads.
        public var threads = ProcessInfo.processInfo.activeProcessorCount
        /// Unparsed input all connections may hold at once (default 512 MiB); a read past it is answered
        /// `-ERR max total input buffer of N bytes reached` and its connection closed.
        public var maxBufferedInputBytes = 512 << 20

        /// The default configuration.
        public init() {}
    }

    private struct Running {
        let listenFD: Int32
        let port: Int
        let loops: [EventLoop]
        let threads: [WorkerThread]
    }

    /// The configuration in force.
    public let configuration: Configuration
    /// The probes, declared when the server was created.
    public let probes: KVProbes
    /// The key space.
    public let store: KVStore
    private let running = Lock<Running?>(nil)

    /// Declares the probes and creates the store; nothing listens until `start()`.
    public init(configuration: Configuration = Configuration(), probes: KVProbes = KVProbes(), store: KVStore = KVStore()) {
        self.configuration = configuration
        self.probes = probes
        self.store = store
    }

    /// Binds, listens and starts the event loops; returns the port. Calling it while running returns the port.
    @discardableResult
    public func start() throws -> Int {
        try running.withLock { state throws -> Int in
            if let state { return state.port }
            let fd = try Syscall.listen(host: configuration.host, port: configuration.port)
            do {
                let port = try Syscall.localPort(fd)
                let count = max(configuration.threads, 1)
                var loops: [EventLoop] = []
                let budget = InputBudget(limit: configuration.maxBufferedInputBytes)
                for i in 0..<count {
                    loops.append(try EventLoop(index: i, loopCount: count, listenFD: fd, store: store, probes: probes, inputBudget: budget))
                }
                let threads = loops.enumerated().map { i, loop in WorkerThread(name: "kv-loop-\(i)") { loop.run() } }
                state = Running(listenFD: fd, port: port, loops: loops, threads: threads)
                return port
            } catch {
                Syscall.close(fd)
                throw error
            }
        }
    }

    /// The port listened on, or nil when stopped.
    public var port: Int? { running.withLock { $0?.port } }

    /// Stops accepting, closes every connection and waits for the event loops. Does nothing when stopped.
    public func stop() {
        guard let state = running.withLock({ s in defer { s = nil }; return s }) else { return }
        for loop in state.loops { loop.requestStop() }
        for thread in state.threads { thread.join() }
        Syscall.close(state.listenFD)
    }
}
