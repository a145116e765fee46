// epoll and eventfd (GNU: declared by symbol in GNUDeclarations.swift).
import Glibc

/// epoll's event bits and the layout of `struct epoll_event` (packed on x86-64).
public enum EpollEvent {
    /// EPOLLIN.
    public static let readable: UInt32 = 0x001
    /// EPOLLOUT.
    public static let writable: UInt32 = 0x004
    /// EPOLLERR.
    public static let error: UInt32 = 0x008
    /// EPOLLHUP.
    public static let hangUp: UInt32 = 0x010
    /// EPOLLRDHUP.
    public static let readHangUp: UInt32 = 0x2000
    /// EPOLLEXCLUSIVE.
    public static let exclusive: UInt32 = 1 << 28
    #if arch(x86_64)
    /// Bytes of one `struct epoll_event`.
    public static let size = 12
    /// Offset of its `data` field.
    public static let dataOffset = 4
    #else
    /// Bytes of one `struct epoll_event`.
    public static let size = 16
    /// Offset of its `data` field.
    public static let dataOffset = 8
    #endif
}

extension Syscall {
    /// An epoll instance, close-on-exec.
    public static func epollCreate() throws(SystemError) -> Int32 {
        try retrying("epoll_create1") { c_epoll_create1(Int32(O_CLOEXEC)) }
    }

    /// `EPOLL_CTL_ADD` (1), `EPOLL_CTL_DEL` (2) or `EPOLL_CTL_MOD` (3) of `fd` with `events`; the event data is `fd`.
    public static func epollControl(_ epfd: Int32, _ op: Int32, _ fd: Int32, _ events: UInt32) throws(SystemError) {
        var raw: (UInt64, UInt64) = (0, 0)
        let rc = withUnsafeMutableBytes(of: &raw) { p in
            p.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            p.storeBytes(of: UInt64(UInt32(bitPattern: fd)), toByteOffset: EpollEvent.dataOffset, as: UInt64.self)
            return c_epoll_ctl(epfd, op, fd, p.baseAddress)
        }
        guard rc == 0 else { throw SystemError("epoll_ctl") }
    }

    /// Waits for events into `buffer` (room for `buffer.count / EpollEvent.size` events); how many (0 on EINTR).
    public static func epollWait(_ epfd: Int32, _ buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int32) throws(SystemError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        let n = c_epoll_wait(epfd, base, Int32(buffer.count / EpollEvent.size), timeoutMilliseconds)
        if n < 0 {
            if Glibc.errno == EINTR { return 0 }
            throw SystemError("epoll_wait")
        }
        return Int(n)
    }

    /// The events and fd of the `i`th event in an `epollWait` buffer.
    public static func epollEvent(_ buffer: UnsafeMutableRawBufferPointer, _ i: Int) -> (events: UInt32, fd: Int32) {
        let offset = i * EpollEvent.size
        let events = buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        let data = buffer.loadUnaligned(fromByteOffset: offset + EpollEvent.dataOffset, as: UInt64.self)
        return (events, Int32(truncatingIfNeeded: data))
    }

    /// A non-blocking, close-on-exec eventfd counting from 0.
    public static func eventFD() throws(SystemError) -> Int32 {
        try retrying("eventfd") { c_eventfd(0, Int32(O_NONBLOCK | O_CLOEXEC)) }
    }

    /// Adds one to an eventfd counter (wakes its epoll).
    public static func signal(eventFD fd: Int32) {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }

    /// Resets an eventfd counter.
    public static func drain(eventFD fd: Int32) {
        var value: UInt64 = 0
        _ = Glibc.read(fd, &value, 8)
    }
}
