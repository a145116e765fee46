import DemoServices
import Foundation
import TraceCore

/// Tracing overhead under real load: the kvserver demo driven by the in-process load generator,
/// with no program, with a `count()` per command, and with a per-command latency `quantize`.
enum KVOverhead {
    struct Throughput { let none: Double; let count: Double; let quantize: Double }

    static let programs: [(String, String)] = [
        ("kv_count", "kv:server:command:entry { @[name] = count(); }"),
        ("kv_latency", "kv:server:command:return { @[name] = quantize(elapsed); }"),
    ]

    /// The same three configurations driven by `redis-benchmark` (SET and GET, 8 clients, pipelined),
    /// when it is installed; nil otherwise.
    static func runRedisBenchmark(requests: Int, rounds: Int) throws -> Throughput? {
        guard let tool = ["/usr/bin/redis-benchmark", "/usr/local/bin/redis-benchmark"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { return nil }
        var configuration = KVServer.Configuration()
        configuration.port = 0
        configuration.threads = 1
        let server = KVServer(configuration: configuration)
        let port = try server.start()
        defer { server.stop() }
        func requestsPerSecond() throws -> Double {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["-h", "127.0.0.1", "-p", String(port), "-q", "-n", String(requests), "-c", "8", "-P", "16", "-t", "set,get"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // Lines like "SET: 123456.79 requests per second, p50=…"; sum the SET and GET rates' harmonic mean.
            let rates = text.replacingOccurrences(of: "\r", with: "\n").split(separator: "\n").compactMap { line -> Double? in
                guard line.hasPrefix("SET: ") || line.hasPrefix("GET: "), let end = line.range(of: " requests per second") else { return nil }
                return Double(line[line.index(line.startIndex, offsetBy: 5)..<end.lowerBound])
            }
            guard rates.count == 2 else { return 0 }
            return 2 / (1 / rates[0] + 1 / rates[1])
        }
        _ = try requestsPerSecond()
        var samples: [[Double]] = [[], [], []]
        for _ in 0..<rounds {
            for (i, program) in ([nil] + programs.map { Optional($0) }).enumerated() {
                if let (name, source) = program {
                    try TraceRuntime.shared.define(try TraceLanguage.compile(name: name, source: source))
                }
                samples[i].append(try requestsPerSecond())
                if let (name, _) = program { try TraceRuntime.shared.delete(name) }
            }
        }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        return Throughput(none: median(samples[0]), count: median(samples[1]), quantize: median(samples[2]))
    }

    /// One long load run, for a profiler; returns requests per second.
    static func profile(requestsPerConnection: Int, withProgram: Bool) throws -> Double {
        var configuration = KVServer.Configuration()
        configuration.port = 0
        configuration.threads = 1
        let server = KVServer(configuration: configuration)
        let port = try server.start()
        defer { server.stop() }
        if withProgram { try TraceRuntime.shared.define(try TraceLanguage.compile(name: programs[0].0, source: programs[0].1)) }
        var load = LoadGenerator.Configuration(port: port)
        load.connections = 2
        load.requestsPerConnection = requestsPerConnection
        let result = try LoadGenerator.run(load)
        print(String(format: "%.0f requests/s", result.requestsPerSecond))
        return result.requestsPerSecond
    }

    /// Requests per second in each configuration: the median of `rounds` interleaved runs.
    static func run(requestsPerConnection: Int, rounds: Int) throws -> Throughput {
        var configuration = KVServer.Configuration()
        configuration.port = 0
        configuration.threads = 1
        let server = KVServer(configuration: configuration)
        let port = try server.start()
        defer { server.stop() }
        var load = LoadGenerator.Configuration(port: port)
        load.connections = 2
        load.requestsPerConnection = requestsPerConnection
        load.pipeline = 16
        _ = try LoadGenerator.run(load)                           // warm up the store and the connections

        var samples: [[Double]] = [[], [], []]
        for _ in 0..<rounds {
            for (i, program) in ([nil] + programs.map { Optional($0) }).enumerated() {
                if let (name, source) = program {
                    try TraceRuntime.shared.define(try TraceLanguage.compile(name: name, source: source))
                }
                let result = try LoadGenerator.run(load)
                samples[i].append(result.requestsPerSecond)
                if let (name, _) = program {
                    let total = TraceRuntime.shared.aggregations(of: name).first?.entries.count ?? 0
                    precondition(total > 0, "the \(name) program recorded nothing")
                    try TraceRuntime.shared.delete(name)
                }
            }
        }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        return Throughput(none: median(samples[0]), count: median(samples[1]), quantize: median(samples[2]))
    }
}
