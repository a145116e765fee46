// The agent's listening socket and its accept thread. Each peer is checked with SO_PEERCRED before a byte is
// read: only the service's own uid and root are admitted; others get a `permission-denied` error frame and
// are closed. Admitted consoles are served by AgentConnection threads, at most `limits.connections` at once.
import Foundation
import Glibc
import TraceCore

/// Listens on the agent's socket and runs a thread per attached console.
final class AgentServer: @unchecked Sendable {
    let path: String
    private let listenFD: Int32
    private let limits: ConnectionLimits
    private let runtime: TraceRuntime
    private let registry: ProbeRegistry
    private let ownership = ProgramOwnership()
    private let router: OutputRouter
    private let serviceUID: UInt32
    private let execname: String

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var connections: [UInt64: AgentConnection] = [:]
    private var nextID: UInt64 = 1
    private var acceptRunning = false
    private var stopping = false

    /// Binds and listens on `path` (which must be free), with the socket file's mode set to `socketMode`.
    init(path: String, socketMode: mode_t, limits: ConnectionLimits, runtime: TraceRuntime, registry: ProbeRegistry) throws(AttachError) {
        let fd = try Syscalls.unixStreamSocket()
        do throws(AttachError) {
            try Syscalls.bind(fd, path: path)
            do throws(AttachError) {
                try Syscalls.changeMode(path, socketMode)
                try Syscalls.listen(fd, backlog: 64)
            } catch {
                try? Syscalls.unlink(path)
                throw error
            }
        } catch {
            Syscalls.close(fd)
            throw error
        }
        self.path = path
        self.listenFD = fd
        self.limits = limits
        self.runtime = runtime
        self.registry = registry
        self.router = OutputRouter(runtime: runtime, ownership: ownership)
        self.serviceUID = getuid()
        self.execname = Syscalls.processName(getpid())
    }

    /// The co-hosted console's output (see OutputRouter.drainForLocalConsole), if `runtime` is the agent's.
    func drainForLocalConsole(_ runtime: TraceRuntime) -> [OutputRecord]? {
        runtime === self.runtime ? router.drainForLocalConsole() : nil
    }

    /// Starts the accept thread.
    func start() {
        condition.lock()
        acceptRunning = true
        condition.unlock()
        let t = Thread { [self] in acceptLoop() }
        t.name = "trace agent"
        t.start()
    }

    /// Consoles attached now.
    var connectionCount: Int {
        condition.lock(); defer { condition.unlock() }
        return connections.count
    }

    /// Stops accepting, ends every connection (deleting the programs they own), removes the socket, and waits
    /// for the threads (at most `timeout` in all).
    func stop(timeout: Duration = .seconds(10)) {
        condition.lock()
        if stopping {
            condition.unlock()
            return
        }
        stopping = true
        let open = Array(connections.values)
        condition.unlock()
        for c in open { c.requestStop() }
        let deadline = Date(timeIntervalSinceNow: DurationText.seconds(timeout))
        condition.lock()
        while (acceptRunning || !connections.isEmpty) && Date() < deadline { _ = condition.wait(until: deadline) }
        condition.unlock()
        router.stop()
        try? Syscalls.unlink(path)
        Syscalls.close(listenFD)
    }

    private var isStopping: Bool {
        condition.lock(); defer { condition.unlock() }
        return stopping
    }

    private func acceptLoop() {
        defer {
            condition.lock()
            acceptRunning = false
            condition.broadcast()
            condition.unlock()
        }
        var failures = 0
        while !isStopping {
            do {
                guard try Syscalls.poll(listenFD, events: Int16(POLLIN), milliseconds: 200) != 0 else { continue }
                let fd = try Syscalls.accept(listenFD)
                failures = 0
                admit(fd)
            } catch {
                // EMFILE and the like: wait a little rather than spin; a peer that vanished before accept is harmless.
                failures += 1
                usleep(UInt32(min(failures, 10)) * 50_000)
            }
        }
    }

    /// Checks a new peer and starts its connection, or refuses it with an error frame.
    private func admit(_ fd: Int32) {
        let peer: PeerCredentials
        do { peer = try PeerCredentials.of(fd) } catch {
            refuse(fd, ProtocolErrorInfo(code: "permission-denied", message: "cannot read the peer's credentials: \(error)"))
            return
        }
        guard peer.mayAttach(toServiceOf: serviceUID) else {
            refuse(fd, ProtocolErrorInfo(code: "permission-denied",
                                         message: "uid \(peer.uid) may not attach to pid \(getpid()) (only uid \(serviceUID) and root may)"))
            return
        }
        condition.lock()
        if stopping {
            condition.unlock()
            refuse(fd, ProtocolErrorInfo(code: "shutting-down", message: "the trace agent is stopping"))
            return
        }
        guard connections.count < limits.connections else {
            condition.unlock()
            refuse(fd, ProtocolErrorInfo(code: "too-many-connections",
                                         message: "\(limits.connections) consoles are attached already, the most this agent serves"))
            return
        }
        let id = nextID
        nextID += 1
        let queue = OutputQueue(maximumRecords: limits.outputRecords, maximumBytes: limits.outputBytes)
        let backend = ConnectionBackend(id: id, runtime: runtime, registry: registry, ownership: ownership,
                                        output: queue, router: router, limits: limits)
        let hello = ServerHello(pid: getpid(), execname: execname, probes: registry.allProbes.count, uid: serviceUID, limits: limits)
        let connection = AgentConnection(id: id, fd: fd, peer: peer, backend: backend, hello: hello)
        connections[id] = connection
        condition.unlock()
        let t = Thread { [self] in
            connection.run()
            condition.lock()
            connections[id] = nil
            condition.broadcast()
            condition.unlock()
        }
        t.name = "trace agent connection \(id)"
        t.start()
    }

    /// Sends an error frame (without waiting long) and closes.
    private func refuse(_ fd: Int32, _ error: ProtocolErrorInfo) {
        let channel = SocketChannel(fd: fd, writeTimeout: .milliseconds(200))
        try? channel.write(AgentFrame(error: error))
        channel.close()
    }
}
