// The ERROR probe as DTrace defines it (arg1 the clause, arg4 the DTRACEFLT_* kind, arg5 the value at
// fault), the `id` built-in, and `this->` variables shared by the clauses of one firing.
import Testing
@testable import TraceCore

@Suite(.serialized) struct ErrorProbeTests {
    let service = TestService("errprobe")

    @Test func errorArgumentsAtDTracePositions() throws {
        let spec = try TraceLanguage.compile(name: "errprobe_args", source: """
            errprobe:loop:step:tick { x = 100 / (n - n); }
            ERROR /arg4 == DTRACEFLT_DIVZERO/ { printf("clause %d kind %d action %d offset %d from %s\\n", arg1, arg4, arg2, arg3, arg0 == prev ? "same" : "other"); }
            errprobe:loop:step:tick { prev = id; }
            """)
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("errprobe_args") }
        _ = drainedText("errprobe_args")
        service.tick.fire(1)
        service.tick.fire(2)
        // The first firing's ERROR runs before the third clause sets prev.
        #expect(drainedText("errprobe_args") == ["clause 1 kind 4 action -1 offset -1 from other\n", "clause 1 kind 4 action -1 offset -1 from same\n"])
    }

    @Test func idNumbersProbesAfterBeginEndAndError() throws {
        LanguageFixture.register()
        let spec = try TraceLanguage.compile(name: "errprobe_id", source: """
            BEGIN { printf("%d\\n", id); }
            errprobe:loop:step:tick { printf("%d\\n", id); }
            """)
        let site = ProbeRegistry.shared.allProbes.first { $0.fullName == "errprobe:loop:step:tick" }!
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("errprobe_id") }
        service.tick.fire(1)
        #expect(drainedText("errprobe_id") == ["1\n", "\(site.id + 4)\n"])
        #expect(try LanguageFixture.compile("BEGIN { a = DTRACEFLT_UNKNOWN; b = DTRACEFLT_BADADDR; c = DTRACEFLT_NOSCRATCH; }").clauses[0].body.map { s -> Int64? in
            if case .assign(_, .integer(let v)) = s { return v }
            return nil
        } == [0, 1, 5])
    }

    @Test func thisVariablesAreSharedByTheClausesOfOneFiring() throws {
        let spec = try TraceLanguage.compile(name: "errprobe_this", source: """
            errprobe:loop:step:tick /n == 1/ { this->start = n * 100; this->who = "first"; }
            errprobe:loop:step:tick { printf("%d %s\\n", this->start, this->who); this->start++; }
            errprobe:loop:step:tick { printf("then %d\\n", this->start); }
            BEGIN { this->b = 7; }
            BEGIN { printf("begin %d\\n", this->b); }
            """)
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("errprobe_this") }
        service.tick.fire(1)
        service.tick.fire(2)
        // The second firing starts with nothing: this-> lives for one firing.
        #expect(drainedText("errprobe_this") == ["begin 7\n", "100 first\n", "then 101\n", "0 \n", "then 1\n"])
    }
}
