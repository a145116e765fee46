// DTrace's time units in tick-/profile- probe names and interval:<unit>:N (the Dynamic Tracing Guide's
// profile provider: nsec ns, usec us, msec ms, sec s, min m, hour h, day d, hz; no unit means hz).
import Testing
@testable import TraceCore

@Suite struct TimeUnitTests {
    @Test func everyDTraceUnitAndItsShortForm() throws {
        let cases: [(String, Int64)] = [
            ("tick-1sec", 1_000_000_000), ("tick-1s", 1_000_000_000), ("tick-250msec", 250_000_000), ("tick-250ms", 250_000_000),
            ("tick-5000usec", 5_000_000), ("tick-5000us", 5_000_000), ("tick-2000000nsec", 2_000_000), ("tick-2000000ns", 2_000_000),
            ("tick-1min", 60_000_000_000), ("tick-1m", 60_000_000_000), ("tick-1hour", 3_600_000_000_000), ("tick-1h", 3_600_000_000_000),
            ("tick-1day", 86_400_000_000_000), ("tick-1d", 86_400_000_000_000), ("tick-10hz", 100_000_000), ("tick-100", 10_000_000),
            ("profile:::tick-4sec", 4_000_000_000), ("interval:msec:500", 500_000_000), ("interval:sec:2", 2_000_000_000),
        ]
        for (name, nanoseconds) in cases {
            let spec = try LanguageFixture.compile("\(name) { trace(1); }")
            #expect(spec.clauses[0].probes == [.tick(nanoseconds: nanoseconds)], "\(name)")
        }
    }

    @Test func anUnknownUnitListsTheKnownOnes() {
        #expect(LanguageFixture.errors("tick-1fortnight { trace(1); }").contains(
            "invalid tick probe 'tick-1fortnight': write tick-<count><unit>, as in tick-1s (units nsec/ns, usec/us, msec/ms, sec/s, min/m, hour/h, day/d, hz)"))
    }

    @Test func periodParserIsSharedByEveryPeriodicProbe() {
        #expect(TimeUnits.period("10msec") == .success(10_000_000))
        #expect(TimeUnits.period("97") == .success(1_000_000_000 / 97))
        #expect(TimeUnits.period("0s") == .failure(.malformed))
        #expect(TimeUnits.period("sec") == .failure(.malformed))
        #expect(TimeUnits.period("999999999day") == .failure(.tooLong))
    }
}
