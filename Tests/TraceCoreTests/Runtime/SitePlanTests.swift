import Testing
import TestSupport
@testable import TraceCore

/// Sites whose clauses are all direct aggregations run as a SitePlan: the same values as the general
/// path, for every function, key and predicate form the plan takes, and the general path where it cannot.
@Suite(.serialized) struct SitePlanTests {
    let provider = TraceProvider("plan")
    let pair: EventProbe<Int, Int>
    let stop: EventProbe<Int>
    let runtime = TraceRuntime.shared

    init() {
        pair = provider.event("m", "f", "pair", ("a", Int.self), ("b", Int.self))
        stop = provider.event("m", "f", "stop", ("a", Int.self))
    }

    private var siteID: Int { ProbeRegistry.shared.match(ProbeDescription("plan:m:f:pair")!).map(\.id)[0] }

    private func define(_ name: String, _ source: String) throws {
        try runtime.define(try TraceLanguage.compile(name: name, source: source))
    }

    /// Whether the site has a plan, waiting (at most minutes) while another suite's program covers it: a
    /// program on every probe (the fuzz test's `*:*:*:*`) sends every site to the general path while it lives.
    private func waitUntilPlanned() -> Bool {
        waitUntil(timeout: .seconds(300), every: .milliseconds(10)) { Configuration.current().1.plannedSiteIDs.contains(siteID) }
    }

    private func scalars(_ program: String, _ aggregation: String) throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for e in try runtime.snapshot(program: program, aggregation: aggregation).entries {
            guard case .scalar(let v) = e.value else { continue }
            out[e.key.map { "\($0)" }.joined(separator: ",")] = v
        }
        return out
    }

    @Test func everyFormThePlanTakesGivesTheExactValues() throws {
        try define("plan_all", """
            plan:m:f:pair { @c = count(); }
            plan:m:f:pair { @byb[arg1] = count(); }
            plan:m:f:pair /arg0 != 3/ { @s = sum(arg0); }
            plan:m:f:pair /arg1 < 20/ { @lo = min(arg0); }
            plan:m:f:pair /arg0 >= 2/ { @hi = max(arg1); }
            plan:m:f:pair { @k[7] = sum(5); }
            plan:m:f:pair /arg0 == 4/ { @four = count(); }
            plan:m:f:pair { @q = quantize(arg0); }
            plan:m:f:pair { @av = avg(arg1); }
            """)
        defer { try? runtime.delete("plan_all") }
        #expect(waitUntilPlanned())
        // 1 000 firings: a = i % 5 (0…4), b = 10 * (i % 3) (0, 10, 20).
        for i in 0..<1000 { pair.fire(i % 5, 10 * (i % 3)) }
        try runtime.disable("plan_all")
        #expect(try scalars("plan_all", "c").values.first == 1000)
        #expect(try scalars("plan_all", "byb").count == 3)
        #expect(try scalars("plan_all", "byb").values.reduce(0, +) == 1000)
        // sum of a over a != 3: each of 0…4 appears 200 times.
        #expect(try scalars("plan_all", "s").values.first == 200 * (0 + 1 + 2 + 4))
        #expect(try scalars("plan_all", "lo").values.first == 0)
        #expect(try scalars("plan_all", "hi").values.first == 20)
        #expect(try scalars("plan_all", "k").values.first == 5000)
        #expect(try scalars("plan_all", "four").values.first == 200)
        let q = try runtime.snapshot(program: "plan_all", aggregation: "q")
        guard case .histogram(let h)? = q.entries.first?.value else { Issue.record("no histogram"); return }
        #expect(h.counts.reduce(0, +) == 1000)
        #expect(h.sum == 200 * (0 + 1 + 2 + 3 + 4))
        let av = try runtime.snapshot(program: "plan_all", aggregation: "av")
        #expect(av.entries.first?.value == .average(count: 1000, sum: 10 * 333 + 20 * 333))
    }

    @Test func aComputedKeyIsPlannedWithTheSameCounts() throws {
        try define("plan_computed", "plan:m:f:pair { @m[arg0 % 2] = count(); }")
        defer { try? runtime.delete("plan_computed") }
        #expect(waitUntilPlanned())
        for i in 0..<100 { pair.fire(i, 0) }
        try runtime.disable("plan_computed")
        #expect(try scalars("plan_computed", "m").values.sorted() == [50, 50])
    }

    @Test func aKeyTheCompactFormCannotTakeKeepsTheGeneralPathAndTheSameCounts() throws {
        try define("plan_general", "plan:m:f:pair { @m[arg1 > 0 ? arg0 % 2 : 5] = count(); }")
        defer { try? runtime.delete("plan_general") }
        #expect(!Configuration.current().1.plannedSiteIDs.contains(siteID))
        for i in 0..<100 { pair.fire(i, 1) }
        try runtime.disable("plan_general")
        #expect(try scalars("plan_general", "m").values.sorted() == [50, 50])
    }

    @Test func clearAndTruncStartThePlannedValuesAgain() throws {
        try define("plan_clear", """
            plan:m:f:pair { @c = count(); }
            plan:m:f:pair { @k[arg0] = count(); }
            """)
        defer { try? runtime.delete("plan_clear") }
        #expect(waitUntilPlanned())
        for i in 0..<100 { pair.fire(i % 10, 0) }
        try runtime.clear(program: "plan_clear", aggregation: "c")
        try runtime.trunc(program: "plan_clear", aggregation: "k", keep: 0)
        for _ in 0..<7 { pair.fire(3, 0) }
        try runtime.disable("plan_clear")
        #expect(try scalars("plan_clear", "c").values.first == 7)
        #expect(try scalars("plan_clear", "k") == ["3": 7])
    }

    @Test func aPlannedCountStopsAtTheProgramsExit() throws {
        try define("plan_exit", """
            plan:m:f:pair { @c = count(); }
            plan:m:f:stop { exit(0); }
            """)
        defer { try? runtime.delete("plan_exit") }
        for i in 0..<10 { pair.fire(i, 0) }
        stop.fire(1)
        for i in 0..<10 { pair.fire(i, 0) }
        #expect(try scalars("plan_exit", "c").values.first == 10)
    }

    /// A constant key's entry is cached in the thread's plan; a key from another site growing the same shard's table
    /// moves every entry, and the next firing must find the key in the new table, not count into the old one.
    @Test func aConstantKeyCountsExactlyWhileAnotherSiteGrowsItsTable() throws {
        try define("plan_grow", """
            plan:m:f:pair { @k[1] = count(); }
            plan:m:f:pair /arg0 > 5/ { @p[2] = sum(arg0); }
            plan:m:f:stop { @k[arg0] = count(); }
            """)
        defer { try? runtime.delete("plan_grow") }
        #expect(waitUntilPlanned())
        for round in 0..<10 {
            for i in 0..<100 { pair.fire(i % 10, 0) }
            // 200 new keys a round (never 1): the thread's shard of @k doubles its table several times.
            for j in 0..<200 { stop.fire(1000 * round + j + 2) }
        }
        try runtime.disable("plan_grow")
        let k = try scalars("plan_grow", "k")
        #expect(k["1"] == 1000)
        #expect(k.count == 2001)
        #expect(k.values.reduce(0, +) == 3000)
        // arg0 > 5: 6, 7, 8, 9 ten times a round each.
        #expect(try scalars("plan_grow", "p") == ["2": 10 * 10 * (6 + 7 + 8 + 9)])
    }

    /// An event of three arguments runs its site's plan with the two words its clauses read (here the second and
    /// the third), and a String key on another: the same values as the general path gives.
    @Test func aThreeArgumentEventRunsItsPlanWithTheWordsItReads() throws {
        let triple: EventProbe<String, Int, Int> = provider.event("m", "f", "triple", ("name", String.self), ("a", Int.self), ("b", Int.self))
        let named: EventProbe<String, Int, Int> = provider.event("m", "f", "named", ("name", String.self), ("a", Int.self), ("b", Int.self))
        try define("plan_three", """
            plan:m:f:triple /arg2 > 1/ { @s[arg2] = sum(arg1); }
            plan:m:f:named { @n[name] = count(); }
            """)
        defer { try? runtime.delete("plan_three") }
        for probe in ["plan:m:f:triple", "plan:m:f:named"] {
            let site = ProbeRegistry.shared.match(ProbeDescription(probe)!).map(\.id)[0]
            #expect(waitUntil(timeout: .seconds(300), every: .milliseconds(10)) { Configuration.current().1.plannedSiteIDs.contains(site) }, "\(probe) planned")
        }
        let names = ["GET", "SET", "a longer name than a small string holds"]
        // 900 firings: b = i % 3 (0, 1, 2), a = i.
        for i in 0..<900 {
            triple.fire(names[i % 3], i, i % 3)
            named.fire(names[i % 3], i, i % 3)
        }
        try runtime.disable("plan_three")
        // b == 2 at i = 2, 5, …, 899: the sum of those i is 300 * (2 + 899) / 2.
        #expect(try scalars("plan_three", "s") == ["2": 300 * (2 + 899) / 2])
        #expect(try scalars("plan_three", "n") == ["GET": 300, "SET": 300, names[2]: 300])
    }
}
