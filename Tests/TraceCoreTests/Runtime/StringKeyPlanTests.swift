import CTraceCore
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import TraceCore

/// The site plans' string-key op (StringKeyPlans: `@[name] = count()` found by the string's identity, no compact
/// code run) gives exactly what the general path gives — the same keys and counts for small, immortal and heap
/// strings from 4 threads, behind a predicate, while the aggregation is cleared and other programs are redefined —
/// and a string table at its memory budget drops and counts what it refuses.
@Suite(.serialized) struct StringKeyPlanTests {
    static let provider = TraceProvider("strplan")
    let named: EventProbe<String> = StringKeyPlanTests.provider.event("m", "f", "named", ("name", String.self))
    let pair: EventProbe<String, Int> = StringKeyPlanTests.provider.event("m", "f", "pair", ("name", String.self), ("n", Int.self))
    let runtime = TraceRuntime.shared

    private func define(_ name: String, _ source: String) throws { try defineProgram(name, source) }

    private func rows(_ program: String, _ aggregation: String) throws -> [String: AggregationValue] { try keyedRows(program, aggregation) }

    /// The rows' scalar values added up.
    private func sum(_ rows: [String: AggregationValue]) -> Int64 {
        rows.values.reduce(0) { if case .scalar(let v) = $1 { $0 + v } else { $0 } }
    }

    private func site(_ probe: String) -> Int { ProbeRegistry.shared.match(ProbeDescription("strplan:m:f:\(probe)")!).map(\.id)[0] }

    /// Waits until the site is planned or not, as `planned` says (another suite's program on every probe sends
    /// every site to the general path while it lives).
    private func waitPlanned(_ probe: String, _ planned: Bool) {
        let id = site(probe)
        #expect(waitUntil(timeout: .seconds(300), every: .milliseconds(10)) { Configuration.current().1.plannedSiteIDs.contains(id) == planned })
    }

    /// Whether the calling thread's plans, rebuilt from the current configuration, have a string-key op for the site.
    private static func runsStringKeyOp(_ site: Int) -> Bool {
        guard var p = currentPlanOps(site) else { return false }
        while true {
            if p.pointee.kind & ThreadOpKind.stringKey != 0 { return true }
            if p.pointee.kind & ThreadOpKind.last != 0 { return false }
            p += 1
        }
    }

    /// Fires `named` from 4 threads, each with every string of CompactFormTests.names() in turn, and returns the
    /// aggregation `n` of `program` and how many threads ended on a string-key op.
    private func fireNames(_ program: String, _ source: String, planned: Bool) throws -> ([String: AggregationValue], Int) {
        try define(program, source)
        defer { try? runtime.delete(program) }
        waitPlanned("named", planned)
        let probe = named, id = site("named")
        let onOp = Atomic<Int>(0)
        onJoinedThreads(4) { t in
            let names = CompactFormTests.names()
            for i in 0..<20_000 { probe.fire(names[(i + t) % names.count]) }
            if Self.runsStringKeyOp(id) { onOp.wrappingAdd(1, ordering: .relaxed) }
        }
        try runtime.disable(program)
        return (try rows(program, "n"), onOp.load(ordering: .relaxed))
    }

    @Test func theStringKeyOpCountsWhatTheGeneralPathCounts() throws {
        let (planned, onOp) = try fireNames("sk_plan", "strplan:m:f:named { @n[name] = count(); }", planned: true)
        // A clause the plan cannot take sends the site to the general path.
        let (general, generalOnOp) = try fireNames("sk_general", """
            strplan:m:f:named { @n[name] = count(); }
            strplan:m:f:named { @other[strjoin(name, "")] = count(); }
            """, planned: false)
        #expect(planned == general)
        // 15 strings, two of them equal (a literal and the same bytes made at run time): 14 keys, 80 000 firings.
        #expect(planned.count == CompactFormTests.names().count - 1)
        #expect(sum(planned) == 80_000)
        #expect(onOp >= 1, "the planned site's threads ran the string-key op")
        #expect(generalOnOp == 0)
    }

    @Test func aPredicateAndASumOnTheStringKeyOpGiveTheGeneralPathsValues() throws {
        func fire(_ program: String, _ source: String, planned: Bool) throws -> ([String: AggregationValue], [String: AggregationValue]) {
            try define(program, source)
            defer { try? runtime.delete(program) }
            waitPlanned("pair", planned)
            let probe = pair
            onJoinedThreads(4) { t in
                let names = CompactFormTests.names()
                for i in 0..<10_000 { probe.fire(names[(i + t) % names.count], i % 7) }
            }
            try runtime.disable(program)
            return (try rows(program, "n"), try rows(program, "s"))
        }
        let clauses = """
            strplan:m:f:pair /arg1 > 3/ { @n[name] = count(); }
            strplan:m:f:pair { @s[name] = sum(arg1); }
            """
        let planned = try fire("sk_pred_plan", clauses, planned: true)
        let general = try fire("sk_pred_general", clauses + "\nstrplan:m:f:pair { @other[strjoin(name, \"\")] = count(); }", planned: false)
        #expect(planned.0 == general.0)
        #expect(planned.1 == general.1)
        // n = i % 7 for i < 10 000 (1 428 rounds of 0…6, then 0…3): 4, 5 and 6 pass 1 428 × 3 times; n sums to 1 428 × 21 + 6.
        #expect(sum(planned.0) == 4 * 1_428 * 3)
        #expect(sum(planned.1) == 4 * (1_428 * 21 + 6))
    }

    @Test func theOpsLastStringsCountExactlyWhileTheShardsTableGrowsAndIsCleared() throws {
        try define("sk_grow", "strplan:m:f:named { @n[name] = count(); }")
        defer { try? runtime.delete("sk_grow") }
        waitPlanned("named", true)
        // "GET" and "SET" stay in the op's memo while 3 000 new keys grow the shard's table under them (a grown
        // table is a new one), and again after a clear on the firing thread resets the shard in place.
        for round in 0..<2 {
            for i in 0..<3_000 {
                named.fire("GET")
                named.fire("SET")
                named.fire("k\(round)-\(i)")
            }
            let n = try rows("sk_grow", "n")
            #expect(n["GET"] == .scalar(3_000) && n["SET"] == .scalar(3_000), "round \(round)")
            let fresh = n.filter { $0.key.hasPrefix("k\(round)-") }
            #expect(fresh.count == 3_000 && fresh.values.allSatisfy { $0 == .scalar(1) })
            try runtime.clear(program: "sk_grow", aggregation: "n")
        }
    }

    @Test func countsStayExactWhileTheAggregationIsClearedAndAnotherProgramIsRedefined() throws {
        try define("sk_steady", "strplan:m:f:named { @n[name] = count(); }")
        try define("sk_cleared", "strplan:m:f:named { @n[name] = count(); }")
        defer {
            try? runtime.delete("sk_steady")
            try? runtime.delete("sk_cleared")
            try? runtime.delete("sk_churn")
        }
        let stop = Atomic<Bool>(false)
        let rounds = Atomic<Int>(0)
        let churner = Thread { [runtime] in
            var round = 0
            while !stop.load(ordering: .relaxed) {
                round += 1
                // A plannable clause, then one that sends the site to the general path, then none.
                let body = round % 3 == 0 ? "@m[name] = count();" : round % 3 == 1 ? "@m[strjoin(name, \"\")] = count();" : "@m = count();"
                _ = try? runtime.define(try TraceLanguage.compile(name: "sk_churn", source: "strplan:m:f:named { \(body) }"))
                try? runtime.clear(program: "sk_cleared", aggregation: "n")
                if round % 4 == 0 { try? runtime.trunc(program: "sk_cleared", aggregation: "n") }
                if round % 5 == 0 { try? runtime.delete("sk_churn") }
                rounds.wrappingAdd(1, ordering: .relaxed)
                usleep(200)
            }
        }
        churner.start()
        let probe = named
        onJoinedThreads(4) { t in
            let names = CompactFormTests.names()
            for i in 0..<100_000 { probe.fire(names[(i + t) % names.count]) }
        }
        stop.store(true, ordering: .relaxed)
        while churner.isExecuting { usleep(1000) }
        #expect(rounds.load(ordering: .relaxed) > 0, "the churning thread never ran")

        var expected: [String: AggregationValue] = [:]
        for t in 0..<4 { for i in 0..<100_000 {
            let s = CompactFormTests.names()[(i + t) % CompactFormTests.names().count]
            if case .scalar(let v)? = expected[s] { expected[s] = .scalar(v + 1) } else { expected[s] = .scalar(1) }
        } }
        #expect(try rows("sk_steady", "n") == expected)

        // After the clears and collections, the cleared aggregation counts exactly again, on the plan.
        try? runtime.delete("sk_churn")
        try runtime.clear(program: "sk_cleared", aggregation: "n")
        try runtime.trunc(program: "sk_cleared", aggregation: "n")
        waitPlanned("named", true)
        onJoinedThreads(4) { _ in
            for s in CompactFormTests.names() { for _ in 0..<10 { probe.fire(s) } }
        }
        let after = try rows("sk_cleared", "n")
        #expect(after.count == CompactFormTests.names().count - 1)
        #expect(after["a-literal-longer-than-fifteen-bytes"] == .scalar(80))
        #expect(after.filter { $0.key != "a-literal-longer-than-fifteen-bytes" }.values.allSatisfy { $0 == .scalar(40) })
    }

    @Test func aStringTableAtItsMemoryBudgetDropsAndCountsWhatItRefuses() async {
        await #expect(processExitsWith: .success) {
            changeLimits { $0.memoryBytes = 1 << 20 }
            let probe = TraceProvider("skbudget").event("m", "f", "e", ("name", String.self))
            try! TraceRuntime.shared.define(try! TraceLanguage.compile(name: "skb", source: "skbudget:::e { @n[name] = count(); }"))
            // Small strings made at run time (their bits are their value: the string-key op's), twice each in a row,
            // and a long heap string of each every 8th (the content path), until the budget refuses keys.
            onJoinedThreads(4) { t in
                for i in 0..<20_000 {
                    let small = "k\(t)-\(i)"
                    probe.fire(small)
                    probe.fire(small)
                    if i % 8 == 0 { probe.fire(String(repeating: "h", count: 40) + small) }
                }
            }
            let s = try! TraceRuntime.shared.snapshot(program: "skb", aggregation: "n")
            let status = TraceRuntime.shared.program(named: "skb")!
            let dropped = status.drops[.memory] ?? 0
            let firings: Int64 = 4 * (20_000 * 2 + 20_000 / 8)
            // Every firing is a row's count or a drop; a small key that was kept counts both its firings.
            let smallRows = s.entries.filter { if case .string(let k) = $0.key.first { !k.hasPrefix("h") } else { false } }
            let whole = smallRows.filter { $0.value == .scalar(2) }.count
            let parts = smallRows.allSatisfy { $0.value == .scalar(2) || $0.value == .scalar(1) }
            let fits = TraceRuntime.shared.memoryUsedBytes <= 1 << 20
            let ok = dropped > 0 && total(s) + dropped == firings && status.errors == 0 && parts && whole > 1_000 && fits
            MemoryProbe.finish(ok, "rows \(s.entries.count) total \(total(s)) drops \(status.drops) errors \(status.errors) used \(TraceRuntime.shared.memoryUsedBytes)")
        }
    }
}
