// Processes and the environment.
import Glibc

extension Syscall {
    /// Whether a process with this pid exists (kill(pid, 0) succeeds or fails only for lack of permission).
    public static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || Glibc.errno == EPERM
    }

    /// The process's short name (`/proc/PID/comm`), or "?".
    public static func processName(_ pid: Int32) -> String {
        guard let bytes = readSmallFile("/proc/\(pid)/comm") else { return "?" }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// An environment variable, or nil.
    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// This process's id, its parent's, and its real user and group ids.
    public static func processIdentity() -> (pid: Int32, ppid: Int32, uid: UInt32, gid: UInt32) {
        (getpid(), getppid(), getuid(), getgid())
    }

    /// Stops this process (SIGSTOP) until it is continued.
    public static func stopSelf() { _ = kill(getpid(), SIGSTOP) }
}
