// ConsoleOptions.parse, durations, where entries end (ScriptEntries), and the backend's values on the wire.
import Foundation
import Testing
import TraceCore
@testable import Console
import TraceAgent

@Suite struct OptionsTests {
    @Test func parsesEveryOption() throws {
        let o = try ConsoleOptions.parse(arguments: ["--script", "a.trace", "--duration=5s", "--json", "--history", "/tmp/h", "--plain"])
        #expect(o.scriptPath == "a.trace")
        #expect(o.duration == .seconds(5))
        #expect(o.json && o.plain && !o.showUsage)
        #expect(o.historyFile == "/tmp/h")
        #expect(try ConsoleOptions.parse(arguments: ["--no-history"]).historyFile == nil)
        #expect(try ConsoleOptions.parse(arguments: ["--help"]).showUsage)
        #expect(try ConsoleOptions.parse(arguments: []) == ConsoleOptions())
    }

    @Test func errorsNameTheNearestOption() {
        func message(_ args: [String]) -> String? {
            do { _ = try ConsoleOptions.parse(arguments: args); return nil } catch { return error.message }
        }
        #expect(message(["--jsn"]) == "unknown option '--jsn' (did you mean '--json'?)")
        #expect(message(["--scirpt", "x"]) == "unknown option '--scirpt' (did you mean '--script'?)")
        #expect(message(["--frobnicate"]) == "unknown option '--frobnicate'")
        #expect(message(["json"]) == "unexpected argument 'json' (did you mean '--json'?)")
        #expect(message(["--script"]) == "option '--script' needs a value")
        #expect(message(["--duration", "soon"]) == "invalid duration 'soon' for --duration (a number and a unit: 500ms, 5s, 2m)")
        #expect(message(["--json=yes"]) == "option '--json' takes no value")
    }

    @Test func durations() {
        #expect(DurationText.parse("500ms") == .milliseconds(500))
        #expect(DurationText.parse("1.5s") == .milliseconds(1500))
        #expect(DurationText.parse("2m") == .seconds(120))
        #expect(DurationText.parse("3") == .seconds(3))
        #expect(DurationText.parse("10us") == .microseconds(10))
        #expect(DurationText.parse("1h") == .seconds(3600))
        for bad in ["", "s", "-1s", "1.2.3s", "5 s", "fast", "1e3s"] { #expect(DurationText.parse(bad) == nil, "\(bad)") }
        #expect(DurationText.format(.milliseconds(1500)) == "1500ms")
        #expect(DurationText.format(.seconds(120)) == "2m")
        #expect(DurationText.elapsed(1_234_567) == "1.2ms")
    }
}

@Suite struct ScriptEntriesTests {
    @Test func entriesEndWhereTheLanguageSays() {
        #expect(ScriptEntries.isComplete("show @x"))
        #expect(ScriptEntries.isComplete("save /tmp/x.trace"))
        #expect(!ScriptEntries.isComplete("program lat {"))
        #expect(!ScriptEntries.isComplete("program lat a:b:c:entry"))
        #expect(!ScriptEntries.isComplete("a:b:c:entry"))
        #expect(!ScriptEntries.isComplete("a:b:c:entry\n/x > 1/"))
        #expect(ScriptEntries.isComplete("a:b:c:entry\n/x > 1/\n{ @n = count(); }"))
        #expect(!ScriptEntries.isComplete("(define-program x ((:entry a:b:c)"))
        #expect(ScriptEntries.isComplete("porbes"))
    }

    @Test func scriptsSplitIntoEntries() {
        let script = """
            # a comment
            probes

            program lat {
              a:b:c:entry { @n = count(); }
            }
            a:b:c:return
            /elapsed > 10/
            { @slow = count(); }
            (define-program x
              ((:entry a:b:c)
               (agg! n fn-name :count)))
            show
            program unfinished {
            """
        #expect(ScriptEntries.split(script).map(\.text) == [
            "# a comment", "probes", "program lat {\n  a:b:c:entry { @n = count(); }\n}",
            "a:b:c:return\n/elapsed > 10/\n{ @slow = count(); }",
            "(define-program x\n  ((:entry a:b:c)\n   (agg! n fn-name :count)))", "show", "program unfinished {",
        ])
    }
}

@Suite struct WireTests {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> Bool {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value)) == value
    }

    @Test func requestsAndResponsesAreCodable() throws {
        let histogram = HistogramValue(layout: HistogramLayout(kind: .linear(low: 0, high: 50, step: 10)), counts: [1, 2, 0, 3, 0, 0, 4])
        let snapshots = [
            AggregationSnapshot(program: "p", name: "h", function: .lquantize(low: 0, high: 50, step: 10), keyTypes: [.string],
                                entries: [AggregationEntry(key: [.string("k")], value: .histogram(histogram))], drops: 3),
            AggregationSnapshot(program: "p", name: "", function: .stddev, keyTypes: [.int, .string],
                                entries: [AggregationEntry(key: [.int(-1), .string("é")], value: .deviation(count: 3, sum: 6, sumOfSquares: UInt128(1) << 100 | 14))]),
            AggregationSnapshot(program: "p", name: "a", function: .avg, keyTypes: [],
                                entries: [AggregationEntry(key: [], value: .average(count: 2, sum: 5))]),
            AggregationSnapshot(program: "p", name: "q", function: .llquantize(factor: 10, lowMagnitude: 0, highMagnitude: 2, steps: 10),
                                keyTypes: [], entries: []),
        ]
        let responses: [BackendResponse] = [
            .done, .snapshots(snapshots),
            .probes([ProbeInfo(provider: "a", module: "b", function: "c", name: "entry", arguments: [ArgumentInfo(name: "x", type: "int")], enabled: true, isReturn: false)]),
            .defined(DefinitionInfo(name: "p1", matchedProbes: 2, replaced: false, enabled: true)),
            .lispQuery(.variable("v")), .value(.string("s")), .value(nil),
            .programs([ProgramInfo(name: "p", enabled: true, probesMatched: 1, firings: 2, errors: 0, drops: ["trace buffer": 4],
                                   clauseNanoseconds: 5, uptimeNanoseconds: 6, source: "{}", budget: 0.05, aggregations: ["h"])]),
            .output([TraceOutput(program: "p", kind: .text("hi\n")), TraceOutput(program: "p", kind: .aggregation(snapshots[0], format: "%s %@d", withName: false)),
                     TraceOutput(program: "p", kind: .exited)]),
            .limits(LimitsInfo(aggregationKeys: 1, arrayEntries: 2, stringSize: 3, traceBufferBytes: 4)),
            .failure(.definition([DiagnosticInfo(line: 1, column: 2, message: "m")], source: "x")),
            .failure(.noSuchProgram("x", suggestions: ["y"])),
        ]
        for r in responses { #expect(try roundTrip(r), "\(r)") }
        let requests: [BackendRequest] = [
            .listProbes(pattern: nil), .define(name: nil, source: "a { }", allowZeroMatches: true), .defineLisp(source: "(getagg x)"),
            .trunc(program: "p", aggregation: "a", keep: 3), .setBudget(program: "p", fraction: nil), .stopAll, .drainOutput,
        ]
        for r in requests { #expect(try roundTrip(r), "\(r)") }
    }

    @Test func corruptSnapshotsAreRefused() {
        let json = #"{"program":"p","name":"n","function":{"name":"nosuch","parameters":[]},"keyTypes":[],"entries":[],"drops":0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AggregationSnapshot.self, from: Data(json.utf8)) }
    }
}
