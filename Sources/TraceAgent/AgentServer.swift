// The agent's listening socket and its accept thread. Each peer is checked with SO_PEERCRED before a byte is
// read: only the service's own uid and root are admitted; others get a `permission-denied` error frame and
// are closed. Admitted consoles are served by AgentConnection threads, at most `limits.connections` attached
// at once. Connections still in their handshake do not count: when `limits.connections` of them wait, the
// oldest is dropped, so clients that connect and stall never keep a console out.
import Glibc
import TraceCore
import TraceSystem

/// Listens on the agent's socket and runs a thread per attached console.
final class AgentServer: @unchecked Sendable {   // the mutable state is behind the `state` Lock; the rest is set in init
    let path: String
    private let listenFD: Int32
    private let limits: ConnectionLimits
    private let runtime: TraceRuntime
    private let registry: ProbeRegistry
    private let output: AgentOutputThread
    private let serviceUID: UInt32
    private let execname: String

    private let state = Lock(State())
    /// Bytes of incomplete frames all connections may hold at once (four maximum-size frames).
    private let budget: ReceiveBudget

    /// The connections and the threads' progress, behind `state`.
    private struct State {
        var connections: [UInt64: AgentConnection] = [:]
        var nextID: UInt64 = 1
        var acceptRunning = false
        var stopping = false
    }

    /// Binds and listens on `path` (which must be free), with the socket file's mode set to `socketMode`.
    init(path: String, socketMode: mode_t, limits: ConnectionLimits, runtime: TraceRuntime, registry: ProbeRegistry) throws(AttachError) {
        try SocketPath.checkUsable(path)
        let fd = try systemCall { () throws(SystemError) in try Syscall.unixStreamSocket() }
        do throws(AttachError) {
            try systemCall { () throws(SystemError) in try Syscall.bind(fd, path: path) }
            do throws(AttachError) {
                try systemCall { () throws(SystemError) in try Syscall.changeMode(path, socketMode) }
                try systemCall { () throws(SystemError) in try Syscall.listen(fd, backlog: 64) }
            } catch {
                try? Syscall.unlink(path)
                throw error
            }
        } catch {
            Syscall.close(fd)
            throw error
        }
        self.path = path
        self.listenFD = fd
        self.limits = limits
        self.budget = ReceiveBudget(limit: 4 * limits.maximumFrameBytes)
        self.runtime = runtime
        self.registry = registry
        self.output = AgentOutputThread(runtime: runtime)
        self.serviceUID = getuid()
        self.execname = Syscall.processName(getpid())
    }

    /// Starts the accept thread.
    func start() {
        state.withLock { $0.acceptRunning = true }
        WorkerThread(name: "trace agent") { [self] in acceptLoop() }
    }

    /// Consoles attached now.
    var connectionCount: Int {
        state.withLock { $0.connections.count }
    }

    /// Stops accepting, ends every connection (deleting the programs they own), removes the socket, and waits
    /// for the threads (at most `timeout` in all).
    func stop(timeout: Duration = .seconds(10)) {
        let open: [AgentConnection]? = state.withLock { s in
            if s.stopping { return nil }
            s.stopping = true
            return Array(s.connections.values)
        }
        guard let open else { return }
        for c in open { c.requestStop() }
        state.withLock(waitingUntil: { !$0.acceptRunning && $0.connections.isEmpty }, deadline: .now + timeout) { _ in }
        output.stop()
        try? Syscall.unlink(path)
        Syscall.close(listenFD)
    }

    private var isStopping: Bool {
        state.withLock { $0.stopping }
    }

    private func acceptLoop() {
        defer {
            state.withLock { $0.acceptRunning = false }
            state.broadcast()
        }
        var failures = 0
        while !isStopping {
            do {
                guard try systemCall({ () throws(SystemError) in try Syscall.poll(listenFD, events: Int16(POLLIN), milliseconds: 200) }) != 0 else { continue }
                guard let fd = try systemCall({ () throws(SystemError) in try Syscall.accept(listenFD) }) else { continue }
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
        let hello = ServerHello(pid: getpid(), execname: execname, probes: registry.allProbes.count, uid: serviceUID, limits: limits)
        let admitted: (connection: AgentConnection?, refusal: ProtocolErrorInfo?, dropped: AgentConnection?) = state.withLock { s in
            if s.stopping { return (nil, ProtocolErrorInfo(code: "shutting-down", message: "the trace agent is stopping"), nil) }
            guard s.connections.values.filter(\.isAttached).count < limits.connections else {
                return (nil, ProtocolErrorInfo(code: "too-many-connections",
                                               message: "\(limits.connections) consoles are attached already, the most this agent serves"), nil)
            }
            let waiting = s.connections.values.filter { !$0.isAttached }
            let dropped = waiting.count >= limits.connections ? waiting.min { $0.id < $1.id } : nil
            let id = s.nextID
            s.nextID += 1
            let backend = ConnectionBackend(runtime: runtime, registry: registry, limits: limits, hello: hello)
            let connection = AgentConnection(id: id, fd: fd, peer: peer, backend: backend, hello: hello, budget: budget)
            s.connections[id] = connection
            return (connection, nil, dropped)
        }
        admitted.dropped?.requestStop()
        guard let connection = admitted.connection else {
            if let refusal = admitted.refusal { refuse(fd, refusal) }
            return
        }
        let id = connection.id
        output.attach()
        WorkerThread(name: "trace agent connection \(id)") { [self] in
            connection.run()
            output.detach()
            state.withLock { $0.connections[id] = nil }
            state.broadcast()
        }
    }

    /// Sends an error frame (without waiting long) and closes.
    private func refuse(_ fd: Int32, _ error: ProtocolErrorInfo) {
        let channel = SocketChannel(fd: fd, writeTimeout: .milliseconds(200))
        try? channel.write(AgentFrame(error: error))
        channel.close()
    }
}
