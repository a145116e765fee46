// Thin wrappers over the libc calls the Terminal module makes: EINTR retried, errors as `SystemError`.
// The rest of the module never calls libc directly.
import Glibc

/// An error from a system call: the call's name and `errno`.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failing call, e.g. "read".
    public var call: String
    /// The `errno` value it failed with.
    public var code: Int32
    /// Creates an error for `call` failing with `code`.
    public init(_ call: String, code: Int32) { self.call = call; self.code = code }
    /// "read: Input/output error (errno 5)".
    public var description: String { "\(call): \(String(cString: strerror(code))) (errno \(code))" }
}

enum Sys {
    /// Calls `body` until it does not fail with EINTR; a negative result throws `SystemError(call, errno)`.
    @discardableResult
    static func retrying<T: BinaryInteger>(_ call: String, _ body: () -> T) throws(SystemError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemError(call, code: code)
        }
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try retrying("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes every byte (retrying short writes and EINTR).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = try retrying("write") { Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
            offset += n
        }
    }

    static func writeAll(_ fd: Int32, _ string: String) throws {
        var copy = string
        try copy.withUTF8 { (buffer) throws in try writeAll(fd, UnsafeRawBufferPointer(buffer)) }
    }

    /// Waits until `fd` is readable; returns false on timeout (`timeoutMilliseconds` < 0 waits forever).
    static func waitReadable(_ fd: Int32, timeoutMilliseconds: Int32) throws -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let n = try retrying("poll") { Glibc.poll(&pfd, 1, timeoutMilliseconds) }
        return n > 0
    }

    static func isTerminal(_ fd: Int32) -> Bool { Glibc.isatty(fd) == 1 }

    static func getAttributes(_ fd: Int32) throws -> termios {
        var t = termios()
        try retrying("tcgetattr") { tcgetattr(fd, &t) }
        return t
    }

    static func setAttributes(_ fd: Int32, _ t: termios, drain: Bool) throws {
        var copy = t
        try retrying("tcsetattr") { tcsetattr(fd, drain ? TCSADRAIN : TCSANOW, &copy) }
    }

    /// The window size of the terminal on `fd`, or nil if it is not a terminal or reports 0×0.
    static func windowSize(_ fd: Int32) -> (rows: Int, columns: Int)? {
        var ws = winsize()
        guard (try? retrying("ioctl", { ioctl(fd, UInt(TIOCGWINSZ), &ws) })) != nil else { return nil }
        guard ws.ws_row > 0, ws.ws_col > 0 else { return nil }
        return (Int(ws.ws_row), Int(ws.ws_col))
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws -> Int32 {
        try retrying("open") { Glibc.open(path, flags, mode) }
    }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    static func lock(_ fd: Int32, exclusive: Bool) throws {
        try retrying("flock") { flock(fd, exclusive ? LOCK_EX : LOCK_SH) }
    }

    static func unlock(_ fd: Int32) { _ = flock(fd, LOCK_UN) }

    static func truncate(_ fd: Int32) throws {
        try retrying("ftruncate") { ftruncate(fd, 0) }
        try retrying("lseek") { lseek(fd, 0, SEEK_SET) }
    }

    /// Reads `fd` from its current offset to the end.
    static func readToEnd(_ fd: Int32) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = try chunk.withUnsafeMutableBytes { (b) throws in try read(fd, into: b) }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        try retrying("pipe") { Glibc.pipe(&fds) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    static func stopSelf() { _ = kill(getpid(), SIGSTOP) }
}
