// The `metrics_10000_series` case (budget 50 ms): a program counts 10 000 keys, exported with a label; each sample
// is one whole scrape over TCP — connect to the metrics endpoint, GET /metrics, read the 0.0.4 exposition to its
// end — as Prometheus does it.
import Console
import Glibc
import TraceAgent
import TraceCore
import TraceSystem

/// The metrics endpoint's benchmark case.
enum MetricsBenchmark {
    /// The probe the benchmark program counts on.
    static let probe = TraceProvider("metricsbench").event("scrape", "keys", "fire", ("key", Int.self))

    /// Median nanoseconds of one scrape of 10 000 series, over `samples`; and the series a scrape returned.
    static func run(samples: Int = 15) throws -> (ns: Double, series: Int) {
        var limits = TraceRuntime.shared.limits
        limits.aggregationKeys = max(limits.aggregationKeys, 20_000)
        TraceRuntime.shared.limits = limits
        let exports = MetricExports()
        let backend = LocalBackend(runtime: .shared, registry: .shared, exports: exports)
        let interpreter = Interpreter(backend: backend)
        let site = probe
        guard interpreter.execute("program metrics_bench { metricsbench:scrape:keys:fire { @requests[key] = count(); } }").succeeded,
              interpreter.execute("export metrics_bench.@requests as bench_requests labels client").succeeded else { return (.nan, 0) }
        defer { _ = interpreter.execute("delete metrics_bench") }
        for key in 0..<10_000 { for _ in 0..<(key % 3 + 1) { site.fire(key) } }

        var configuration = MetricsServer.Configuration()
        configuration.port = 0
        configuration.exports = exports
        let server = try MetricsServer.start(configuration)
        defer { server.stop() }
        var times: [Double] = []
        var series = 0
        for _ in 0..<(max(1, samples) + 2) {
            let start = ContinuousClock.now
            let body = try scrape(port: server.port)
            let elapsed = ContinuousClock.now - start
            series = body.split(separator: 10).filter { $0.starts(with: "bench_requests_total{".utf8) }.count
            times.append(Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
        }
        let sorted = times.dropFirst(2).sorted()
        return (sorted[sorted.count / 2], series)
    }

    /// One GET /metrics, read until the server closes.
    static func scrape(port: Int) throws -> [UInt8] {
        let fd = try Syscall.connect(host: "127.0.0.1", port: port)
        defer { Syscall.close(fd) }
        try Syscall.writeAll(fd, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { b throws(SystemError) in try Syscall.receiveSome(fd, b, dontWait: false) } ?? 0
            if n == 0 { break }
            received.append(contentsOf: chunk[..<n])
        }
        return received
    }
}
