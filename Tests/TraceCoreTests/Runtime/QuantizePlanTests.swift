import Testing
import TestSupport
@testable import TraceCore

/// A planned `quantize` (ThreadPlans.continueQuantize) — of `retval`, an argument or `elapsed`; unkeyed, keyed by
/// a constant, an integer argument or (at a return site, beside `elapsed`) a string argument — gives the general
/// path's histograms on 4 threads, across a redefinition and a `clear` between an entry and its return; and
/// `timestamp`, on the tick counter `elapsed` uses, is monotonic per thread and agrees with `elapsed`.
@Suite(.serialized) struct QuantizePlanTests {
    let provider = TraceProvider("qplan")
    let work: FunctionProbe<Int, Int>
    let command: FunctionProbe<String, Int, Int>
    let runtime = TraceRuntime.shared

    init() {
        work = provider.function("m", "work", ("a", Int.self), ("b", Int.self))
        command = provider.function("m", "command", ("name", String.self), ("size", Int.self), ("flags", Int.self))
    }

    private func site(_ description: String) -> Int { ProbeRegistry.shared.match(ProbeDescription(description)!).map(\.id)[0] }

    private func define(_ name: String, _ source: String) throws {
        try runtime.define(try TraceLanguage.compile(name: name, source: source))
    }

    private func planned(_ description: String) -> Bool { Configuration.current().1.plannedSiteIDs.contains(site(description)) }

    /// Whether the site has a plan, waiting (at most minutes) while another suite's program on every probe
    /// sends every site to the general path.
    private func waitUntilPlanned(_ description: String) -> Bool {
        waitUntil(timeout: .seconds(300), every: .milliseconds(10)) { planned(description) }
    }

    /// Every histogram of a program by aggregation and key: its bucket counts and sum (with `totals`, its count and sum).
    private func histograms(_ program: String, _ names: [String], totals: Bool = false) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in names {
            for e in try runtime.snapshot(program: program, aggregation: name).entries {
                guard case .histogram(let h) = e.value else { continue }
                let counts = totals ? "\(h.counts.reduce(0, +))" : "\(h.counts)"
                out[name + "[" + e.key.map { "\($0)" }.joined(separator: ",") + "]"] = counts + " sum \(h.sum)"
            }
        }
        return out
    }

    /// 4 threads × 20 000 pairs: a = i % 5, b = i % 23 - 7 (negative too), retval = i % 37 - 3.
    private func fireWorkOnFourThreads() {
        let work = self.work
        onJoinedThreads(4) { _ in
            for i in 0..<20_000 {
                let t = work.entry(i % 5, i % 23 - 7)
                work.return(t, i % 37 - 3)
            }
        }
    }

    /// Runs `fast` (which must be planned at `site`) and `slow` (the same clauses, which must not be) over the same
    /// firings, and returns both programs' histograms.
    private func bothPaths(_ site: String, _ names: [String], fast: String, slow: String,
                           fire: () -> Void) throws -> ([String: String], [String: String]) {
        try define("qplan_fast", fast)
        #expect(waitUntilPlanned(site))
        fire()
        try runtime.disable("qplan_fast")
        let planned = try histograms("qplan_fast", names)
        try runtime.delete("qplan_fast")
        try define("qplan_slow", slow)
        #expect(!self.planned(site))
        fire()
        try runtime.disable("qplan_slow")
        let general = try histograms("qplan_slow", names)
        try runtime.delete("qplan_slow")
        return (planned, general)
    }

    @Test func plannedQuantizesOfRetvalGiveTheGeneralPathsHistogramsOnFourThreads() throws {
        let names = ["u", "c", "i", "p"]
        // Every clause reads argument 0 and retval: the plan's two words. `+ 0` is compiled code, off the plan.
        let (fast, slow) = try bothPaths("qplan:m:work:return", names, fast: """
            qplan:m:work:return { @u = quantize(retval); }
            qplan:m:work:return { @c[probefunc] = quantize(retval); }
            qplan:m:work:return { @i[arg0] = quantize(retval); }
            qplan:m:work:return /arg0 > 2/ { @p = quantize(retval); }
            """, slow: """
            qplan:m:work:return { @u = quantize(retval + 0); }
            qplan:m:work:return { @c[probefunc] = quantize(retval + 0); }
            qplan:m:work:return { @i[arg0] = quantize(retval + 0); }
            qplan:m:work:return /arg0 > 2/ { @p = quantize(retval + 0); }
            """, fire: fireWorkOnFourThreads)
        #expect(fast == slow)
        #expect(fast.count == 8)   // u, c["work"], i[0…4], p
    }

    @Test func plannedQuantizesOfAnArgumentAtTheEntryGiveTheGeneralPathsHistograms() throws {
        // `arg1 + g` reads a variable: compiled closures (`arg1 + 0` would be a compact form, planned at an entry).
        let (fast, slow) = try bothPaths("qplan:m:work:entry", ["b", "k"], fast: """
            qplan:m:work:entry { @b = quantize(arg1); }
            qplan:m:work:entry /arg0 != 3/ { @k[arg0] = quantize(arg1); }
            """, slow: """
            int g;
            qplan:m:work:entry { @b = quantize(arg1 + g); }
            qplan:m:work:entry /arg0 != 3/ { @k[arg0] = quantize(arg1 + g); }
            """, fire: fireWorkOnFourThreads)
        #expect(fast == slow)
        #expect(fast.count == 5)   // b, k[0, 1, 2, 4]
    }

    @Test func aStringKeyedQuantizeOfElapsedAtAReturnIsPlannedAndCountsEveryCommand() throws {
        let command = self.command
        let names = ["GET", "SET", String(repeating: "long-command-", count: 3)]
        func fire() {
            onJoinedThreads(4) { _ in
                // Two small strings and a heap one (built at run time).
                for i in 0..<15_000 { command.return(command.entry(names[i % 3], i, 0), i % 11) }
            }
        }
        // elapsed differs between runs: the histograms' counts per key are what both paths must agree on.
        func counts(_ program: String) throws -> [String: Int64] {
            var out: [String: Int64] = [:]
            for e in try runtime.snapshot(program: program, aggregation: "lat").entries {
                guard case .histogram(let h) = e.value, case .string(let k)? = e.key.first else { continue }
                #expect(h.sum >= 0)
                out[k] = h.counts.reduce(0, +)
            }
            return out
        }
        try define("qplan_kv", "qplan:m:command:return { @lat[name] = quantize(elapsed); }")
        #expect(waitUntilPlanned("qplan:m:command:return"))
        fire()
        try runtime.disable("qplan_kv")
        let fast = try counts("qplan_kv")
        try runtime.delete("qplan_kv")
        try define("qplan_kv_slow", "qplan:m:command:return { @lat[name] = quantize(elapsed + 0); }")
        #expect(!planned("qplan:m:command:return"))
        fire()
        try runtime.disable("qplan_kv_slow")
        let slow = try counts("qplan_kv_slow")
        try runtime.delete("qplan_kv_slow")
        #expect(fast == ["GET": 20_000, "SET": 20_000, names[2]: 20_000])
        #expect(fast == slow)

        // The same key with retval, whose values both paths see alike: equal histograms.
        let (q, general) = try bothPaths("qplan:m:command:return", ["r"],
                                         fast: "qplan:m:command:return { @r[name] = quantize(retval); }",
                                         slow: "qplan:m:command:return { @r[name] = quantize(retval + 0); }", fire: fire)
        #expect(q == general && q.count == 3)
    }

    @Test func aRedefinitionOrAClearBetweenEntryAndReturnQuantizesTheReturnInTheNewState() throws {
        let source = "qplan:m:work:return { @q[arg0] = quantize(retval); } qplan:m:work:return { @n = quantize(retval); }"
        try define("qplan_redef", source)
        defer { try? runtime.delete("qplan_redef") }
        #expect(waitUntilPlanned("qplan:m:work:return"))
        for _ in 0..<10 { work.return(work.entry(1, 0), 2) }
        // Entered under the first definition, returned under the second: the new instance counts it alone.
        let pending = work.entry(1, 0)
        try define("qplan_redef", source)
        #expect(waitUntilPlanned("qplan:m:work:return"))
        work.return(pending, 5)
        #expect(try histograms("qplan_redef", ["q", "n"], totals: true) == ["q[1]": "1 sum 5", "n[]": "1 sum 5"])
        // A clear between entry and return: only the return after it is left.
        let cleared = work.entry(3, 0)
        try runtime.clear(program: "qplan_redef", aggregation: "q")
        try runtime.clear(program: "qplan_redef", aggregation: "n")
        work.return(cleared, 6)
        try runtime.disable("qplan_redef")
        let after = try histograms("qplan_redef", ["q", "n"], totals: true).filter { !$0.value.hasPrefix("0 ") }
        #expect(after == ["q[3]": "1 sum 6", "n[]": "1 sum 6"])
    }

    @Test func timestampIsMonotonicPerThreadAndAgreesWithElapsed() throws {
        try define("qplan_clock", """
            qplan:m:work:entry /self->last > timestamp/ { @back = count(); }
            qplan:m:work:entry { self->last = timestamp; self->ts = timestamp; }
            qplan:m:work:return /self->last > timestamp/ { @back = count(); }
            qplan:m:work:return { @gap = min(timestamp - self->ts - elapsed); @n = count(); self->last = timestamp; }
            """)
        defer { try? runtime.delete("qplan_clock") }
        fireWorkOnFourThreads()
        try runtime.disable("qplan_clock")
        #expect(total(try runtime.snapshot(program: "qplan_clock", aggregation: "n")) == 80_000)
        // No thread saw its clock go back.
        #expect(try runtime.snapshot(program: "qplan_clock", aggregation: "back").entries.isEmpty)
        // The entry stamps before the entry's tick is taken, the return reads timestamp after elapsed: so the
        // timestamps' difference is at least elapsed (less 2 ns of rounding, each converted separately).
        guard case .scalar(let gap)? = try runtime.snapshot(program: "qplan_clock", aggregation: "gap").entries.first?.value else {
            Issue.record("no gap"); return
        }
        #expect(gap >= -2)
    }
}
