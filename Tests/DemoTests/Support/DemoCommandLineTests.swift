import DemoServices
import Testing

@Suite struct DemoCommandLineTests {
    let valueFlags: Set<String> = ["--rate", "--duration"]
    let switchFlags: Set<String> = ["--no-console"]

    @Test func parsesOwnFlagsAndIgnoresConsoleFlags() throws {
        let c = try DemoCommandLine(["--rate", "500", "--no-console", "--script", "x.d", "--json", "--duration=2s", "--future=1"],
                                    valueFlags: valueFlags, switchFlags: switchFlags)
        #expect(c.values == ["--rate": "500", "--duration": "2s"])
        #expect(c.switches == ["--no-console"])
        #expect(c.ignored == ["--script", "--json", "--future"])
        #expect(try c.positiveInt("--rate", default: 1) == 500)
        #expect(try c.duration("--duration") == 2_000_000_000)
    }

    @Test func refusesBadValues() {
        #expect(throws: DemoCommandLine.Failure.self) { try DemoCommandLine(["--rate"], valueFlags: valueFlags, switchFlags: switchFlags) }
        #expect(throws: DemoCommandLine.Failure.self) { try DemoCommandLine(["stray"], valueFlags: valueFlags, switchFlags: switchFlags) }
        #expect(throws: DemoCommandLine.Failure.self) {
            try DemoCommandLine(["--rate", "-3"], valueFlags: valueFlags, switchFlags: switchFlags).positiveInt("--rate", default: 1)
        }
        #expect(throws: DemoCommandLine.Failure.self) {
            try DemoCommandLine(["--duration", "5 parsecs"], valueFlags: valueFlags, switchFlags: switchFlags).duration("--duration")
        }
    }

    @Test func durationsTakeTheConsoleUnits() {
        #expect(DemoDuration.nanoseconds("5s") == 5_000_000_000)
        #expect(DemoDuration.nanoseconds("250ms") == 250_000_000)
        #expect(DemoDuration.nanoseconds("2m") == 120_000_000_000)
        #expect(DemoDuration.nanoseconds("1.5") == 1_500_000_000)
        #expect(DemoDuration.nanoseconds("10us") == 10_000)
        #expect(DemoDuration.nanoseconds("s") == nil)
        #expect(DemoDuration.nanoseconds("3 days") == nil)
    }
}
