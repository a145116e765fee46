// The /metrics endpoint over real sockets: what a scrape reads, each bad request's status (and that the
// connection then closes), a client beyond the limit, and a scrape of an aggregation whose program is gone.
import Glibc
import Testing
import TestSupport
import TraceCore
import TraceSystem
@testable import TraceAgent

enum MetricsProbes {
    static let provider = TraceProvider("mst")
    static let event = provider.event("svc", "op", "done", ("n", Int.self), ("who", String.self))
}

@Suite(.serialized) struct MetricsServerTests {
    let exports = MetricExports()

    func server() throws -> MetricsServer {
        var c = MetricsServer.Configuration()
        c.port = 0
        c.exports = exports
        c.requestTimeout = .seconds(30)
        return try MetricsServer.start(c)
    }

    func define(_ name: String, _ source: String) throws {
        _ = MetricsProbes.event
        let backend = LocalBackend(runtime: .shared, registry: .shared, exports: exports)
        guard case .defined = backend.perform(.define(name: name, source: source, allowZeroMatches: false)) else {
            throw TestFailure("cannot define \(name)")
        }
    }

    @Test func aScrapeReadsTheExportedTotals() throws {
        try define("mst_count", #"mst:svc:op:done { @ops[who] = count(); @n = quantize(n); }"#)
        defer { try? TraceRuntime.shared.delete("mst_count") }
        let backend = LocalBackend(runtime: .shared, registry: .shared, exports: exports)
        guard case .exports = backend.perform(.export(MetricExport(program: "mst_count", aggregation: "ops", name: "mst_ops", labels: ["who"]))) else {
            throw TestFailure("the export failed")
        }
        _ = backend.perform(.export(MetricExport(program: "mst_count", aggregation: "n", name: "mst_n")))
        for i in 0..<10 { MetricsProbes.event.fire(i, i < 3 ? "a" : "b") }
        let s = try server()
        defer { s.stop() }
        let answer = try HTTPClient.get(port: s.port)
        #expect(answer.status == 200)
        #expect(answer.closed)
        #expect(answer.head.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"))
        #expect(answer.body.contains("mst_ops_total{who=\"a\"} 3\nmst_ops_total{who=\"b\"} 7\n")
                || answer.body.contains("mst_ops_total{who=\"b\"} 7\nmst_ops_total{who=\"a\"} 3\n"))
        #expect(answer.body.contains("mst_n_bucket{le=\"+Inf\"} 10\nmst_n_sum 45\nmst_n_count 10\n"))
        let open = try HTTPClient.get(port: s.port, accept: "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
        #expect(open.head.contains("Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8"))
        #expect(open.body.hasSuffix("# EOF\n"))

        // Deleting the program removes its series (and, through the backend, the export).
        _ = backend.perform(.delete(program: "mst_count"))
        #expect(try HTTPClient.get(port: s.port).body == "")
        #expect(exports.all.isEmpty)
    }

    @Test func badRequestsGetA4xxAndTheConnectionCloses() throws {
        let s = try server()
        defer { s.stop() }
        let cases: [(String, Int)] = [
            ("POST /metrics HTTP/1.1\r\n\r\n", 405),
            ("GET /other HTTP/1.1\r\n\r\n", 404),
            ("hello\r\n\r\n", 400),
            ("GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n", 400),
            ("GET /metrics HTTP/2.0\r\n\r\n", 505),
        ]
        for (request, status) in cases {
            let answer = try HTTPClient.exchange(port: s.port, Array(request.utf8))
            #expect(answer.status == status, "\(request.debugDescription)")
            #expect(answer.closed)
        }
        let huge = "GET /metrics HTTP/1.1\r\nX-Padding: " + String(repeating: "x", count: 100_000) + "\r\n\r\n"
        let answer = try HTTPClient.exchange(port: s.port, Array(huge.utf8))
        #expect(answer.status == 431)
        #expect(answer.body == "a request head may have at most 8192 bytes\n")
        #expect(answer.closed)
        // The server still serves.
        #expect(try HTTPClient.get(port: s.port).status == 200)
    }

    @Test func aClientThatSendsNothingTimesOutWith408() throws {
        var c = MetricsServer.Configuration()
        c.port = 0
        c.exports = exports
        c.requestTimeout = .milliseconds(300)
        let s = try MetricsServer.start(c)
        defer { s.stop() }
        let answer = try HTTPClient.exchange(port: s.port, Array("GET /metrics HTTP/1.1\r\n".utf8))
        #expect(answer.status == 408)
        #expect(answer.closed)
    }

    @Test func clientsBeyondTheLimitGet503() throws {
        var c = MetricsServer.Configuration()
        c.port = 0
        c.exports = exports
        c.maximumConnections = 1
        let s = try MetricsServer.start(c)
        defer { s.stop() }
        let idle = try Syscall.connect(host: "127.0.0.1", port: s.port)
        defer { Syscall.close(idle) }
        // The accept queue is first in, first out: the idle client holds the one place.
        let answer = try HTTPClient.get(port: s.port)
        #expect(answer.status == 503)
        #expect(answer.body == "1 scrape is being served already\n")
    }

    @Test func aNonLoopbackBindWarns() throws {
        let pipe = try Syscall.makePipe()
        defer { Syscall.close(pipe.read) }
        var c = MetricsServer.Configuration()
        c.host = "0.0.0.0"
        c.port = 0
        c.exports = exports
        c.warningFD = pipe.write
        let s = try MetricsServer.start(c)
        s.stop()
        Syscall.close(pipe.write)
        let text = String(decoding: try Syscall.readToEnd(pipe.read), as: UTF8.self)
        #expect(text == "warning: the metrics endpoint listens on 0.0.0.0:\(s.port), reachable from other hosts; anyone who can connect reads every exported aggregation\n")
    }

    @Test func addresses() throws {
        #expect(try MetricsServer.Configuration(address: "127.0.0.1:9464").port == 9464)
        #expect(try MetricsServer.Configuration(address: ":9100").host == "127.0.0.1")
        #expect(try MetricsServer.Configuration(address: "localhost:1").host == "127.0.0.1")
        #expect(throws: MetricsAddressError(description: "invalid metrics address 'x:y': write ADDR:PORT, e.g. 127.0.0.1:9464 (a port from 0 to 65535)")) {
            try MetricsServer.Configuration(address: "x:y")
        }
        #expect(throws: MetricsAddressError(description: "invalid metrics address 'example.com:80': the host must be an IPv4 address such as 127.0.0.1 or 0.0.0.0")) {
            try MetricsServer.Configuration(address: "example.com:80")
        }
    }
}
