// Attach that cannot be fooled by another local user. Before a console sends anything to a socket it checks:
// - where it was found (searching the usual directories; a `--socket PATH` the user names skips this): the
//   directory is a real directory (not a symlink) owned by the target process's uid with mode 0700, and the
//   socket in it is owned by that uid too;
// - who answers (always): SO_PEERCRED says the listening process is the target PID, running as the uid
//   `/proc/PID/status` gives.
// Each refusal names what did not match. Text an agent sends back is shown with control characters escaped.
import Glibc
import TraceAgent
import TraceSystem

/// Checks that a socket belongs to the process a console means to attach to.
enum AgentVerification {
    /// The real uid of process `pid` (the `Uid:` line of /proc/PID/status), nil if it cannot be read.
    static func uid(ofProcess pid: Int32) -> UInt32? {
        guard let bytes = Syscall.readSmallFile("/proc/\(pid)/status", limit: 16384) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Uid:") {
            return line.dropFirst(4).split(whereSeparator: { $0 == "\t" || $0 == " " }).first.flatMap { UInt32($0) }
        }
        return nil
    }

    /// Why the socket at `path` (found by searching) cannot be process `pid`'s, or nil if its directory and
    /// file are as the agent makes them.
    static func problemWithLocation(_ path: String, pid: Int32, uid: UInt32) -> String? {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        guard let d = try? Syscall.linkStatus(directory.isEmpty ? "/" : directory) else { return "\(directory) cannot be read" }
        if d.st_mode & S_IFMT == S_IFLNK { return "\(directory) is a symlink" }
        guard d.st_mode & S_IFMT == S_IFDIR else { return "\(directory) is not a directory" }
        if d.st_uid != uid { return "\(directory) belongs to uid \(d.st_uid), but pid \(pid) runs as uid \(uid)" }
        if d.st_mode & 0o077 != 0 {
            return "\(directory) has mode \(String(d.st_mode & 0o777, radix: 8)), not 700 (others could have put the socket there)"
        }
        guard let s = try? Syscall.linkStatus(path), s.st_mode & S_IFMT == S_IFSOCK else { return "\(path) is not a socket" }
        if s.st_uid != uid { return "\(path) belongs to uid \(s.st_uid), but pid \(pid) runs as uid \(uid)" }
        return nil
    }

    /// Why the process listening on connected socket `fd` is not process `pid` running as `uid`, or nil.
    static func problemWithPeer(_ fd: Int32, pid: Int32, uid: UInt32) -> String? {
        let peer: PeerCredentials
        do { peer = try PeerCredentials.ofPeer(fd) } catch { return "cannot read the listening process's credentials: \(error)" }
        var mismatches: [String] = []
        if peer.pid != pid { mismatches.append("its pid is \(peer.pid), not \(pid)") }
        if peer.uid != uid { mismatches.append("its uid is \(peer.uid), not \(uid) (the uid of pid \(pid))") }
        guard !mismatches.isEmpty else { return nil }
        return "the process listening there is not pid \(pid): " + mismatches.joined(separator: " and ")
    }

    /// The socket of process `pid`: the first in `directories` whose location checks out. Throws, naming what
    /// did not match for each socket found, when none does.
    static func find(pid: Int32, directories: [String] = SocketPath.candidateDirectories()) throws(AttachError) -> String {
        guard let uid = uid(ofProcess: pid) else {
            throw .unusablePath("no process \(pid) (looked in /proc/\(pid)/status)")
        }
        var refused: [String] = []
        for directory in directories {
            let path = SocketPath.socketPath(directory: directory, pid: pid)
            guard let s = try? Syscall.linkStatus(path), s.st_mode & S_IFMT == S_IFSOCK else { continue }
            if let problem = problemWithLocation(path, pid: pid, uid: uid) { refused.append("\(path): \(problem)") } else { return path }
        }
        if refused.isEmpty {
            throw .unusablePath("no trace agent socket for pid \(pid) (looked in \(directories.joined(separator: ", "))); does the service call TraceAgent.start()?")
        }
        throw .unusablePath("refusing every socket found for pid \(pid): " + refused.joined(separator: "; "))
    }

    /// `text` with control characters (C0, DEL, C1) shown as `\u{…}` escapes; newlines and tabs kept when `keepLines`.
    static func escapingControls(_ text: String, keepLines: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if keepLines && (scalar == "\n" || scalar == "\t") { out.unicodeScalars.append(scalar); continue }
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                out += "\\u{" + String(v, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
