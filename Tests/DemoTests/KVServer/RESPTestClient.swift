@testable import DemoServices
import Glibc
import Testing
import TraceSystem

/// A blocking RESP client for tests: raw bytes out, raw replies back (compared byte for byte),
/// with a receive timeout so a server bug fails the test instead of hanging it.
final class RESPTestClient {
    let fd: Int32
    private var input: [UInt8] = []
    /// Bytes written and read so far.
    private(set) var sent = 0
    private(set) var received = 0

    init(port: Int, timeoutSeconds: Int = 5) throws {
        fd = try Syscall.connect(host: "127.0.0.1", port: port)
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Syscall.close(fd) }

    /// Writes raw bytes.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = try bytes.withUnsafeBytes { try Syscall.sendSome(fd, UnsafeRawBufferPointer(rebasing: $0[offset...]), dontWait: false) }
            offset += n ?? 0
        }
        sent += bytes.count
    }

    /// Writes text as UTF-8.
    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// One multibulk command.
    static func encode(_ arguments: [String]) -> [UInt8] {
        var out: [UInt8] = []
        RESPWriter.arrayHeader(arguments.count, to: &out)
        for a in arguments { RESPWriter.bulk(Array(a.utf8), to: &out) }
        return out
    }

    /// Sends one command and returns its reply's raw text.
    func call(_ arguments: String...) throws -> String {
        try send(Self.encode(arguments))
        return try replies(1)[0]
    }

    /// Reads `count` complete replies; each as its raw text.
    func replies(_ count: Int) throws -> [String] {
        var out: [String] = []
        var index = 0
        while out.count < count {
            if let (_, end) = RESPReply.parse(input, at: index) {
                out.append(String(decoding: input[index..<end], as: UTF8.self))
                index = end
                continue
            }
            guard try readMore() else { throw SystemError("connection closed after \(out.count) replies", code: ECONNRESET) }
        }
        input.removeFirst(index)
        return out
    }

    /// Reads until the server closes the connection; returns everything not yet consumed.
    func readToEnd() throws -> String {
        while try readMore() {}
        defer { input = [] }
        return String(decoding: input, as: UTF8.self)
    }

    /// Whether the server has closed the connection (reads to the end first).
    func isClosedByServer() -> Bool {
        (try? readToEnd()) != nil
    }

    /// Reads one chunk; false at end of stream. A timeout throws.
    private func readMore() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { return true }
            if errno == ECONNRESET { return false }
            throw SystemError("read (timeout?)")
        }
        if n == 0 { return false }
        input.append(contentsOf: chunk[0..<n])
        received += n
        return true
    }
}

/// Starts a server on an ephemeral 127.0.0.1 port for one test.
func withKVServer<R>(provider: String = "kv", threads: Int = 2, maxBufferedInputBytes: Int? = nil,
                     _ body: (KVServer, Int) throws -> R) throws -> R {
    var configuration = KVServer.Configuration()
    configuration.port = 0
    configuration.threads = threads
    if let maxBufferedInputBytes { configuration.maxBufferedInputBytes = maxBufferedInputBytes }
    let server = KVServer(configuration: configuration, probes: KVProbes(provider: provider))
    let port = try server.start()
    defer { server.stop() }
    return try body(server, port)
}
