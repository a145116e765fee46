// The socket and file system calls the attach code makes, in one place (swift-system's habit): each retries on
// EINTR and throws AttachError.system with errno; nothing else in Attach calls libc for I/O directly.
// Sockets are created close-on-exec, and writes use MSG_NOSIGNAL so a console that vanished raises EPIPE
// instead of killing the service with SIGPIPE.
import Glibc

/// accept4(2): a GNU extension the Glibc module does not export.
@_silgen_name("accept4")
private func c_accept4(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32

/// Thin wrappers over the system calls, retrying on EINTR.
enum Syscalls {
    /// Runs `body` until it does not fail with EINTR; -1 with any other errno throws.
    @inline(__always)
    static func retrying<T: FixedWidthInteger>(_ call: String, _ subject: String = "", _ body: () -> T) throws(AttachError) -> T {
        while true {
            let r = body()
            if r != -1 { return r }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw .system(call: call, subject: subject, errno: code)
        }
    }

    /// The longest path a `sockaddr_un` holds (107 bytes and the terminating NUL).
    static var maximumSocketPathBytes: Int { MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1 }

    /// A Unix-domain stream socket, close-on-exec.
    static func unixStreamSocket() throws(AttachError) -> Int32 {
        try retrying("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
    }

    /// Runs `body` with `path` as a `sockaddr_un`.
    private static func withAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) throws(AttachError) -> R {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumSocketPathBytes, !bytes.contains(0) else {
            throw .unusablePath("socket path '\(path)' is empty or longer than \(maximumSocketPathBytes) bytes")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// bind(2) to a path.
    static func bind(_ fd: Int32, path: String) throws(AttachError) {
        let r = try withAddress(path) { Glibc.bind(fd, $0, $1) == 0 ? 0 : Glibc.errno }
        if r != 0 { throw .system(call: "bind", subject: path, errno: r) }
    }

    /// listen(2).
    static func listen(_ fd: Int32, backlog: Int32) throws(AttachError) {
        _ = try retrying("listen") { Glibc.listen(fd, backlog) }
    }

    /// connect(2) to a path; an interrupted connect that completed meanwhile counts as connected.
    static func connect(_ fd: Int32, path: String) throws(AttachError) {
        var first = true
        while true {
            let r = try withAddress(path) { Glibc.connect(fd, $0, $1) == 0 ? 0 : Glibc.errno }
            if r == 0 || (r == EISCONN && !first) { return }
            if r == EINTR { first = false; continue }
            throw .system(call: "connect", subject: path, errno: r)
        }
    }

    /// accept4(2), the new descriptor close-on-exec.
    static func accept(_ fd: Int32) throws(AttachError) -> Int32 {
        try retrying("accept") { c_accept4(fd, nil, nil, Int32(SOCK_CLOEXEC.rawValue)) }
    }

    /// send(2) with MSG_NOSIGNAL and MSG_DONTWAIT: bytes written, 0 if the socket buffer is full.
    static func sendSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(AttachError) -> Int {
        while true {
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            if n >= 0 { return n }
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return 0 }
            throw .system(call: "send", subject: "", errno: code)
        }
    }

    /// recv(2) with MSG_DONTWAIT: bytes read (0 at end of stream), nil if nothing is there yet.
    static func receiveSome(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws(AttachError) -> Int? {
        while true {
            let n = Glibc.recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT))
            if n >= 0 { return n }
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            throw .system(call: "recv", subject: "", errno: code)
        }
    }

    /// poll(2) on one descriptor for up to `milliseconds` (negative: none); the returned events, 0 on timeout.
    static func poll(_ fd: Int32, events: Int16, milliseconds: Int32) throws(AttachError) -> Int16 {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let r = try retrying("poll") { Glibc.poll(&entry, 1, milliseconds) }
        return r == 0 ? 0 : entry.revents
    }

    /// shutdown(2) both directions, waking any thread polling or reading the socket. Errors are ignored.
    static func shutdownBoth(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// close(2). Not retried on EINTR: on Linux the descriptor is released either way.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// getsockopt(2) into a value of type T.
    static func socketOption<T>(_ fd: Int32, level: Int32, name: Int32, as: T.Type, initial: T) throws(AttachError) -> T {
        var value = initial
        var length = socklen_t(MemoryLayout<T>.size)
        _ = try retrying("getsockopt") { withUnsafeMutableBytes(of: &value) { Glibc.getsockopt(fd, level, name, $0.baseAddress, &length) } }
        return value
    }

    /// lstat(2): nil if the path does not exist.
    static func linkStatus(_ path: String) throws(AttachError) -> stat? {
        var s = stat()
        while lstat(path, &s) != 0 {
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == ENOENT { return nil }
            throw .system(call: "lstat", subject: path, errno: code)
        }
        return s
    }

    /// mkdir(2); false if it already existed.
    static func makeDirectory(_ path: String, mode: mode_t) throws(AttachError) -> Bool {
        while mkdir(path, mode) != 0 {
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == EEXIST { return false }
            throw .system(call: "mkdir", subject: path, errno: code)
        }
        return true
    }

    /// chmod(2).
    static func changeMode(_ path: String, _ mode: mode_t) throws(AttachError) {
        _ = try retrying("chmod", path) { chmod(path, mode) }
    }

    /// unlink(2); a path already gone is not an error.
    static func unlink(_ path: String) throws(AttachError) {
        while Glibc.unlink(path) != 0 {
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == ENOENT { return }
            throw .system(call: "unlink", subject: path, errno: code)
        }
    }

    /// The names in a directory (without `.` and `..`); empty if it cannot be read.
    static func directoryEntries(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether a process with this pid exists (kill(pid, 0) succeeds or fails only for lack of permission).
    static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || Glibc.errno == EPERM
    }

    /// The whole content of a small file (a /proc entry), or nil.
    static func readSmallFile(_ path: String, limit: Int = 4096) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while out.count < limit {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && Glibc.errno == EINTR { continue }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// The process's short name (`/proc/PID/comm`), or "?".
    static func processName(_ pid: Int32) -> String {
        guard let bytes = readSmallFile("/proc/\(pid)/comm") else { return "?" }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
