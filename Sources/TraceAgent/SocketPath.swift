// Where an agent listens: `$XDG_RUNTIME_DIR/trace-console/PID.sock`, or, without a usable XDG_RUNTIME_DIR,
// `/tmp/trace-console-UID/PID.sock`. The directory is created with mode 0700 and must be a real directory
// owned by the service's user (a symlink or someone else's directory in /tmp is refused); the socket itself
// is created 0600. A socket file left by a killed process (nobody accepts on it) is stale and replaced.
import Foundation
import Glibc
import TraceSystem

/// The agent's socket locations.
public enum SocketPath {
    /// The directory this process's agent uses by default.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment,
                                        uid: UInt32 = getuid()) -> String {
        if let xdg = environment["XDG_RUNTIME_DIR"], xdg.hasPrefix("/"),
           let s = try? Syscall.linkStatus(xdg), s.st_mode & S_IFMT == S_IFDIR {
            return (xdg.hasSuffix("/") ? String(xdg.dropLast()) : xdg) + "/trace-console"
        }
        return "/tmp/trace-console-\(uid)"
    }

    /// `DIRECTORY/PID.sock`.
    public static func socketPath(directory: String, pid: Int32) -> String {
        "\(directory)/\(pid).sock"
    }

    /// Where consoles look for agents: the default directory, then the usual per-user ones; as root, every
    /// user's (root may attach to any service).
    public static func candidateDirectories(environment: [String: String] = ProcessInfo.processInfo.environment,
                                            uid: UInt32 = getuid()) -> [String] {
        var list = [defaultDirectory(environment: environment, uid: uid), "/run/user/\(uid)/trace-console", "/tmp/trace-console-\(uid)"]
        if uid == 0 {
            for user in Syscall.directoryEntries("/run/user").sorted() where UInt32(user) != nil {
                list.append("/run/user/\(user)/trace-console")
            }
            for name in Syscall.directoryEntries("/tmp").sorted() where name.hasPrefix("trace-console-") {
                list.append("/tmp/\(name)")
            }
        }
        var seen = Set<String>()
        return list.filter { seen.insert($0).inserted }
    }

    /// The socket of process `pid` in the first candidate directory that has one, or nil.
    public static func find(pid: Int32, directories: [String] = candidateDirectories()) -> String? {
        for directory in directories {
            let path = socketPath(directory: directory, pid: pid)
            if let s = try? Syscall.linkStatus(path), s.st_mode & S_IFMT == S_IFSOCK { return path }
        }
        return nil
    }

    /// Creates `directory` with `mode` if needed and checks it is a directory (not a symlink) owned by `uid`
    /// with no more access than `mode`; a directory of ours with wider access is narrowed.
    static func prepareDirectory(_ directory: String, mode: mode_t, uid: UInt32) throws(AttachError) {
        if try systemCall({ () throws(SystemError) in try Syscall.makeDirectory(directory, mode: mode) }) {
            try systemCall { () throws(SystemError) in try Syscall.changeMode(directory, mode) }   // mkdir's mode is reduced by the umask
            return
        }
        guard let s = try systemCall({ () throws(SystemError) in try Syscall.linkStatus(directory) }) else {
            throw .unusablePath("socket directory \(directory) vanished while it was being created")
        }
        guard s.st_mode & S_IFMT == S_IFDIR else {
            throw .unusablePath("\(directory) is not a directory (a symlink or file there is refused)")
        }
        guard s.st_uid == uid else {
            throw .unusablePath("socket directory \(directory) belongs to uid \(s.st_uid), not to this process's uid \(uid)")
        }
        if s.st_mode & 0o777 & ~mode != 0 { try systemCall { () throws(SystemError) in try Syscall.changeMode(directory, mode) } }
    }

    /// Throws `.unusablePath` if `path` does not fit a socket address.
    static func checkUsable(_ path: String) throws(AttachError) {
        guard Syscall.isUsableSocketPath(path) else {
            throw .unusablePath("socket path '\(path)' is empty or longer than \(Syscall.maximumSocketPathBytes) bytes")
        }
    }

    /// Makes `path` free for a new socket: nothing there, or a stale socket (nobody accepts on it) that is
    /// removed. A live socket or anything that is not a socket is an error.
    static func clearStale(_ path: String) throws(AttachError) {
        guard let s = try systemCall({ () throws(SystemError) in try Syscall.linkStatus(path) }) else { return }
        guard s.st_mode & S_IFMT == S_IFSOCK else {
            throw .unusablePath("\(path) exists and is not a socket; refusing to replace it")
        }
        switch probe(path) {
        case .live:
            throw .unusablePath("another agent is listening on \(path)")
        case .stale, .unreachable:
            try systemCall { () throws(SystemError) in try Syscall.unlink(path) }
        }
    }

    /// Removes the stale sockets of processes that no longer exist from `directory` (only this user's).
    static func sweep(_ directory: String, uid: UInt32) {
        for name in Syscall.directoryEntries(directory) where name.hasSuffix(".sock") {
            guard let pid = Int32(name.dropLast(5)), !Syscall.processExists(pid) else { continue }
            let path = directory + "/" + name
            guard let s = try? Syscall.linkStatus(path), s.st_mode & S_IFMT == S_IFSOCK, s.st_uid == uid else { continue }
            if case .stale = probe(path) { try? Syscall.unlink(path) }
        }
    }

    /// What a connect to a socket path finds.
    enum Probe: Equatable {
        /// Something accepts connections there.
        case live
        /// The file is there but nobody listens (ECONNREFUSED): a killed process's socket.
        case stale
        /// It cannot be reached (permission, or another error).
        case unreachable(AttachError)
    }

    /// Connects to `path` and closes at once.
    static func probe(_ path: String) -> Probe {
        let fd: Int32
        do { try checkUsable(path) } catch { return .unreachable(error) }
        do { fd = try systemCall { () throws(SystemError) in try Syscall.unixStreamSocket() } } catch { return .unreachable(error) }
        defer { Syscall.close(fd) }
        do {
            try systemCall { () throws(SystemError) in try Syscall.connect(fd, path: path) }
            return .live
        } catch {
            if error.errno == ECONNREFUSED || error.errno == ENOENT { return .stale }
            return .unreachable(error)
        }
    }
}
