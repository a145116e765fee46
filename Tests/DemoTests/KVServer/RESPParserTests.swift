@testable import DemoServices
import Testing

/// The request parser on its own: resumption across reads, inline splitting, limits.
@Suite struct RESPParserTests {
    private func parseAll(_ text: String, chunk: Int) -> [RESPParser.Result] {
        let bytes = Array(text.utf8)
        var parser = RESPParser()
        var buffer: [UInt8] = []
        var index = 0
        var results: [RESPParser.Result] = []
        var fed = 0
        while fed < bytes.count {
            buffer += bytes[fed..<min(bytes.count, fed + chunk)]
            fed += chunk
            while true {
                let r = parser.next(buffer, &index)
                if r == .incomplete { break }
                results.append(r)
                if case .failure = r { return results }
            }
        }
        return results
    }

    private func words(_ w: String...) -> RESPParser.Result { .command(w.map { Array($0.utf8) }) }

    @Test(arguments: [1, 2, 3, 7, 1000])
    func framesSplitAnywhereParseTheSame(chunk: Int) {
        let text = "*3\r\n$3\r\nSET\r\n$5\r\nk\r\ney\r\n$0\r\n\r\nPING\r\n*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n\r\nECHO \"a b\"\n"
        #expect(parseAll(text, chunk: chunk) == [words("SET", "k\r\ney", ""), words("PING"), words("PING"), words("ECHO", "a b")])
    }

    @Test func commandSizesCountEveryReadTheyArrivedIn() {
        var parser = RESPParser()
        let frame = Array("*2\r\n$3\r\nGET\r\n$5\r\nhello\r\n".utf8)
        var buffer: [UInt8] = []
        var index = 0
        for byte in frame {
            buffer.append(byte)
            if case .command = parser.next(buffer, &index) { break }
            buffer.removeFirst(index)      // compact as the connection does
            index = 0
        }
        #expect(parser.lastCommandBytes == frame.count)
        buffer = Array("PING\r\n".utf8)
        index = 0
        #expect(parser.next(buffer, &index) == words("PING"))
        #expect(parser.lastCommandBytes == 6)
    }

    @Test func inlineQuotingFollowsRedis() {
        #expect(parseAll("SET k \"tab\\there\" 'sin\\'gle'\r\n", chunk: 100) == [words("SET", "k", "tab\there", "sin'gle")])
        #expect(parseAll("GET \"\\x41\\x4a\"\r\n", chunk: 100) == [words("GET", "AJ")])
        #expect(parseAll("GET \"open\r\n", chunk: 100) == [.failure("unbalanced quotes in request")])
        #expect(parseAll("GET \"a\"b\r\n", chunk: 100) == [.failure("unbalanced quotes in request")])
        #expect(parseAll("   \r\n\n", chunk: 100) == [])
    }

    @Test func limitsAreEnforcedBeforeBuffering() {
        #expect(parseAll("*1048577\r\n", chunk: 100) == [.failure("invalid multibulk length")])
        #expect(parseAll("*1\r\n$536870913\r\n", chunk: 100) == [.failure("invalid bulk length")])
        #expect(parseAll("*1\r\n$-1\r\n", chunk: 100) == [.failure("invalid bulk length")])
        #expect(parseAll("*2\r\n$3\r\nGET\r\n:x\r\n", chunk: 100) == [.failure("expected '$', got ':'")])
    }

    @Test func aFrameOverTheTotalLimitIsRefusedAtTheHeaderThatCrossesIt() {
        var limits = RESPParser.Limits()
        limits.maxFrameBytes = 1_000
        var parser = RESPParser(limits: limits)
        var index = 0
        var buffer = Array("*3\r\n$3\r\nSET\r\n$600\r\n".utf8)
        #expect(parser.next(buffer, &index) == .incomplete)
        buffer += [UInt8](repeating: 0x61, count: 600) + Array("\r\n$600\r\n".utf8)
        #expect(parser.next(buffer, &index) == .failure("request larger than 1000 bytes"))
    }

    @Test func repliesAreWrittenInRESP2() {
        var out: [UInt8] = []
        RESPWriter.integer(-1234567890123, to: &out)
        RESPWriter.integer(0, to: &out)
        RESPWriter.bulk(Array("hi".utf8), to: &out)
        RESPWriter.null(to: &out)
        RESPWriter.arrayHeader(2, to: &out)
        RESPWriter.simple("OK", to: &out)
        RESPWriter.error("ERR a\r\nb", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == ":-1234567890123\r\n:0\r\n$2\r\nhi\r\n$-1\r\n*2\r\n+OK\r\n-ERR ab\r\n")
    }
}
