// A hand-written protocol client over a raw socket, for sending what a well-behaved console never sends.
import Foundation
import Glibc
@testable import Console
@testable import TraceAgent
import TraceSystem

/// A raw connection to an agent.
final class RawClient {
    let fd: Int32
    private var closed = false

    init(path: String) throws {
        fd = try Syscall.unixStreamSocket()
        do { try Syscall.connect(fd, path: path) } catch {
            Syscall.close(fd)
            throw error
        }
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        Syscall.close(fd)
    }

    /// Closes with a reset (SO_LINGER 0) instead of an orderly end.
    func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    /// No more bytes from this side.
    func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Writes `bytes`, waiting minutes (not the channel's 5 s) for a busy agent to read them: an agent under
    /// ThreadSanitizer on a loaded machine can take seconds to drain a megabyte.
    func send(_ bytes: [UInt8]) throws {
        try SocketChannel(fd: fd, writeTimeout: .seconds(180)).writeFrame(bytes)
    }

    func sendFrame(json: String) throws {
        let payload = Array(json.utf8)
        try send(FrameCodec.header(payload.count) + payload)
    }

    func sendHello(version: Int = AttachProtocol.version) throws {
        try send(FrameCodec.encode(ClientFrame(hello: ClientHello(version: version, pid: getpid(), uid: getuid()))))
    }

    /// Reads one agent frame (waiting at most `timeout`).
    func readFrame(timeout: Duration = .seconds(10)) throws -> AgentFrame {
        try SocketChannel(fd: fd).read(AgentFrame.self, timeout: timeout)
    }

    /// Whether the agent closed the connection: the next read sees end of stream within `timeout`.
    func closedByPeer(timeout: Duration = .seconds(10)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var byte: UInt8 = 0
        while ContinuousClock.now < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let n = recv(fd, &byte, 1, 0)
            if n == 0 || (n < 0 && errno == ECONNRESET) { return true }
        }
        return false
    }
}
