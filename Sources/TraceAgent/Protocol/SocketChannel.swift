// Frames over one connected socket, with deadlines: reading waits in poll(2) slices so the owner can stop it,
// a frame once begun must finish within `frameTimeout`, and a write that makes no progress for
// `writeTimeout` fails (a peer that stops reading can never hold the other side forever). A frame's payload
// grows as its bytes arrive (never allocated whole from the length a peer claims), reserved in `budget` if any.
import Glibc
import TraceSystem

/// A connected socket carrying frames. Not thread-safe: one reader and one writer at a time (callers lock).
public final class SocketChannel: @unchecked Sendable {   // owned by one thread at a time (its connection, or RemoteBackend under its lock)
    /// The socket.
    public let fd: Int32
    /// The largest payload accepted.
    let maximumPayload: Int
    /// How long the rest of a frame may take once its first byte arrived.
    let frameTimeout: Duration
    /// How long a write may make no progress.
    let writeTimeout: Duration
    /// Shared by the agent's connections: the bytes of incomplete frames (nil: unbounded, the console's side).
    let budget: ReceiveBudget?
    private var closed = false

    /// Wraps a connected socket; `close()` closes it.
    public convenience init(fd: Int32, maximumPayload: Int = FrameCodec.defaultMaximumPayload,
         frameTimeout: Duration = .seconds(10), writeTimeout: Duration = .seconds(5)) {
        self.init(fd: fd, maximumPayload: maximumPayload, frameTimeout: frameTimeout, writeTimeout: writeTimeout, budget: nil)
    }

    /// Wraps a connected socket whose incomplete frames are held within `budget`.
    init(fd: Int32, maximumPayload: Int, frameTimeout: Duration, writeTimeout: Duration, budget: ReceiveBudget?) {
        self.budget = budget
        self.fd = fd
        self.maximumPayload = maximumPayload
        self.frameTimeout = frameTimeout
        self.writeTimeout = writeTimeout
    }

    /// A channel connected to the agent listening on `path`, writes failing after `timeout` without progress.
    public static func connect(path: String, timeout: Duration) throws(AttachError) -> SocketChannel {
        try SocketPath.checkUsable(path)
        let fd = try systemCall { () throws(SystemError) in try Syscall.unixStreamSocket() }
        let channel = SocketChannel(fd: fd, writeTimeout: timeout)
        do throws(AttachError) {
            try systemCall { () throws(SystemError) in try Syscall.connect(fd, path: path) }
        } catch {
            channel.close()
            throw error
        }
        return channel
    }

    /// Closes the socket (once).
    public func close() {
        guard !closed else { return }
        closed = true
        Syscall.close(fd)
    }

    /// Reads one frame's payload. Waits for its first byte until `idleDeadline` (nil: forever), checking
    /// `shouldStop` every `slice`; nil when stopped or at the deadline. Throws `.connectionClosed` at a clean
    /// end of stream between frames, `.truncatedFrame` inside one, `.frameTooLarge` for a length over the maximum.
    func readFrame(idleDeadline: ContinuousClock.Instant? = nil, slice: Duration = .milliseconds(200),
                   shouldStop: () -> Bool = { false }) throws(AttachError) -> [UInt8]? {
        // Wait for the first byte without a frame deadline: a console may sit idle for hours.
        while true {
            if shouldStop() { return nil }
            var wait = slice
            if let idleDeadline {
                let left = idleDeadline - .now
                if left <= .zero { return nil }
                wait = min(wait, left)
            }
            let events = try systemCall { () throws(SystemError) in try Syscall.poll(fd, events: Int16(POLLIN), milliseconds: Self.milliseconds(wait)) }
            if events != 0 { break }
        }
        let deadline = ContinuousClock.now + frameTimeout
        let header = try readExactly(FrameCodec.headerSize, deadline: deadline, soFar: 0, total: FrameCodec.headerSize,
                                     atStart: true, shouldStop: shouldStop)
        guard let header else { return nil }
        let length = FrameCodec.length(ofHeader: header)
        guard length <= maximumPayload else { throw .frameTooLarge(length: length, maximum: maximumPayload) }
        if length == 0 { return [] }
        return try readExactly(length, deadline: deadline, soFar: FrameCodec.headerSize, total: FrameCodec.headerSize + length,
                               atStart: false, shouldStop: shouldStop)
    }

    /// Reads `count` bytes by `deadline`; nil if stopped.
    private func readExactly(_ count: Int, deadline: ContinuousClock.Instant, soFar: Int, total: Int, atStart: Bool,
                             shouldStop: () -> Bool) throws(AttachError) -> [UInt8]? {
        var bytes: [UInt8] = []
        var reserved = 0
        defer { budget?.release(reserved) }
        var have = 0
        while have < count {
            if shouldStop() { return nil }
            // Room for the next chunk only (at most 64 KiB), reserved before it is read.
            let chunk = min(count - have, 1 << 16)
            if bytes.count < have + chunk {
                let grow = have + chunk - bytes.count
                if let budget {
                    guard budget.reserve(grow) else {
                        throw .timedOut("the agent holds \(budget.limit) bytes of incomplete frames already; this one (\(soFar + have) of \(total) bytes) is dropped")
                    }
                    reserved += grow
                }
                bytes += repeatElement(0, count: grow)
            }
            let start = have
            let got = try bytes.withUnsafeMutableBytes { raw in
                Result { () throws(AttachError) -> Int? in
                    try systemCall { () throws(SystemError) in
                        try Syscall.receiveSome(fd, UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + chunk)]))
                    }
                }
            }.get()
            switch got {
            case 0?:
                if atStart && have == 0 { throw .connectionClosed }
                throw .truncatedFrame(expected: total, received: soFar + have)
            case let n?:
                have += n
            case nil:
                let left = deadline - .now
                if left <= .zero { throw .timedOut("waiting for the rest of a frame (\(soFar + have) of \(total) bytes)") }
                _ = try systemCall { () throws(SystemError) in try Syscall.poll(fd, events: Int16(POLLIN), milliseconds: Self.milliseconds(min(left, .milliseconds(200)))) }
            }
        }
        return bytes
    }

    /// Writes a whole frame (already encoded); fails if no byte can be written for `writeTimeout`.
    func writeFrame(_ frame: [UInt8]) throws(AttachError) {
        var offset = 0
        var lastProgress = ContinuousClock.now
        while offset < frame.count {
            let start = offset
            let n = try frame.withUnsafeBytes { raw in
                Result { () throws(AttachError) -> Int in
                    try systemCall { () throws(SystemError) in try Syscall.sendSome(fd, UnsafeRawBufferPointer(rebasing: raw[start...])) } ?? 0
                }
            }.get()
            if n > 0 {
                offset += n
                lastProgress = .now
                continue
            }
            let left = lastProgress + writeTimeout - .now
            if left <= .zero { throw .timedOut("writing to a peer that is not reading (\(offset) of \(frame.count) bytes sent)") }
            let events = try systemCall { () throws(SystemError) in try Syscall.poll(fd, events: Int16(POLLOUT), milliseconds: Self.milliseconds(min(left, .milliseconds(200)))) }
            if events & Int16(POLLERR | POLLHUP) != 0 && events & Int16(POLLOUT) == 0 { throw .connectionClosed }
        }
    }

    /// Encodes and writes one message.
    public func write<T: Encodable>(_ message: T) throws(AttachError) {
        try writeFrame(FrameCodec.encode(message, maximumPayload: maximumPayload))
    }

    /// Reads and decodes one message, waiting at most `timeout` for it to begin.
    public func read<T: Decodable>(_ type: T.Type, timeout: Duration) throws(AttachError) -> T {
        guard let payload = try readFrame(idleDeadline: .now + timeout) else {
            throw .timedOut("waiting for an answer")
        }
        return try FrameCodec.decode(T.self, from: payload)
    }

    /// Reads and decodes one message that begins by `deadline`; nil at the deadline or when `shouldStop` says so
    /// (checked every 200 ms) before it began.
    public func read<T: Decodable>(_ type: T.Type, beginningBy deadline: ContinuousClock.Instant,
                                   shouldStop: () -> Bool) throws(AttachError) -> T? {
        guard let payload = try readFrame(idleDeadline: deadline, shouldStop: shouldStop) else { return nil }
        return try FrameCodec.decode(T.self, from: payload)
    }

    /// A duration in whole milliseconds for poll(2), at least 1.
    static func milliseconds(_ d: Duration) -> Int32 {
        let (seconds, attoseconds) = d.components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(1, ms))
    }
}
