// `trace-console list`: the agent sockets in the usual directories, each checked — a live agent answers the
// handshake (execname, probe count); a socket whose process is gone, or that nobody accepts on, is stale.
// Only sockets that pass AgentVerification are listed (directory and socket owned by the process's user, mode
// 0700, the listening process the one named); names are shown with control characters escaped.
import Glibc
import TraceAgent
import TraceSystem

/// A process whose trace agent socket was found.
public struct AttachableProcess: Sendable, Equatable {
    /// What a check of the socket found.
    public enum State: Sendable, Equatable {
        /// An agent answered the handshake.
        case live
        /// The socket is left over: its process is gone, or nobody accepts on it.
        case stale(String)
        /// Something is there, but this user cannot attach (permission, refusal, timeout).
        case unreachable(String)
    }

    /// The process id (from the socket's name).
    public var pid: Int32
    /// The socket's path.
    public var socketPath: String
    /// The executable's name (from the agent, else /proc).
    public var execname: String
    /// Probes the service declares (live agents only).
    public var probes: Int?
    /// Whether one can attach.
    public var state: State

    /// Creates an entry.
    public init(pid: Int32, socketPath: String, execname: String, probes: Int?, state: State) {
        self.pid = pid; self.socketPath = socketPath; self.execname = execname; self.probes = probes; self.state = state
    }

    /// Every agent socket in `directories`, by pid, each checked (a live one with a handshake of at most `timeout`).
    public static func list(directories: [String] = SocketPath.candidateDirectories(),
                            timeout: Duration = .seconds(1)) -> [AttachableProcess] {
        var found: [Int32: AttachableProcess] = [:]
        for directory in directories {
            for name in Syscall.directoryEntries(directory) where name.hasSuffix(".sock") {
                guard let pid = Int32(name.dropLast(5)), found[pid].map({ $0.state != .live }) ?? true else { continue }
                let path = SocketPath.socketPath(directory: directory, pid: pid)
                guard let s = try? Syscall.linkStatus(path), s.st_mode & S_IFMT == S_IFSOCK else { continue }
                // A live process's socket must sit where its user keeps them; a dead one's where the file's owner does.
                let uid = AgentVerification.uid(ofProcess: pid) ?? s.st_uid
                guard AgentVerification.problemWithLocation(path, pid: pid, uid: uid) == nil,
                      let checked = check(pid: pid, path: path, timeout: timeout) else { continue }
                if found[pid] == nil || checked.state == .live { found[pid] = checked }
            }
        }
        return found.keys.sorted().compactMap { found[$0] }
    }

    /// Checks one socket; nil when what listens there is not process `pid` (an impostor is not listed).
    static func check(pid: Int32, path: String, timeout: Duration) -> AttachableProcess? {
        guard Syscall.processExists(pid) else {
            return AttachableProcess(pid: pid, socketPath: path, execname: "?", probes: nil, state: .stale("process gone"))
        }
        let name = AgentVerification.escapingControls(Syscall.processName(pid))
        do {
            let remote = try RemoteBackend.connect(path: path, pid: pid, timeout: timeout, responseTimeout: timeout)
            remote.close()
            return AttachableProcess(pid: pid, socketPath: path, execname: remote.server.execname, probes: remote.server.probes, state: .live)
        } catch {
            if case .unusablePath = error { return nil }
            if error.errno == ECONNREFUSED {
                return AttachableProcess(pid: pid, socketPath: path, execname: name, probes: nil, state: .stale("nobody listening"))
            }
            return AttachableProcess(pid: pid, socketPath: path, execname: name, probes: nil, state: .unreachable(error.description))
        }
    }
}
