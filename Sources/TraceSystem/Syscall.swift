// Thin wrappers over the system calls this package makes, in one place (swift-system's habit): each retries on
// EINTR and throws `SystemError` with errno; no other module calls libc for I/O directly. The calls are grouped
// by subject in the Syscall+*.swift files beside this one.
import Glibc

/// The system calls, each retried on EINTR.
public enum Syscall {
    /// Calls `body` until it does not fail with EINTR; -1 with any other errno throws `SystemError(call, subject)`.
    @discardableResult @inline(__always)
    public static func retrying<T: FixedWidthInteger>(_ call: String, _ subject: String = "", _ body: () -> T) throws(SystemError) -> T {
        while true {
            let r = body()
            if r != -1 { return r }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw SystemError(call, subject: subject, code: code)
        }
    }

    /// read(2) into `buffer`: the byte count, 0 at end of file. A descriptor that would block throws EAGAIN.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        try retrying("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes every byte (retrying short writes and EINTR).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let n = try retrying("write") { Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
            offset += n
        }
    }

    /// Writes all of `string`'s UTF-8.
    public static func writeAll(_ fd: Int32, _ string: String) throws(SystemError) {
        var copy = string
        try copy.withUTF8 { buffer in
            Result { () throws(SystemError) in try writeAll(fd, UnsafeRawBufferPointer(buffer)) }
        }.get()
    }

    /// poll(2) on one descriptor for up to `milliseconds` (negative: no limit); the returned events, 0 on timeout.
    public static func poll(_ fd: Int32, events: Int16, milliseconds: Int32) throws(SystemError) -> Int16 {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let r = try retrying("poll") { Glibc.poll(&entry, 1, milliseconds) }
        return r == 0 ? 0 : entry.revents
    }

    /// Waits until `fd` is readable; false on timeout (`timeoutMilliseconds` < 0 waits forever).
    public static func waitReadable(_ fd: Int32, timeoutMilliseconds: Int32) throws(SystemError) -> Bool {
        try poll(fd, events: Int16(POLLIN), milliseconds: timeoutMilliseconds) != 0
    }

    /// A pipe, both ends close-on-exec.
    public static func makePipe() throws(SystemError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        try retrying("pipe") { Glibc.pipe(&fds) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    /// close(2). Not retried on EINTR: on Linux the descriptor is released either way.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}
