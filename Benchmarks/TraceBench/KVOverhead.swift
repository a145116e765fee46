import DemoServices
import Foundation
import TraceCore

/// Tracing overhead under real load: the kvserver demo driven by the in-process load generator
/// (and by `redis-benchmark` where it is installed), with no program, with a `count()` per command,
/// and with a per-command latency `quantize`.
enum KVOverhead {
    struct Throughput { let none: Double; let count: Double; let quantize: Double }

    static let programs: [(String, String)] = [
        ("kv_count", "kv:server:command:entry { @[name] = count(); }"),
        ("kv_latency", "kv:server:command:return { @[name] = quantize(elapsed); }"),
    ]

    /// Requests per second with the in-process load generator: the median of `rounds` interleaved runs.
    static func run(requestsPerConnection: Int, rounds: Int) throws -> Throughput {
        try withServer { port in
            var load = LoadGenerator.Configuration(port: port)
            load.connections = 2
            load.requestsPerConnection = requestsPerConnection
            load.pipeline = 16
            _ = try LoadGenerator.run(load)                       // warm up the store and the connections
            return try interleaved(rounds: rounds) { try LoadGenerator.run(load).requestsPerSecond }
        }
    }

    /// The same, driven by `redis-benchmark` (SET and GET, 8 clients, pipelined); nil when it is not installed.
    static func runRedisBenchmark(requests: Int, rounds: Int) throws -> Throughput? {
        guard let tool = ["/usr/bin/redis-benchmark", "/usr/local/bin/redis-benchmark"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { return nil }
        return try withServer { port in
            let arguments = ["-h", "127.0.0.1", "-p", String(port), "-q", "-n", String(requests), "-c", "8", "-P", "16", "-t", "set,get"]
            _ = try redisBenchmark(tool, arguments)
            return try interleaved(rounds: rounds) { try redisBenchmark(tool, arguments) }
        }
    }

    /// One long load run, for a profiler; returns requests per second.
    static func profile(requestsPerConnection: Int, withProgram: Bool) throws -> Double {
        try withServer { port in
            if withProgram { try TraceRuntime.shared.define(try TraceLanguage.compile(name: programs[0].0, source: programs[0].1)) }
            var load = LoadGenerator.Configuration(port: port)
            load.connections = 2
            load.requestsPerConnection = requestsPerConnection
            let result = try LoadGenerator.run(load)
            print(String(format: "%.0f requests/s", result.requestsPerSecond))
            return result.requestsPerSecond
        }
    }

    /// Runs `body` with a one-loop kvserver listening on a free port.
    private static func withServer<T>(_ body: (Int) throws -> T) throws -> T {
        var configuration = KVServer.Configuration()
        configuration.port = 0
        configuration.threads = 1
        let server = KVServer(configuration: configuration)
        let port = try server.start()
        defer { server.stop() }
        return try body(port)
    }

    /// Medians of `rounds` rounds of: no program, the count program, the latency program. Each round starts at the
    /// next of the three, so none always runs first after a deletion (whose memory is given back meanwhile).
    private static func interleaved(rounds: Int, _ measure: () throws -> Double) throws -> Throughput {
        var samples: [[Double]] = [[], [], []]
        for round in 0..<rounds {
            for step in 0..<3 {
                let which = (round + step) % 3
                guard which > 0 else {
                    samples[0].append(try measure())
                    continue
                }
                let (name, source) = programs[which - 1]
                try TraceRuntime.shared.define(try TraceLanguage.compile(name: name, source: source))
                samples[which].append(try measure())
                precondition(!TraceRuntime.shared.aggregations(of: name).allSatisfy(\.entries.isEmpty), "the \(name) program recorded nothing")
                try TraceRuntime.shared.delete(name)
            }
        }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        return Throughput(none: median(samples[0]), count: median(samples[1]), quantize: median(samples[2]))
    }

    /// The harmonic mean of redis-benchmark's SET and GET requests per second.
    private static func redisBenchmark(_ tool: String, _ arguments: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // Lines like "SET: 123456.79 requests per second, p50=…".
        let rates = text.replacingOccurrences(of: "\r", with: "\n").split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("SET: ") || line.hasPrefix("GET: "), let end = line.range(of: " requests per second") else { return nil }
            return Double(line[line.index(line.startIndex, offsetBy: 5)..<end.lowerBound])
        }
        guard rates.count == 2 else { return 0 }
        return 2 / (1 / rates[0] + 1 / rates[1])
    }
}
