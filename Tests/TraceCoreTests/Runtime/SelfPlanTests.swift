import Testing
import TestSupport
@testable import TraceCore

/// The `self->ts` idiom (`self->ts = timestamp` at one probe, `/self->ts/ { @ = quantize(timestamp - self->ts);
/// self->ts = 0; }` at another) runs as thread-plan ops (SelfIdiom): the same counts as the general path on 4
/// threads, the same `self->ts` for a clause that reads it elsewhere, across a redefinition and a `clear`.
@Suite(.serialized) struct SelfPlanTests {
    let provider = TraceProvider("splan")
    let start: FunctionProbe<Int>
    let finish: FunctionProbe<Int>
    let look: EventProbe<Int>
    let runtime = TraceRuntime.shared

    init() {
        start = provider.function("m", "start", ("a", Int.self))
        finish = provider.function("m", "finish", ("a", Int.self))
        look = provider.event("m", "look", "at", ("a", Int.self))
    }

    private func site(_ description: String) -> Int { ProbeRegistry.shared.match(ProbeDescription(description)!).map(\.id)[0] }

    private func define(_ name: String, _ source: String) throws {
        try runtime.define(try TraceLanguage.compile(name: name, source: source))
    }

    /// Whether both sites of the idiom have a plan, waiting (at most minutes) while another suite's program on
    /// every probe sends every site to the general path.
    private func waitUntilPlanned() -> Bool {
        let ids = [site("splan:m:start:entry"), site("splan:m:finish:return")]
        return waitUntil(timeout: .seconds(300), every: .milliseconds(10)) {
            let planned = Configuration.current().1.plannedSiteIDs
            return ids.allSatisfy { planned.contains($0) }
        }
    }

    /// Per key, the count of the histogram (and that no value was negative).
    private func counts(_ program: String, _ aggregation: String) throws -> [Int64: Int64] {
        var out: [Int64: Int64] = [:]
        for e in try runtime.snapshot(program: program, aggregation: aggregation).entries {
            guard case .histogram(let h) = e.value, case .int(let k)? = e.key.first else { continue }
            #expect(h.sum >= 0)
            out[k] = h.counts.reduce(0, +)
        }
        return out
    }

    /// 4 threads × 9 000 calls of `finish(i % 4)`, every third one after a `start`: 750 stamped returns per key and thread.
    private func fireOnFourThreads() {
        let (start, finish) = (self.start, self.finish)
        onJoinedThreads(4) { _ in
            for i in 0..<9_000 {
                if i % 3 == 0 { start.return(start.entry(i), 0) }
                finish.return(finish.entry(i % 4), 0)
            }
        }
    }

    @Test func thePlannedIdiomCountsWhatTheGeneralPathCountsOnFourThreads() throws {
        try define("splan_fast", """
            splan:m:start:entry { self->ts = timestamp; }
            splan:m:finish:return /self->ts/ { @q[arg0] = quantize(timestamp - self->ts); self->ts = 0; }
            """)
        #expect(waitUntilPlanned())
        fireOnFourThreads()
        try runtime.disable("splan_fast")
        let fast = try counts("splan_fast", "q")
        try runtime.delete("splan_fast")

        // The same program written so the planner does not take it (`+ 0` is compiled code).
        try define("splan_slow", """
            splan:m:start:entry { self->ts = timestamp + 0; }
            splan:m:finish:return /self->ts/ { @q[arg0] = quantize(timestamp - self->ts + 0); self->ts = 0; }
            """)
        #expect(!Configuration.current().1.plannedSiteIDs.contains(site("splan:m:start:entry")))
        fireOnFourThreads()
        try runtime.disable("splan_slow")
        let slow = try counts("splan_slow", "q")
        try runtime.delete("splan_slow")

        // i % 3 == 0 stamps; the next finish is i's, whose key is i % 4: 3 000 per key over the 4 threads.
        #expect(fast == [0: 3_000, 1: 3_000, 2: 3_000, 3: 3_000])
        #expect(fast == slow)
    }

    @Test func aClauseOnAnotherProbeSeesThePlannedStamp() throws {
        try define("splan_read", """
            splan:m:start:entry { self->ts = timestamp; }
            splan:m:look:at /self->ts/ { @seen = count(); }
            splan:m:finish:return /self->ts/ { @q[1] = quantize(timestamp - self->ts); self->ts = 0; }
            """)
        defer { try? runtime.delete("splan_read") }
        #expect(waitUntilPlanned())
        for _ in 0..<10 {
            start.return(start.entry(1), 0)
            look.fire(1)        // stamped: seen
            finish.return(finish.entry(1), 0)
            look.fire(1)        // cleared by the return: not seen
        }
        try runtime.disable("splan_read")
        #expect(total(try runtime.snapshot(program: "splan_read", aggregation: "seen")) == 10)
        #expect(try counts("splan_read", "q") == [1: 10])
    }

    @Test func aRedefinitionBetweenStampAndReturnStartsWithoutAStampAndAClearKeepsIt() throws {
        let source = """
            splan:m:start:entry { self->ts = timestamp; }
            splan:m:finish:return /self->ts/ { @q[2] = quantize(timestamp - self->ts); self->ts = 0; }
            """
        try define("splan_redef", source)
        defer { try? runtime.delete("splan_redef") }
        #expect(waitUntilPlanned())
        start.return(start.entry(1), 0)
        // The new instance's self->ts is its own, still 0: this return is not counted.
        try define("splan_redef", source)
        #expect(waitUntilPlanned())
        finish.return(finish.entry(2), 0)
        #expect(try counts("splan_redef", "q").isEmpty)
        // A clear empties the aggregation, not self->ts: the return after it is counted.
        start.return(start.entry(1), 0)
        try runtime.clear(program: "splan_redef", aggregation: "q")
        finish.return(finish.entry(2), 0)
        finish.return(finish.entry(2), 0)
        try runtime.disable("splan_redef")
        #expect(try counts("splan_redef", "q") == [2: 1])
    }
}
