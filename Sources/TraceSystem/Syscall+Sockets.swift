// Sockets: Unix-domain stream sockets (the trace agent), TCP (the demo services), and the calls both share.
// Sockets are created close-on-exec, and sends use MSG_NOSIGNAL so a peer that vanished raises EPIPE instead of
// killing the process with SIGPIPE.
import Glibc

extension Syscall {
    // MARK: Unix-domain sockets

    /// The longest path a `sockaddr_un` holds (107 bytes and the terminating NUL).
    public static var maximumSocketPathBytes: Int { MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1 }

    /// Whether `path` fits a `sockaddr_un` (not empty, not too long, no NUL).
    public static func isUsableSocketPath(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        return !bytes.isEmpty && bytes.count <= maximumSocketPathBytes && !bytes.contains(0)
    }

    /// A Unix-domain stream socket, close-on-exec.
    public static func unixStreamSocket() throws(SystemError) -> Int32 {
        try retrying("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
    }

    /// Runs `body` with `path` as a `sockaddr_un`; a path that does not fit is ENAMETOOLONG for `call`.
    private static func withAddress<R>(_ call: String, _ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) throws(SystemError) -> R {
        guard isUsableSocketPath(path) else { throw SystemError(call, subject: path, code: ENAMETOOLONG) }
        let bytes = Array(path.utf8)
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
    public static func bind(_ fd: Int32, path: String) throws(SystemError) {
        let r = try withAddress("bind", path) { Glibc.bind(fd, $0, $1) == 0 ? 0 : Glibc.errno }
        if r != 0 { throw SystemError("bind", subject: path, code: r) }
    }

    /// connect(2) to a path; an interrupted connect that completed meanwhile counts as connected.
    public static func connect(_ fd: Int32, path: String) throws(SystemError) {
        var first = true
        while true {
            let r = try withAddress("connect", path) { Glibc.connect(fd, $0, $1) == 0 ? 0 : Glibc.errno }
            if r == 0 || (r == EISCONN && !first) { return }
            if r == EINTR { first = false; continue }
            throw SystemError("connect", subject: path, code: r)
        }
    }

    // MARK: TCP

    /// A TCP socket listening on `host`:`port` (0: an ephemeral port), non-blocking, SO_REUSEADDR.
    public static func listen(host: String, port: Int, backlog: Int32 = 511) throws(SystemError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        do throws(SystemError) {
            var address = try socketAddress(host: host, port: port)
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard rc == 0 else { throw SystemError("bind") }
            try listen(fd, backlog: backlog)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// The port a socket is bound to.
    public static func localPort(_ fd: Int32) throws(SystemError) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw SystemError("getsockname") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A blocking TCP connection to `host`:`port` with TCP_NODELAY.
    public static func connect(host: String, port: Int) throws(SystemError) -> Int32 {
        let fd = try retrying("socket") { socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0) }
        do throws(SystemError) {
            var address = try socketAddress(host: host, port: port)
            var rc: Int32
            repeat {
                rc = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
            } while rc != 0 && Glibc.errno == EINTR
            guard rc == 0 else { throw SystemError("connect") }
        } catch {
            close(fd)
            throw error
        }
        setNoDelay(fd)
        return fd
    }

    /// Sets TCP_NODELAY.
    public static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    private static func socketAddress(host: String, port: Int) throws(SystemError) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw SystemError("inet_pton", code: EINVAL) }
        return address
    }

    // MARK: Either kind

    /// listen(2).
    public static func listen(_ fd: Int32, backlog: Int32) throws(SystemError) {
        try retrying("listen") { Glibc.listen(fd, backlog) }
    }

    /// accept4(2), the new descriptor close-on-exec (and non-blocking with `nonBlocking`); nil when no
    /// connection is waiting or the peer left before it was accepted.
    public static func accept(_ fd: Int32, nonBlocking: Bool = false) throws(SystemError) -> Int32? {
        let flags = Int32(SOCK_CLOEXEC.rawValue) | (nonBlocking ? Int32(SOCK_NONBLOCK.rawValue) : 0)
        while true {
            let client = c_accept4(fd, nil, nil, flags)
            if client >= 0 { return client }
            switch Glibc.errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK, ECONNABORTED, EPROTO: return nil
            case let code: throw SystemError("accept4", code: code)
            }
        }
    }

    /// send(2) with MSG_NOSIGNAL (and MSG_DONTWAIT with `dontWait`): bytes written, nil if it would block.
    public static func sendSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, dontWait: Bool = true) throws(SystemError) -> Int? {
        let flags = Int32(MSG_NOSIGNAL) | (dontWait ? Int32(MSG_DONTWAIT) : 0)
        while true {
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, flags)
            if n >= 0 { return n }
            switch Glibc.errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case let code: throw SystemError("send", code: code)
            }
        }
    }

    /// recv(2) (with MSG_DONTWAIT with `dontWait`): bytes read, 0 at end of stream, nil if nothing is there yet.
    public static func receiveSome(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, dontWait: Bool = true) throws(SystemError) -> Int? {
        let flags = dontWait ? Int32(MSG_DONTWAIT) : 0
        while true {
            let n = Glibc.recv(fd, buffer.baseAddress, buffer.count, flags)
            if n >= 0 { return n }
            switch Glibc.errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case let code: throw SystemError("recv", code: code)
            }
        }
    }

    /// shutdown(2) both directions, waking any thread polling or reading the socket. Errors are ignored.
    public static func shutdownBoth(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// getsockopt(2) into a value of type T.
    public static func socketOption<T>(_ fd: Int32, level: Int32, name: Int32, as: T.Type, initial: T) throws(SystemError) -> T {
        var value = initial
        var length = socklen_t(MemoryLayout<T>.size)
        try retrying("getsockopt") { withUnsafeMutableBytes(of: &value) { Glibc.getsockopt(fd, level, name, $0.baseAddress, &length) } }
        return value
    }
}
