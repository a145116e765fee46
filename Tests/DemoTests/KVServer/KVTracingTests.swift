@testable import DemoServices
import Testing
import TraceCore

extension LiveServiceTests {
    /// Programs on the `kv` probes count exactly what clients did (each test has its own provider).
    @Suite struct KVTracingTests {
        @Test func countKeyedByCommandNameCountsExactlyTheCommandsSent() throws {
            let provider = "kv_count"
            try withKVServer(provider: provider) { server, port in
                let program = "demo_kv_count"
                try TraceTest.define(ProgramSpec(name: program, clauses: [
                    TraceTest.clause("\(provider):server:command:entry", nil, [TraceTest.aggregate(0, keys: [TraceTest.string("name")])]),
                    TraceTest.clause("\(provider):server:command:return", nil, [TraceTest.aggregate(1, [.builtin(.retval)])]),
                    TraceTest.clause("\(provider):net:socket:read", nil, [TraceTest.aggregate(2, [TraceTest.int("bytes")])]),
                    TraceTest.clause("\(provider):server:command:entry", .binary(.equal, TraceTest.string("name"), .string("SET")),
                                     [TraceTest.aggregate(3, [TraceTest.int("valuesize")])]),
                    TraceTest.clause("\(provider):proto:parse:request", nil, [TraceTest.aggregate(4, [TraceTest.int("bytes")])]),
                ], aggregations: [
                    AggregationDeclaration(name: "commands", function: .count, keyTypes: [.string]),
                    AggregationDeclaration(name: "replybytes", function: .sum, keyTypes: []),
                    AggregationDeclaration(name: "readbytes", function: .sum, keyTypes: []),
                    AggregationDeclaration(name: "setbytes", function: .sum, keyTypes: []),
                    AggregationDeclaration(name: "requestbytes", function: .sum, keyTypes: []),
                ]))
                let c = try RESPTestClient(port: port)
                let sent: [[String]] = [
                    ["SET", "a", "12345"], ["SET", "b", "xy"], ["set", "c", ""], ["GET", "a"], ["get", "nope"], ["PING"],
                    ["INCR", "n"], ["INCR", "n"], ["INCR", "n"], ["INCR", "n"], ["MGET", "a", "b"], ["DEL", "a"],
                    ["EXISTS", "b"], ["CONFIG", "GET", "save"], ["NOSUCH"],
                ]
                var batch: [UInt8] = []
                for command in sent { batch += RESPTestClient.encode(command) }
                try c.send(batch)
                _ = try c.replies(sent.count)
                try c.send("PING\r\n")      // inline commands are counted the same way
                _ = try c.replies(1)
                server.stop()               // every probe firing has finished
                let a = try TraceTest.finish(program)
                let counts = a["commands"]?.scalars ?? [:]
                let expected: [String: Int64] = ["SET": 3, "GET": 2, "PING": 2, "INCR": 4, "MGET": 1, "DEL": 1, "EXISTS": 1, "CONFIG": 1, "NOSUCH": 1]
                #expect(counts == Dictionary(uniqueKeysWithValues: expected.map { ([KeyComponent.string($0.key)], $0.value) }))
                #expect(a["replybytes"]?.scalar == Int64(c.received))
                #expect(a["readbytes"]?.scalar == Int64(c.sent))
                #expect(a["setbytes"]?.scalar == 7)
                #expect(a["requestbytes"]?.scalar == Int64(c.sent))    // every byte sent belonged to one parsed request
            }
        }

        @Test func loadGeneratorCompletesEveryRequestUnderACountProgram() throws {
            let provider = "kv_load"
            try withKVServer(provider: provider) { server, port in
                let program = "demo_kv_load"
                try TraceTest.define(ProgramSpec(name: program, clauses: [
                    TraceTest.clause("\(provider):server:command:entry", nil, [TraceTest.aggregate(0, keys: [TraceTest.string("name")])]),
                    TraceTest.clause("\(provider):server:command:return", nil, [TraceTest.aggregate(1, [.builtin(.elapsed)])]),
                ], aggregations: [
                    AggregationDeclaration(name: "commands", function: .count, keyTypes: [.string]),
                    AggregationDeclaration(name: "latency", function: .quantize, keyTypes: []),
                ]))
                var load = LoadGenerator.Configuration(port: port)
                load.connections = 3
                load.requestsPerConnection = 2_000
                load.pipeline = 16
                let result = try LoadGenerator.run(load)
                server.stop()
                let a = try TraceTest.finish(program)
                #expect(result.requests == 3 * 2_000)    // 2000 is a whole number of 16-request pipelines
                #expect(result.errors == 0)
                #expect(result.requestsPerSecond > 0)
                #expect(a["commands"]?.scalars == [[.string("SET")]: 3_000, [.string("GET")]: 3_000])
                guard case .histogram(let h)? = a["latency"]?.entries.first?.value else {
                    Issue.record("no latency histogram")
                    return
                }
                #expect(h.total == 6_000)
            }
        }

        @Test func loadGeneratorRunsWithoutTracing() throws {
            try withKVServer(provider: "kv_plain") { _, port in
                var load = LoadGenerator.Configuration(port: port)
                load.connections = 2
                load.requestsPerConnection = 1_000
                load.pipeline = 10
                let result = try LoadGenerator.run(load)
                #expect(result.requests == 2_000 && result.errors == 0)
            }
        }
    }
}
