import Foundation
import Testing
import TestSupport
@testable import TraceCore

/// Computed keys and values in compact form (CompactCode), and string keys found by the string's identity
/// (StringKeyCache), give exactly what the compiled closures give: the same keys, counts, sums and faults,
/// on a site plan, on the general path and on the closures' own path, from 4 threads.
@Suite(.serialized) struct CompactFormTests {
    static let provider = TraceProvider("compact")
    /// Fired with (a, b); `named` with one string.
    let pair: EventProbe<Int, Int> = CompactFormTests.provider.event("m", "f", "pair", ("a", Int.self), ("b", Int.self))
    let named: EventProbe<String> = CompactFormTests.provider.event("m", "f", "named", ("name", String.self))
    let runtime = TraceRuntime.shared

    /// The computed forms the compact code takes: remainders and quotients of negative operands, a
    /// nested right operand, shifts, unsigned forms, comparisons, a unary and a cast.
    static let expressions = [
        "arg0 % 10", "arg0 / 3 - arg1", "(arg0 - 500) % 7", "-(arg0 * 2) + 1", "arg0 - (arg1 * (arg0 % 4))",
        "(arg0 >> 1) | (arg1 << 2)", "(arg0 - 600) / (arg1 + 1)", "arg0 > 250 && arg1", "!(arg0 & 3)",
        "(int8_t)(arg0 * 7)", "(uint64_t)(arg0 - 700) / 16",
    ]

    private func define(_ name: String, _ source: String) throws { try defineProgram(name, source) }

    private func rows(_ program: String, _ aggregation: String) throws -> [String: AggregationValue] { try keyedRows(program, aggregation) }

    private func status(_ program: String) -> ProgramStatus? { runtime.programs().first { $0.name == program } }

    /// Defines `clauses` as one program, fires `pair` from 4 threads (a = 0…999, b = a % 5 - 2), and returns
    /// every aggregation's rows and the program's error count.
    private func run(_ name: String, _ clauses: String, aggregations: Int, planned: Bool?) throws -> ([[String: AggregationValue]], Int64) {
        try define(name, clauses)
        defer { try? runtime.delete(name) }
        let site = ProbeRegistry.shared.match(ProbeDescription("compact:m:f:pair")!).map(\.id)[0]
        if let planned {
            // Another suite's program on every probe sends every site to the general path while it lives.
            #expect(waitUntil(timeout: .seconds(300), every: .milliseconds(10)) { Configuration.current().1.plannedSiteIDs.contains(site) == planned })
        }
        let probe = pair
        onJoinedThreads(4) { _ in
            for i in 0..<50_000 { probe.fire(i % 1000, i % 5 - 2) }
        }
        try runtime.disable(name)
        let tables = try (0..<aggregations).map { try rows(name, "a\($0)") }
        return (tables, status(name)?.errors ?? -1)
    }

    @Test func computedKeysAndValuesGiveTheClosuresResultsOnEveryPath() throws {
        let n = Self.expressions.count
        let compact = Self.expressions.enumerated().map { "compact:m:f:pair { @a\($0.offset)[\($0.element)] = sum(\($0.element)); }" }
        // The same expressions behind a conditional (always true: a is 0…999), which the compact form leaves to the closures.
        let closures = Self.expressions.enumerated().map { "compact:m:f:pair { @a\($0.offset)[arg0 >= 0 ? \($0.element) : 0] = sum(arg0 >= 0 ? \($0.element) : 0); }" }
        let (planned, plannedErrors) = try run("compact_plan", compact.joined(separator: "\n"), aggregations: n, planned: true)
        // One clause the plan cannot take sends the site's clauses to the general path, compact forms and all.
        let general = compact + ["compact:m:f:pair { @other[arg0 >= 0 ? arg0 : 0] = count(); }"]
        let (framed, framedErrors) = try run("compact_general", general.joined(separator: "\n"), aggregations: n, planned: false)
        let (reference, referenceErrors) = try run("compact_closures", closures.joined(separator: "\n"), aggregations: n, planned: false)
        for i in 0..<n {
            #expect(planned[i] == reference[i], "\(Self.expressions[i]) on the site plan")
            #expect(framed[i] == reference[i], "\(Self.expressions[i]) on the general path")
            #expect(!reference[i].isEmpty)
        }
        // Both divisions by `arg1 + 1` fault when b = -1: 1 firing in 5, 40 000 of the 200 000 in all, each a clause error.
        #expect(referenceErrors == 40_000)
        #expect(plannedErrors == referenceErrors)
        #expect(framedErrors == referenceErrors)
    }

    @Test func aDivisionByZeroIsReportedOnceAndCountedOnThePlan() throws {
        try define("compact_fault", "compact:m:f:pair { @q[arg0 / arg1] = count(); }")
        defer { try? runtime.delete("compact_fault") }
        for i in 0..<100 { pair.fire(i, i % 2) }
        try runtime.disable("compact_fault")
        // Odd i: arg1 = 1, the key is i; even i: division by zero, an error and no row.
        let q = try rows("compact_fault", "q")
        #expect(q.count == 50)
        #expect(q.values.allSatisfy { $0 == .scalar(1) })
        #expect(status("compact_fault")?.errors == 50)
        let errors = OutputCollector.shared.drain(program: "compact_fault").filter {
            if case .error(let text) = $0.kind { return text.contains("division by zero") }
            return false
        }
        #expect(errors.count == 1)
    }

    /// Strings of every kind: small ASCII and non-ASCII (their bits are their value), immortal literals
    /// longer than 15 bytes, heap strings, strings equal in their first 15 or 16 bytes, and one the same
    /// as a literal but made at run time.
    static func names() -> [String] {
        let long = "a-literal-longer-than-fifteen-bytes"
        var heap = String(repeating: "k", count: 20)
        heap += "1"
        var heap2 = String(repeating: "k", count: 20)
        heap2 += "2"
        let made = String(long.utf8.map { Character(Unicode.Scalar($0)) })
        return ["GET", "SET", "", "é", "ééééééé", "0123456789abcde", "0123456789abcdf", "0123456789abcdef",
                "0123456789abcdeg", long, made, heap, heap2, "日本語のキー", "GET "]
    }

    private func countNames(_ name: String, _ source: String, planned: Bool) throws -> [String: AggregationValue] {
        try define(name, source)
        defer { try? runtime.delete(name) }
        let site = ProbeRegistry.shared.match(ProbeDescription("compact:m:f:named")!).map(\.id)[0]
        #expect(waitUntil(timeout: .seconds(300), every: .milliseconds(10)) { Configuration.current().1.plannedSiteIDs.contains(site) == planned })
        let probe = named
        onJoinedThreads(4) { t in
            let names = Self.names()
            for i in 0..<20_000 { probe.fire(names[(i + t) % names.count]) }
        }
        try runtime.disable(name)
        return try rows(name, "n")
    }

    @Test func stringKeysKeepEveryStringApartOnEveryPath() throws {
        let names = Self.names()
        var expected: [String: AggregationValue] = [:]
        // "made" equals the literal: one key, counted twice as often.
        for t in 0..<4 { for i in 0..<20_000 {
            let s = names[(i + t) % names.count]
            if case .scalar(let v)? = expected[s] { expected[s] = .scalar(v + 1) } else { expected[s] = .scalar(1) }
        } }
        #expect(expected.count == names.count - 1)
        let planned = try countNames("names_plan", "compact:m:f:named { @n[name] = count(); }", planned: true)
        #expect(planned == expected)
        let general = try countNames("names_general", """
            compact:m:f:named { @n[name] = count(); }
            compact:m:f:named { @other[strjoin(name, "")] = count(); }
            """, planned: false)
        #expect(general == expected)
    }

    /// The key limit is process-wide: changed in a child process of its own (an exit test), so no other suite's
    /// string keys running at the same time are refused.
    @Test func aStringKeyOverTheKeyLimitIsDroppedAndCounted() async {
        await #expect(processExitsWith: .success) {
            changeLimits { $0.stringKeys = 2 }
            let probe = TraceProvider("compactlimit").event("m", "f", "named", ("name", String.self))
            try! TraceRuntime.shared.define(try! TraceLanguage.compile(name: "names_limit", source: "compactlimit:m:f:named { @n[name] = count(); }"))
            for i in 0..<30 { probe.fire(["GET", "SET", "DEL"][i % 3]) }
            try! TraceRuntime.shared.disable("names_limit")
            let s = try! TraceRuntime.shared.snapshot(program: "names_limit", aggregation: "n")
            let status = TraceRuntime.shared.program(named: "names_limit")!
            let ok = value(s, [.string("GET")]) == 10 && value(s, [.string("SET")]) == 10 && s.entries.count == 2
                && status.drops[.stringKeys] == 10
            MemoryProbe.finish(ok, "rows \(s.entries) drops \(status.drops)")
        }
    }

    private func printed(_ program: String) -> [String] {
        runtime.drainOutput(program: program).compactMap { r -> String? in
            if case .text(let t) = r.kind { return t } else { return nil }
        }
    }

    /// printf of integers keeps its closures (no compact form yet): its text, from 4 threads, and a fault's missing record.
    @Test func printfOfComputedIntegersPrintsTheirValuesFromEveryThread() throws {
        func lines(_ name: String, _ source: String) throws -> [String] {
            try define(name, source)
            defer { try? runtime.delete(name) }
            let probe = pair
            onJoinedThreads(4) { t in
                for i in 0..<400 { probe.fire(t * 1000 + i, i % 5 - 2) }
            }
            try runtime.disable(name)
            return printed(name).sorted()
        }
        var expected: [String] = []
        for t in 0..<4 { for i in 0..<400 {
            let a = Int64(t * 1000 + i), b = Int64(i % 5 - 2)
            if b == 0 { continue }     // the third value divides by b: a fault, no record
            expected.append("\(a % 7) \(-b) \(a / b)\n")
        } }
        let printedLines = try lines("printf_ints", #"compact:m:f:pair { printf("%d %d %d\n", arg0 % 7, -arg1, arg0 / arg1); }"#)
        #expect(printedLines == expected.sorted())
    }

    @Test func printfRecordsThatWrapRoundTheRingPrintWhole() async {
        await #expect(processExitsWith: .success) {
            var limits = TraceRuntime.shared.limits
            limits.traceBufferBytes = 4096         // 512 words: records of 10 words wrap round its end
            TraceRuntime.shared.limits = limits
            let probe = TraceProvider("wrap").event("m", "f", "e", ("a", Int.self))
            try! TraceRuntime.shared.define(try! TraceLanguage.compile(name: "wrap", source: #"wrap:m:f:e { printf("%d %d %d\n", arg0, arg0 * 3, arg0 % 4); }"#))
            var lines: [String] = []
            for round in 0..<30 {
                for i in 0..<45 { probe.fire(round * 45 + i) }
                lines += TraceRuntime.shared.drainOutput().compactMap { r -> String? in
                    if case .text(let t) = r.kind { return t } else { return nil }
                }
            }
            let expected = (0..<(30 * 45)).map { "\($0) \($0 * 3) \($0 % 4)\n" }
            exit(lines == expected ? 0 : 1)
        }
    }
}
