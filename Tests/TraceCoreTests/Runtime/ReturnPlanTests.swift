import Testing
import TestSupport
@testable import TraceCore

/// A function probe's return site whose clauses are all direct aggregations of `elapsed`, `retval` or an
/// argument runs as a thread plan (ReturnPlans): the same values as the general path, on 4 threads, across
/// a redefinition and a `clear` between an entry and its return.
@Suite(.serialized) struct ReturnPlanTests {
    let provider = TraceProvider("rplan")
    let work: FunctionProbe<Int, Int>
    let wide: FunctionProbe<Int, Int, Int>
    let runtime = TraceRuntime.shared

    init() {
        work = provider.function("m", "work", ("a", Int.self), ("b", Int.self))
        wide = provider.function("m", "wide", ("a", Int.self), ("b", Int.self), ("c", Int.self))
    }

    private func site(_ description: String) -> Int { ProbeRegistry.shared.match(ProbeDescription(description)!).map(\.id)[0] }
    private var returnSite: Int { site("rplan:m:work:return") }

    private func define(_ name: String, _ source: String) throws {
        try runtime.define(try TraceLanguage.compile(name: name, source: source))
    }

    private func planned(_ id: Int) -> Bool { Configuration.current().1.plannedSiteIDs.contains(id) }

    /// Whether the site has a plan, waiting (at most minutes) while another suite's program on every probe
    /// sends every site to the general path.
    private func waitUntilPlanned(_ id: Int) -> Bool {
        waitUntil(timeout: .seconds(300), every: .milliseconds(10)) { planned(id) }
    }

    /// Every aggregation of a program: scalars and averages as text, histograms as their counts and sum.
    private func values(_ program: String, _ names: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in names {
            for e in try runtime.snapshot(program: program, aggregation: name).entries {
                let key = name + "[" + e.key.map { "\($0)" }.joined(separator: ",") + "]"
                switch e.value {
                case .histogram(let h): out[key] = "\(h.counts) sum \(h.sum)"
                default: out[key] = "\(e.value)"
                }
            }
        }
        return out
    }

    /// 4 threads × 20 000 pairs: a = i % 5, b = thread, retval = i % 37 - 3.
    private func fireOnFourThreads() {
        let work = self.work
        onJoinedThreads(4) { thread in
            for i in 0..<20_000 {
                let t = work.entry(i % 5, thread)
                work.return(t, i % 37 - 3)
            }
        }
    }

    @Test func aPlannedReturnGivesTheGeneralPathsValuesOnFourThreads() throws {
        let names = ["q", "k", "s", "lo", "n"]
        // The planned program: every clause direct, reading retval or arg0 (a plan takes at most two words).
        try define("rplan_fast", """
            rplan:m:work:return { @q = quantize(retval); }
            rplan:m:work:return { @k[arg0] = sum(retval); }
            rplan:m:work:return /arg0 > 2/ { @s = count(); }
            rplan:m:work:return { @lo[7] = min(retval); }
            rplan:m:work:return { @n = count(); }
            """)
        #expect(waitUntilPlanned(returnSite))
        fireOnFourThreads()
        try runtime.disable("rplan_fast")
        let fast = try values("rplan_fast", names)
        try runtime.delete("rplan_fast")

        // The same clauses written so the planner does not take them (`+ 0` is compiled code).
        try define("rplan_slow", """
            rplan:m:work:return { @q = quantize(retval + 0); }
            rplan:m:work:return { @k[arg0] = sum(retval + 0); }
            rplan:m:work:return /arg0 > 2/ { @s = count(); }
            rplan:m:work:return { @lo[7] = min(retval + 0); }
            rplan:m:work:return { @n = count(); }
            """)
        #expect(!planned(returnSite))
        fireOnFourThreads()
        try runtime.disable("rplan_slow")
        let slow = try values("rplan_slow", names)
        try runtime.delete("rplan_slow")

        #expect(fast == slow)
        #expect(fast["n[]"] == "scalar(80000)")
        #expect(fast["s[]"] == "scalar(32000)" && fast.count == 9)
    }

    @Test func aPlannedElapsedQuantizeCountsEveryReturnOnFourThreads() throws {
        try define("rplan_elapsed", "rplan:m:work:return { @e = quantize(elapsed); } rplan:m:work:return { @a[arg0] = count(); }")
        defer { try? runtime.delete("rplan_elapsed") }
        #expect(waitUntilPlanned(returnSite))
        fireOnFourThreads()
        try runtime.disable("rplan_elapsed")
        let e = try runtime.snapshot(program: "rplan_elapsed", aggregation: "e")
        guard case .histogram(let h)? = e.entries.first?.value else { Issue.record("no histogram"); return }
        #expect(h.counts.reduce(0, +) == 80_000)
        #expect(h.sum >= 0)
        let a = try runtime.snapshot(program: "rplan_elapsed", aggregation: "a")
        #expect(a.entries.count == 5 && total(a) == 80_000)
    }

    @Test func aProbeWithThreeArgumentsPlansItsReturnFromTheTokensWords() throws {
        try define("rplan_wide", "rplan:m:wide:return { @k[arg2] = sum(retval); }")
        defer { try? runtime.delete("rplan_wide") }
        #expect(waitUntilPlanned(site("rplan:m:wide:return")))
        for i in 0..<300 { wide.return(wide.entry(i, -i, i % 3), i) }
        try runtime.disable("rplan_wide")
        // arg2 = i % 3: the sums of i over each residue of 0..<300.
        let k = try values("rplan_wide", ["k"])
        #expect(k == ["k[0]": "scalar(14850)", "k[1]": "scalar(14950)", "k[2]": "scalar(15050)"])
    }

    @Test func aRedefinitionOrAClearBetweenEntryAndReturnCountsTheReturnInTheNewState() throws {
        try define("rplan_redef", "rplan:m:work:return { @n[arg0] = sum(retval); }")
        defer { try? runtime.delete("rplan_redef") }
        #expect(waitUntilPlanned(returnSite))
        for _ in 0..<10 { work.return(work.entry(1, 0), 2) }
        // Entered under the first definition, returned under the second: the new instance counts it alone.
        let pending = work.entry(1, 0)
        try define("rplan_redef", "rplan:m:work:return { @n[arg0] = sum(retval); }")
        #expect(waitUntilPlanned(returnSite))
        work.return(pending, 5)
        #expect(try values("rplan_redef", ["n"]) == ["n[1]": "scalar(5)"])
        // A clear between entry and return: only the return after it is left.
        let cleared = work.entry(3, 0)
        try runtime.clear(program: "rplan_redef", aggregation: "n")
        work.return(cleared, 7)
        try runtime.disable("rplan_redef")
        let n = try runtime.snapshot(program: "rplan_redef", aggregation: "n")
        #expect(value(n, [.int(3)]) == 7)
        #expect(value(n, [.int(1)]) ?? 0 == 0)
    }

    @Test func pairsStayExactWhileAnotherProgramChurnsOnTheReturnSite() throws {
        try define("rplan_exact", "rplan:m:work:return { @n = count(); } rplan:m:work:return { @s[arg1] = sum(retval); }")
        #expect(waitUntilPlanned(returnSite))
        defer { try? runtime.delete("rplan_exact") }
        // A general-path clause on the same site, on and off: the site leaves its plan and comes back.
        whileChurning("rplan_churn", { "rplan:m:work:return { @x = sum(retval + \($0)); }" }, fireOnFourThreads)
        try runtime.disable("rplan_exact")
        #expect(total(try runtime.snapshot(program: "rplan_exact", aggregation: "n")) == 80_000)
        // Per thread: the sum of i % 37 - 3 over 20 000 firings.
        let perThread = (0..<20_000).reduce(Int64(0)) { $0 + Int64($1 % 37 - 3) }
        let s = try runtime.snapshot(program: "rplan_exact", aggregation: "s")
        for thread in 0..<4 { #expect(value(s, [.int(Int64(thread))]) == perThread) }
    }
}
