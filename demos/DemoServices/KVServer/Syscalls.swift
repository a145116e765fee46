// Thin wrappers over the socket and epoll system calls the KV server and its load generator use:
// retry on EINTR, errors as `SystemError` values. The rest of the KV code never calls libc for I/O.
// epoll, eventfd and accept4 are not in Swift's Glibc module; they are declared here by symbol.
import Glibc

/// A failed system call: the operation and `errno`.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed (`bind`, `epoll_wait`, …).
    public let operation: String
    /// The errno it failed with.
    public let code: Int32

    /// Captures the current `errno` for `operation`.
    init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    public var description: String { "\(operation): \(String(cString: strerror(code)))" }
}

@_silgen_name("epoll_create1") private func c_epoll_create1(_ flags: Int32) -> Int32
@_silgen_name("epoll_ctl") private func c_epoll_ctl(_ epfd: Int32, _ op: Int32, _ fd: Int32, _ event: UnsafeMutableRawPointer?) -> Int32
@_silgen_name("epoll_wait") private func c_epoll_wait(_ epfd: Int32, _ events: UnsafeMutableRawPointer, _ maxEvents: Int32, _ timeout: Int32) -> Int32
@_silgen_name("eventfd") private func c_eventfd(_ initial: UInt32, _ flags: Int32) -> Int32
@_silgen_name("accept4") private func c_accept4(_ fd: Int32, _ address: UnsafeMutableRawPointer?, _ length: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32

/// epoll's event bits and the layout of `struct epoll_event` (packed on x86-64).
enum EpollEvent {
    static let readable: UInt32 = 0x001        // EPOLLIN
    static let writable: UInt32 = 0x004        // EPOLLOUT
    static let error: UInt32 = 0x008           // EPOLLERR
    static let hangUp: UInt32 = 0x010          // EPOLLHUP
    static let readHangUp: UInt32 = 0x2000     // EPOLLRDHUP
    static let exclusive: UInt32 = 1 << 28     // EPOLLEXCLUSIVE
    #if arch(x86_64)
    static let size = 12
    static let dataOffset = 4
    #else
    static let size = 16
    static let dataOffset = 8
    #endif
}

/// The system calls, each retried on EINTR.
enum Syscall {
    static func epollCreate() throws(SystemError) -> Int32 {
        let fd = c_epoll_create1(Int32(O_CLOEXEC))
        guard fd >= 0 else { throw SystemError("epoll_create1") }
        return fd
    }

    /// `EPOLL_CTL_ADD` (1), `EPOLL_CTL_DEL` (2) or `EPOLL_CTL_MOD` (3) of `fd` with `events`; the event data is `fd`.
    static func epollControl(_ epfd: Int32, _ op: Int32, _ fd: Int32, _ events: UInt32) throws(SystemError) {
        var raw: (UInt64, UInt64) = (0, 0)
        let rc = withUnsafeMutableBytes(of: &raw) { p in
            p.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            p.storeBytes(of: UInt64(UInt32(bitPattern: fd)), toByteOffset: EpollEvent.dataOffset, as: UInt64.self)
            return c_epoll_ctl(epfd, op, fd, p.baseAddress)
        }
        guard rc == 0 else { throw SystemError("epoll_ctl") }
    }

    /// Waits for events into `buffer` (room for `buffer.count / EpollEvent.size` events); returns how many (0 on EINTR).
    static func epollWait(_ epfd: Int32, _ buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int32) throws(SystemError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        let n = c_epoll_wait(epfd, base, Int32(buffer.count / EpollEvent.size), timeoutMilliseconds)
        if n < 0 {
            if errno == EINTR { return 0 }
            throw SystemError("epoll_wait")
        }
        return Int(n)
    }

    /// The events and fd of the `i`th event in an `epollWait` buffer.
    static func epollEvent(_ buffer: UnsafeMutableRawBufferPointer, _ i: Int) -> (events: UInt32, fd: Int32) {
        let offset = i * EpollEvent.size
        let events = buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        let data = buffer.loadUnaligned(fromByteOffset: offset + EpollEvent.dataOffset, as: UInt64.self)
        return (events, Int32(truncatingIfNeeded: data))
    }

    static func eventFD() throws(SystemError) -> Int32 {
        let fd = c_eventfd(0, Int32(O_NONBLOCK | O_CLOEXEC))
        guard fd >= 0 else { throw SystemError("eventfd") }
        return fd
    }

    /// A TCP socket listening on 127.0.0.1:`port` (0: an ephemeral port), non-blocking.
    static func listen(host: String, port: Int, backlog: Int32 = 511) throws(SystemError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = try socketAddress(host: host, port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { let e = SystemError("bind"); close(fd); throw e }
        guard Glibc.listen(fd, backlog) == 0 else { let e = SystemError("listen"); close(fd); throw e }
        return fd
    }

    /// The port a socket is bound to.
    static func localPort(_ fd: Int32) throws(SystemError) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw SystemError("getsockname") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts one connection, non-blocking; nil when none is waiting.
    static func accept(_ fd: Int32) throws(SystemError) -> Int32? {
        while true {
            let client = c_accept4(fd, nil, nil, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
            if client >= 0 { return client }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK, ECONNABORTED, EPROTO: return nil
            default: throw SystemError("accept4")
            }
        }
    }

    /// A blocking TCP connection to `host:port` with TCP_NODELAY (the load generator and tests).
    static func connect(host: String, port: Int) throws(SystemError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        var address = try socketAddress(host: host, port: port)
        var rc: Int32
        repeat {
            rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        } while rc != 0 && errno == EINTR
        guard rc == 0 else { let e = SystemError("connect"); close(fd); throw e }
        setNoDelay(fd)
        return fd
    }

    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Reads into `buffer`: the byte count, 0 at end of stream, nil if it would block.
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int? {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemError("read")
            }
        }
    }

    /// Writes from `buffer` without raising SIGPIPE: the byte count, nil if it would block.
    static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemError) -> Int? {
        while true {
            let n = send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return n }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemError("send")
            }
        }
    }

    /// Adds one to an eventfd counter (wakes its epoll).
    static func signal(eventFD fd: Int32) {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }

    /// Resets an eventfd counter.
    static func drain(eventFD fd: Int32) {
        var value: UInt64 = 0
        _ = Glibc.read(fd, &value, 8)
    }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    private static func socketAddress(host: String, port: Int) throws(SystemError) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw SystemError("inet_pton", code: EINVAL) }
        return address
    }
}
