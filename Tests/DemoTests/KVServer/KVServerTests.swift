@testable import DemoServices
import Glibc
import Testing

extension LiveServiceTests {
    /// The KV server over real sockets on 127.0.0.1 (ephemeral ports).
    @Suite struct KVServerTests {
        @Test func everyCommandRepliesLikeRedis() throws {
            try withKVServer { _, port in
                let c = try RESPTestClient(port: port)
                #expect(try c.call("PING") == "+PONG\r\n")
                #expect(try c.call("ping", "hi") == "$2\r\nhi\r\n")
                #expect(try c.call("ECHO", "hello world") == "$11\r\nhello world\r\n")
                #expect(try c.call("GET", "foo") == "$-1\r\n")
                #expect(try c.call("SET", "foo", "bar") == "+OK\r\n")
                #expect(try c.call("GET", "foo") == "$3\r\nbar\r\n")
                #expect(try c.call("SET", "foo", "baz", "NX") == "$-1\r\n")
                #expect(try c.call("SET", "nope", "x", "XX") == "$-1\r\n")
                #expect(try c.call("SET", "foo", "", "XX") == "+OK\r\n")
                #expect(try c.call("GET", "foo") == "$0\r\n\r\n")
                #expect(try c.call("EXISTS", "foo", "foo", "nope") == ":2\r\n")
                #expect(try c.call("DEL", "foo", "nope") == ":1\r\n")
                #expect(try c.call("DEL", "foo") == ":0\r\n")
                #expect(try c.call("INCR", "n") == ":1\r\n")
                #expect(try c.call("INCR", "n") == ":2\r\n")
                #expect(try c.call("SET", "s", "abc") == "+OK\r\n")
                #expect(try c.call("INCR", "s") == "-ERR value is not an integer or out of range\r\n")
                #expect(try c.call("SET", "big", "9223372036854775807") == "+OK\r\n")
                #expect(try c.call("INCR", "big") == "-ERR increment or decrement would overflow\r\n")
                #expect(try c.call("MSET", "a", "1", "b", "22") == "+OK\r\n")
                #expect(try c.call("MGET", "a", "missing", "b") == "*3\r\n$1\r\n1\r\n$-1\r\n$2\r\n22\r\n")
                #expect(try c.call("MSET", "a", "1", "b") == "-ERR wrong number of arguments for 'mset' command\r\n")
                #expect(try c.call("GET") == "-ERR wrong number of arguments for 'get' command\r\n")
                #expect(try c.call("CONFIG", "GET", "save") == "*2\r\n$4\r\nsave\r\n$0\r\n\r\n")
                #expect(try c.call("CONFIG", "GET", "appendonly") == "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n")
                #expect(try c.call("CONFIG", "GET", "no-such-parameter") == "*0\r\n")
                #expect(try c.call("SET", "k", "v", "EX", "x") == "-ERR value is not an integer or out of range\r\n")
                #expect(try c.call("SET", "k", "v", "EX", "0") == "-ERR invalid expire time in 'set' command\r\n")
                #expect(try c.call("SET", "k", "v", "PX", "10", "EX", "10") == "-ERR syntax error\r\n")
                #expect(try c.call("SET", "k", "v", "BOGUS") == "-ERR syntax error\r\n")
                #expect(try c.call("FOO", "x", "y") == "-ERR unknown command 'FOO', with args beginning with: 'x' 'y' \r\n")
                #expect(try c.call("TTL", "a") == ":-1\r\n")
                #expect(try c.call("TTL", "missing") == ":-2\r\n")
                #expect(try c.call("COMMAND", "DOCS") == "*0\r\n")
                #expect(try c.call("SELECT", "0") == "+OK\r\n")
                #expect(try c.call("QUIT") == "+OK\r\n")
                #expect(c.isClosedByServer())
            }
        }

        @Test func a100CommandPipelineInOneWriteGets100RepliesInOrder() throws {
            try withKVServer { _, port in
                let c = try RESPTestClient(port: port)
                var batch: [UInt8] = []
                for i in 0..<50 {
                    batch += RESPTestClient.encode(["SET", "p\(i)", "v\(i)"])
                    batch += RESPTestClient.encode(["GET", "p\(i)"])
                }
                try c.send(batch)
                let replies = try c.replies(100)
                for i in 0..<50 {
                    #expect(replies[2 * i] == "+OK\r\n")
                    #expect(replies[2 * i + 1] == "$\("v\(i)".utf8.count)\r\nv\(i)\r\n")
                }
                #expect(try c.call("PING") == "+PONG\r\n")
            }
        }

        @Test func inlineCommandsWorkAsTelnetSendsThem() throws {
            try withKVServer { _, port in
                let c = try RESPTestClient(port: port)
                try c.send("PING\r\nSET greeting \"hello world\"\r\nGET greeting\nECHO 'it''s'\r\n\r\nEXISTS greeting nope\r\n")
                #expect(try c.replies(4) == ["+PONG\r\n", "+OK\r\n", "$11\r\nhello world\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"])
                #expect(c.isClosedByServer())
                let d = try RESPTestClient(port: port)
                try d.send("set k \"a\\x41\\n\"\r\nget k\r\n")
                #expect(try d.replies(2) == ["+OK\r\n", "$3\r\naA\n\r\n"])
            }
        }

        @Test(arguments: [
            ("*2\r\n$3\r\nGET\r\n:x\r\n", "-ERR Protocol error: expected '$', got ':'\r\n"),
            ("*1\r\n$-5\r\n", "-ERR Protocol error: invalid bulk length\r\n"),
            ("*1\r\n$1000000000\r\n", "-ERR Protocol error: invalid bulk length\r\n"),
            ("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870913\r\n", "+OK\r\n-ERR Protocol error: invalid bulk length\r\n"),
            ("*99999999\r\n", "-ERR Protocol error: invalid multibulk length\r\n"),
            ("*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n"),
            ("*1\r\n$3\r\nabcdef\r\n", "-ERR Protocol error: bulk string not followed by CRLF\r\n"),
        ])
        func malformedFramesGetAnErrorAndACleanClose(frame: String, expected: String) throws {
            try withKVServer { _, port in
                let c = try RESPTestClient(port: port)
                // The `+OK` case: a good command first proves earlier pipelined commands still run.
                let prefix = expected.hasPrefix("+OK") ? RESPTestClient.encode(["SET", "ok", "1"]) : []
                try c.send(prefix + Array(frame.utf8))
                #expect(try c.readToEnd() == expected)
                let d = try RESPTestClient(port: port)
                #expect(try d.call("PING") == "+PONG\r\n")
            }
        }

        @Test func oversizedInlineLinesAndGarbageNeverCrashTheServer() throws {
            try withKVServer { _, port in
                let c = try RESPTestClient(port: port)
                try? c.send([UInt8](repeating: UInt8(ascii: "a"), count: 70_000))
                #expect(try c.readToEnd() == "-ERR Protocol error: too big inline request\r\n")
                var rng = FastRandom(seed: 7)
                for _ in 0..<20 {
                    let g = try RESPTestClient(port: port, timeoutSeconds: 1)
                    let bytes = (0..<512).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                    try? g.send(bytes)
                }
                let d = try RESPTestClient(port: port)
                #expect(try d.call("SET", "still", "alive") == "+OK\r\n")
            }
        }

        @Test func aClientVanishingMidCommandDoesNotDisturbOthers() throws {
            try withKVServer { _, port in
                let steady = try RESPTestClient(port: port)
                #expect(try steady.call("SET", "k", "1") == "+OK\r\n")
                for i in 0..<10 {
                    let leaving = try RESPTestClient(port: port)
                    try leaving.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\nabc")   // 3 of 10 bytes, then gone
                    if i % 2 == 0 {   // and half of them reset the connection instead of closing it
                        var linger = linger(l_onoff: 1, l_linger: 0)
                        setsockopt(leaving.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
                    }
                    #expect(try steady.call("INCR", "k") == ":\(i + 2)\r\n")
                }
                // A client that pipelines a lot and leaves without reading its replies.
                let greedy = try RESPTestClient(port: port)
                var batch: [UInt8] = []
                for _ in 0..<2_000 { batch += RESPTestClient.encode(["GET", "k"]) }
                try greedy.send(batch)
                #expect(try steady.call("GET", "k") == "$2\r\n11\r\n")
            }
        }

        @Test func keysExpireAfterEXAndPX() throws {
            try withKVServer { _, port in
                let c = try RESPTestClient(port: port)
                #expect(try c.call("SET", "short", "v", "PX", "150") == "+OK\r\n")
                #expect(try c.call("SET", "long", "v", "EX", "100") == "+OK\r\n")
                #expect(try c.call("GET", "short") == "$1\r\nv\r\n")
                let pttl = try c.call("PTTL", "short")
                #expect(pttl.hasPrefix(":") && (Int(pttl.dropFirst().dropLast(2)) ?? -1) > 0 && (Int(pttl.dropFirst().dropLast(2)) ?? 999) <= 150)
                #expect(try c.call("TTL", "long") == ":100\r\n")
                usleep(300_000)
                #expect(try c.call("GET", "short") == "$-1\r\n")
                #expect(try c.call("EXISTS", "short", "long") == ":1\r\n")
                #expect(try c.call("SET", "long", "w") == "+OK\r\n")     // a plain SET clears the expiry
                #expect(try c.call("TTL", "long") == ":-1\r\n")
            }
        }

        @Test func slowClientsSendingPartsOfLargeRequestsAreBoundedAcrossConnections() throws {
            try withKVServer(threads: 2, maxBufferedInputBytes: 1 << 20) { _, port in
                // Three clients each send 400 KiB of a 10 MB bulk string: 1.2 MiB in all, over the 1 MiB budget.
                let clients = try (0..<3).map { _ in try RESPTestClient(port: port, timeoutSeconds: 3) }
                let part = Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10000000\r\n".utf8) + [UInt8](repeating: 120, count: 400 << 10)
                for c in clients { try c.send(part) }
                var closed: [String] = []
                for c in clients { if let text = try? c.readToEnd() { closed.append(text) } }
                // The read that went over the budget is refused and its connection closed; the other two fit.
                #expect(closed == ["-ERR max total input buffer of 1048576 bytes reached\r\n"])
                let fresh = try RESPTestClient(port: port)
                #expect(try fresh.call("SET", "after", "1") == "+OK\r\n")
            }
        }

        @Test func manyConnectionsAcrossEventLoops() throws {
            try withKVServer(threads: 2) { _, port in
                let clients = try (0..<40).map { _ in try RESPTestClient(port: port) }
                for (i, c) in clients.enumerated() { #expect(try c.call("INCR", "shared") == ":\(i + 1)\r\n") }
                for c in clients { try c.send(RESPTestClient.encode(["INCR", "shared"])) }
                for c in clients { #expect(try c.replies(1)[0].hasPrefix(":")) }
                #expect(try clients[0].call("GET", "shared") == "$2\r\n80\r\n")
            }
        }
    }
}
