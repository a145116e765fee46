// A minimal HTTP client for the metrics endpoint tests: sends raw bytes, reads until the server closes.
import Glibc
import TestSupport
import TraceSystem

/// What the server answered.
struct HTTPAnswer {
    var status: Int
    var head: String
    var body: String
    /// Whether the server closed the connection after its answer (end of stream was read).
    var closed: Bool
}

enum HTTPClient {
    /// Sends `request` to 127.0.0.1:`port` and reads the answer until the server closes (a minute at most).
    static func exchange(port: Int, _ request: [UInt8]) throws -> HTTPAnswer {
        let fd = try Syscall.connect(host: "127.0.0.1", port: port)
        defer { Syscall.close(fd) }
        var offset = 0
        while offset < request.count {
            let n = request.withUnsafeBytes { b in Glibc.send(fd, b.baseAddress! + offset, b.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }   // the server may close early on a huge request: its answer is still there to read
            offset += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var closed = false
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard try Syscall.waitReadable(fd, timeoutMilliseconds: 1000) else { continue }
            let n = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { closed = true; break }
            received.append(contentsOf: chunk[..<n])
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw TestFailure("no HTTP answer: '\(text)'") }
        let head = String(text[..<split.lowerBound])
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return HTTPAnswer(status: status, head: head, body: String(text[split.upperBound...]), closed: closed)
    }

    /// `GET /metrics` with an optional Accept header.
    static func get(port: Int, path: String = "/metrics", accept: String? = nil) throws -> HTTPAnswer {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (accept.map { "Accept: \($0)\r\n" } ?? "") + "\r\n"
        return try exchange(port: port, Array(request.utf8))
    }
}
