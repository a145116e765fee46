// The one call a service makes so that consoles can attach to it:
//
//     let agent = try TraceAgent.start()     // listens on $XDG_RUNTIME_DIR/trace-console/PID.sock
//     …
//     agent.stop()                           // or just exit: the socket is removed at exit
//
// Nothing runs on the service's threads: the agent has an accept thread, one thread per attached console and,
// while a console is attached, an output thread (AgentOutputThread) moving trace output into the consoles'
// cursors. Detached, it costs one thread blocked in poll(2).
import Glibc
import Synchronization
import TraceCore
import TraceSystem

/// The attach agent of this process: a Unix-domain socket consoles attach to (`trace-console attach PID`).
public final class TraceAgent: @unchecked Sendable {   // immutable after init; the server it wraps is thread-safe
    /// Where and how the agent listens.
    public struct Configuration: Sendable {
        /// The socket's directory; nil: `$XDG_RUNTIME_DIR/trace-console`, else `/tmp/trace-console-UID`.
        public var directory: String?
        /// The socket file's mode (default 0600: only the service's user can connect).
        public var socketMode: mode_t = 0o600
        /// The directory's mode when the agent creates it (default 0700).
        public var directoryMode: mode_t = 0o700
        /// What each attached console may do and hold.
        public var limits = ConnectionLimits()
        /// The runtime consoles act on.
        public var runtime: TraceRuntime = .shared
        /// The probes consoles see.
        public var registry: ProbeRegistry = .shared

        /// The defaults.
        public init() {}
    }

    /// The socket's path.
    public let socketPath: String
    private let server: AgentServer

    private init(server: AgentServer) {
        self.server = server
        self.socketPath = server.path
    }

    /// Starts the agent: prepares the directory, replaces a stale socket of a killed process with the same
    /// pid (and sweeps those of processes that are gone), listens, and arranges for the socket's removal at exit.
    /// Throws if the agent already runs in this process or the socket cannot be created.
    @discardableResult
    public static func start(_ configuration: Configuration = Configuration()) throws(AttachError) -> TraceAgent {
        let result: Result<TraceAgent, AttachError> = TraceAgent.instances.withLock { current in
            do throws(AttachError) {
                if let running = current { throw .alreadyRunning(path: running.socketPath) }
                let uid = getuid()
                let directory = configuration.directory ?? SocketPath.defaultDirectory(uid: uid)
                try SocketPath.prepareDirectory(directory, mode: configuration.directoryMode, uid: uid)
                SocketPath.sweep(directory, uid: uid)
                let path = SocketPath.socketPath(directory: directory, pid: getpid())
                try SocketPath.clearStale(path)
                let server = try AgentServer(path: path, socketMode: configuration.socketMode, limits: configuration.limits,
                                             runtime: configuration.runtime, registry: configuration.registry)
                let agent = TraceAgent(server: server)
                ExitCleanup.arm(path: path)
                server.start()
                current = agent
                return .success(agent)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The running agent of this process, if started.
    public static var running: TraceAgent? { TraceAgent.instances.withLock { $0 } }

    /// Consoles attached now.
    public var connectionCount: Int { server.connectionCount }

    /// Stops the agent: ends every connection (their programs are deleted unless kept), removes the socket.
    /// Idempotent; a new agent may be started afterwards.
    public func stop() {
        server.stop()
        ExitCleanup.disarm()
        TraceAgent.instances.withLock { current in
            if current === self { current = nil }
        }
    }

    private static let instances = Lock<TraceAgent?>(nil)
}

/// Removes the socket at exit(3) (not on a fatal signal: that leaves a stale socket, replaced at the next start
/// and skipped by `trace-console list`). A forked child that exits does not remove its parent's socket.
enum ExitCleanup {
    nonisolated(unsafe) private static let path = Atomic<UnsafeMutablePointer<CChar>?>(nil)
    private static let owner = Atomic<Int32>(0)
    private static let registered = Lock(false)

    static func arm(path newPath: String) {
        registered.withLock { done in
            if !done {
                atexit { ExitCleanup.run() }
                done = true
            }
        }
        owner.store(getpid(), ordering: .releasing)
        if let old = path.exchange(strdup(newPath), ordering: .acquiringAndReleasing) { free(old) }
    }

    static func disarm() {
        if let old = path.exchange(nil, ordering: .acquiringAndReleasing) { free(old) }
    }

    private static func run() {
        guard owner.load(ordering: .acquiring) == getpid(),
              let p = path.exchange(nil, ordering: .acquiringAndReleasing) else { return }
        _ = unlink(p)
        free(p)
    }
}
