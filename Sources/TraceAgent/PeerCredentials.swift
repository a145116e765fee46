// Who is at the other end of a Unix-domain socket, as the kernel recorded it at connect() time (SO_PEERCRED):
// the agent admits only its own uid and root. glibc's `struct ucred` is hidden behind _GNU_SOURCE, so it is
// declared here with the kernel's layout.
import Glibc
import TraceSystem

/// The kernel's `struct ucred`: pid, uid, gid of the peer.
struct KernelUcred {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}

/// The process, user and group of a connected socket's peer.
public struct PeerCredentials: Sendable, Equatable {
    /// The peer's process id.
    public var pid: Int32
    /// The peer's effective user id when it connected.
    public var uid: UInt32
    /// The peer's effective group id when it connected.
    public var gid: UInt32

    /// Creates credentials.
    public init(pid: Int32, uid: UInt32, gid: UInt32) { self.pid = pid; self.uid = uid; self.gid = gid }

    /// The credentials of `fd`'s peer.
    static func of(_ fd: Int32) throws(AttachError) -> PeerCredentials {
        let raw = try systemCall { () throws(SystemError) in try Syscall.socketOption(fd, level: SOL_SOCKET, name: SO_PEERCRED, as: KernelUcred.self, initial: KernelUcred()) }
        return PeerCredentials(pid: raw.pid, uid: raw.uid, gid: raw.gid)
    }

    /// Whether a peer may attach to a service running as `serviceUID`: the same user, or root.
    func mayAttach(toServiceOf serviceUID: UInt32) -> Bool {
        uid == serviceUID || uid == 0
    }
}

extension PeerCredentials {
    /// The credentials of the process at the other end of connected socket `fd` (for a console: the agent's).
    public static func ofPeer(_ fd: Int32) throws(AttachError) -> PeerCredentials { try of(fd) }
}
