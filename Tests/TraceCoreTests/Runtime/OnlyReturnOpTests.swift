import Testing
import TestSupport
@testable import TraceCore
import CTraceCore

/// A return site whose one op is `@ = quantize(elapsed)` or the `self->ts` idiom's unkeyed quantize runs it inline in
/// `ProbeSite._fireReturn` (ThreadOpKind.onlyElapsedQuantize, onlySinceQuantize): the general path's counts on 4
/// threads, buckets that hold the values summed, the new state after a redefinition or a `clear` between an entry and
/// its return, exact totals while another program moves the site on and off that shape; and a token started with only
/// the return site enabled hands `return` the entry's arguments.
@Suite(.serialized) struct OnlyReturnOpTests {
    let provider = TraceProvider("oplan")
    let work: FunctionProbe<Int>
    let start: FunctionProbe<Int>
    let named: FunctionProbe<String, Int>
    let runtime = TraceRuntime.shared

    init() {
        work = provider.function("m", "work", ("a", Int.self))
        start = provider.function("m", "start", ("a", Int.self))
        named = provider.function("m", "named", ("name", String.self), ("n", Int.self))
    }

    private func site(_ description: String) -> Int { ProbeRegistry.shared.match(ProbeDescription(description)!).map(\.id)[0] }

    private func define(_ name: String, _ source: String) throws {
        try runtime.define(try TraceLanguage.compile(name: name, source: source))
    }

    /// Whether this thread's plan of `description` is the one op `kind` after a few more firings of `fire`, waiting (at
    /// most minutes) while another suite's program on every probe sends every site to the general path.
    private func runsInline(_ description: String, _ kind: UInt8, fire: () -> Void) -> Bool {
        let id = site(description)
        return waitUntil(timeout: .seconds(300), every: .milliseconds(10)) {
            fire()
            fire()
            return ThreadPlans.ops(trace_thread_get(), id)?.pointee.kind == kind
        }
    }

    /// The one histogram of an aggregation (an empty one when nothing was counted).
    private func histogram(_ program: String, _ aggregation: String) throws -> HistogramValue {
        let s = try runtime.snapshot(program: program, aggregation: aggregation)
        guard case .histogram(let h)? = s.entries.first?.value else {
            return HistogramValue(layout: HistogramLayout(kind: .quantize), counts: [Int64](repeating: 0, count: 128))
        }
        return h
    }

    /// Whether a histogram of non-negative values has a sum its buckets allow: each value in bucket 65 + k is in
    /// [2^k, 2^(k+1)), bucket 64 holds zeros, and no value is negative.
    private func bucketsHoldTheSum(_ h: HistogramValue) -> Bool {
        guard h.counts.count == 128, h.counts[..<64].allSatisfy({ $0 == 0 }) else { return false }
        var (low, high) = (Int64(0), Int64(0))
        for k in 0..<62 {
            let c = h.counts[65 + k]
            low += c << k
            high += c * ((Int64(1) << (k + 1)) - 1)
        }
        return h.counts[127] == 0 && h.counts[126] == 0 && low <= h.sum && h.sum <= high
    }

    /// 4 threads × 20 000 pairs of `work`.
    private func fireWorkOnFourThreads() {
        let work = self.work
        onJoinedThreads(4) { _ in
            for i in 0..<20_000 { work.return(work.entry(i), i) }
        }
    }

    /// 4 threads × 9 000 returns of `work`, every third one after a `start` whose entry stamps: 12 000 stamped returns.
    private func fireStampedOnFourThreads() {
        let (start, work) = (self.start, self.work)
        onJoinedThreads(4) { _ in
            for i in 0..<9_000 {
                if i % 3 == 0 { start.return(start.entry(i), 0) }
                work.return(work.entry(i), 0)
            }
        }
    }

    /// The histogram `aggregation` of `fast`, whose return site must reach the one op `kind` after a few firings of
    /// `prime`, and of `slow`, the same clauses written as compiled code (`+ 0`, the general path), each over `fire`.
    private func bothPaths(_ aggregation: String, _ kind: UInt8, fast: String, slow: String, prime: () -> Void,
                           fire: () -> Void) throws -> (fast: HistogramValue, slow: HistogramValue) {
        var out: [HistogramValue] = []
        for (name, source) in [("oplan_fast", fast), ("oplan_slow", slow)] {
            try define(name, source)
            if out.isEmpty {
                let inline = runsInline("oplan:m:work:return", kind, fire: prime)
                #expect(inline)
            }
            try runtime.clear(program: name, aggregation: aggregation)
            fire()
            try runtime.disable(name)
            out.append(try histogram(name, aggregation))
            try runtime.delete(name)
        }
        return (out[0], out[1])
    }

    @Test func theOnlyElapsedQuantizeCountsWhatTheGeneralPathCountsOnFourThreads() throws {
        let (fast, slow) = try bothPaths("e", ThreadOpKind.onlyElapsedQuantize,
                                         fast: "oplan:m:work:return { @e = quantize(elapsed); }",
                                         slow: "oplan:m:work:return { @e = quantize(elapsed + 0); }",
                                         prime: { work.return(work.entry(0), 0) }, fire: fireWorkOnFourThreads)
        #expect(fast.total == 80_000 && slow.total == 80_000)
        #expect(bucketsHoldTheSum(fast))
        #expect(bucketsHoldTheSum(slow))
    }

    @Test func theOnlySinceQuantizeCountsWhatTheGeneralPathCountsOnFourThreads() throws {
        let (fast, slow) = try bothPaths("q", ThreadOpKind.onlySinceQuantize, fast: """
            oplan:m:start:entry { self->ts = timestamp; }
            oplan:m:work:return /self->ts/ { @q = quantize(timestamp - self->ts); self->ts = 0; }
            """, slow: """
            oplan:m:start:entry { self->ts = timestamp + 0; }
            oplan:m:work:return /self->ts/ { @q = quantize(timestamp - self->ts + 0); self->ts = 0; }
            """, prime: {
                start.return(start.entry(0), 0)
                work.return(work.entry(0), 0)
            }, fire: fireStampedOnFourThreads)
        #expect(fast.total == 12_000 && slow.total == 12_000)
        #expect(bucketsHoldTheSum(fast))
        #expect(bucketsHoldTheSum(slow))
    }

    @Test func aRedefinitionOrAClearBetweenEntryAndReturnLeavesTheOnlyOpInTheNewState() throws {
        let source = "oplan:m:work:return { @e = quantize(elapsed); }"
        try define("oplan_redef", source)
        defer { try? runtime.delete("oplan_redef") }
        #expect(runsInline("oplan:m:work:return", ThreadOpKind.onlyElapsedQuantize) { work.return(work.entry(0), 0) })
        // Entered under the first definition, returned under the second: the new instance counts it alone.
        let pending = work.entry(1)
        try define("oplan_redef", source)
        work.return(pending, 0)
        #expect(try histogram("oplan_redef", "e").total == 1)
        // A clear between entry and return: only the return after it is left. (The op finds its value words again
        // at that return, and runs inline after it.)
        let cleared = work.entry(2)
        try runtime.clear(program: "oplan_redef", aggregation: "e")
        work.return(cleared, 0)
        #expect(try histogram("oplan_redef", "e").total == 1)
        #expect(runsInline("oplan:m:work:return", ThreadOpKind.onlyElapsedQuantize) { work.return(work.entry(3), 0) })
        try runtime.disable("oplan_redef")
        let e = try histogram("oplan_redef", "e")
        #expect(e.total >= 3 && bucketsHoldTheSum(e))
    }

    @Test func aRedefinitionBetweenStampAndReturnStartsWithoutAStampAndAClearKeepsIt() throws {
        let source = """
            oplan:m:start:entry { self->ts = timestamp; }
            oplan:m:work:return /self->ts/ { @q = quantize(timestamp - self->ts); self->ts = 0; }
            """
        try define("oplan_stamp", source)
        defer { try? runtime.delete("oplan_stamp") }
        #expect(runsInline("oplan:m:work:return", ThreadOpKind.onlySinceQuantize) {
            start.return(start.entry(0), 0)
            work.return(work.entry(0), 0)
        })
        start.return(start.entry(1), 0)
        // The new instance's self->ts is its own, still 0: this return is not counted.
        try define("oplan_stamp", source)
        work.return(work.entry(2), 0)
        #expect(try histogram("oplan_stamp", "q").total == 0)
        // A clear empties the aggregation, not self->ts: the return after it is counted, the next one is not.
        start.return(start.entry(1), 0)
        try runtime.clear(program: "oplan_stamp", aggregation: "q")
        work.return(work.entry(2), 0)
        work.return(work.entry(2), 0)
        #expect(try histogram("oplan_stamp", "q").total == 1)
        // Inline again from here: a return with no stamp is not counted.
        #expect(runsInline("oplan:m:work:return", ThreadOpKind.onlySinceQuantize) {
            start.return(start.entry(0), 0)
            work.return(work.entry(0), 0)
        })
        let counted = try histogram("oplan_stamp", "q").total
        work.return(work.entry(2), 0)
        try runtime.disable("oplan_stamp")
        #expect(try histogram("oplan_stamp", "q").total == counted)
    }

    @Test func theOnlyOpStaysExactWhileAnotherProgramChurnsOnTheReturnSite() throws {
        try define("oplan_exact", "oplan:m:work:return { @e = quantize(elapsed); }")
        defer { try? runtime.delete("oplan_exact") }
        #expect(runsInline("oplan:m:work:return", ThreadOpKind.onlyElapsedQuantize) { work.return(work.entry(0), 0) })
        try runtime.clear(program: "oplan_exact", aggregation: "e")
        // Another planned op (the site leaves the one-op shape) or a general-path clause (it leaves its plan), on and off.
        whileChurning("oplan_churn", { round in
            "oplan:m:work:return { " + (round % 2 == 0 ? "@n = count();" : "@x = sum(retval + \(round));") + " }"
        }, fireWorkOnFourThreads)
        try runtime.disable("oplan_exact")
        let e = try histogram("oplan_exact", "e")
        #expect(e.total == 80_000)
        #expect(bucketsHoldTheSum(e))
    }

    @Test func aTokenStartedWithOnlyTheReturnSiteEnabledHandsReturnTheEntrysArguments() throws {
        let names = ["GET", String(repeating: "heap-string-", count: 3)]
        try define("oplan_token", """
            oplan:m:named:return { @n[name] = sum(n); }
            oplan:m:work:return { @w = sum(arg0); }
            """)
        defer { try? runtime.delete("oplan_token") }
        for i in 0..<100 {
            named.return(named.entry(names[i % 2], i), 0)
            work.return(work.entry(i), 0)
        }
        let n = try runtime.snapshot(program: "oplan_token", aggregation: "n")
        #expect(value(n, [.string("GET")]) == 2_450 && value(n, [.string(names[1])]) == 2_500)
        #expect(total(try runtime.snapshot(program: "oplan_token", aggregation: "w")) == 4_950)
        // Both sites enabled: a plain-word entry fires from the caller, then starts the token.
        try define("oplan_token", "oplan:m:work:entry { @we = sum(arg0); } oplan:m:work:return { @w = sum(arg0); }")
        for i in 0..<100 { work.return(work.entry(i), 0) }
        #expect(total(try runtime.snapshot(program: "oplan_token", aggregation: "we")) == 4_950)
        #expect(total(try runtime.snapshot(program: "oplan_token", aggregation: "w")) == 4_950)
        // With only the entry site enabled, the token is empty and `return` fires nothing.
        try define("oplan_token", "oplan:m:named:entry { @e = count(); }")
        let token = named.entry("GET", 1)
        #expect(token.start == 0 && token.arguments == nil)
        named.return(token, 0)
        #expect(total(try runtime.snapshot(program: "oplan_token", aggregation: "e")) == 1)
    }
}
