import DemoServices
import Foundation
import TestSupport
import Testing

/// The real Redis clients against the server, when they are installed (skipped otherwise).
enum RedisTools {
    /// The full path of an executable on PATH, or nil.
    static func find(_ name: String) -> String? { ChildProcess.onPath(name) }

    /// Runs a tool to completion; its exit status and what it printed (standard output and error together).
    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = try ChildProcess(path: executable, arguments: arguments, errorToOutput: true)
        process.closeInput()
        guard let status = process.waitForExit(timeout: .seconds(120)) else {
            throw TestFailure("\(executable) did not finish within 120 s: \(process.output)")
        }
        return (status, process.output)
    }
}

extension LiveServiceTests {
    @Suite struct RedisToolsTests {
        @Test(.enabled(if: RedisTools.find("redis-cli") != nil, "redis-cli is not installed"))
        func redisCLIDrivesTheServer() throws {
            let path = try #require(RedisTools.find("redis-cli"))
            try withKVServer(provider: "kv_cli") { _, port in
                let base = ["-h", "127.0.0.1", "-p", String(port)]
                let commands: [([String], String)] = [
                    (["PING"], "PONG\n"),
                    (["SET", "greeting", "hello"], "OK\n"),
                    (["GET", "greeting"], "hello\n"),
                    (["INCR", "n"], "1\n"),
                    (["MGET", "greeting", "none"], "hello\n\n"),
                    (["DEL", "greeting"], "1\n"),
                ]
                for (arguments, expected) in commands {
                    let (status, output) = try RedisTools.run(path, base + arguments)
                    #expect(status == 0 && output == expected, "\(arguments): \(output)")
                }
            }
        }

        @Test(.enabled(if: RedisTools.find("redis-benchmark") != nil, "redis-benchmark is not installed"))
        func redisBenchmarkRunsSetGetAndPing() throws {
            let bench = try #require(RedisTools.find("redis-benchmark"))
            try withKVServer(provider: "kv_bench") { _, port in
                let (status, output) = try RedisTools.run(bench, ["-h", "127.0.0.1", "-p", String(port), "-t", "ping,set,get,incr,mset",
                                                                  "-n", "2000", "-c", "4", "-P", "8", "-q"])
                #expect(status == 0, "\(output)")
                for test in ["PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)"] {
                    #expect(output.contains("\(test):"), "\(output)")
                }
                #expect(!output.contains("ERR"), "\(output)")
            }
        }
    }
}
