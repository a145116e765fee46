// The profile provider's probe names: `profile-N` (N per second), `profile-N<unit>`, `profile:<unit>:N`, with
// DTrace's time units (TimeUnits.swift).

extension ProbeResolver {
    /// `profile-997`, `profile-997hz`, `profile-10ms`: the sampling period, or a reported error.
    static func profile(named name: String, _ text: String, _ location: SourceLocation, _ sink: inout DiagnosticSink) -> ClauseProbe?? {
        profile(TimeUnits.period(name.dropFirst("profile-".count)), text, location, &sink)
    }

    /// `profile:hz:99`, `profile:ms:10` (bpftrace's form).
    static func profile(count: String, unit: String, _ text: String, _ location: SourceLocation, _ sink: inout DiagnosticSink) -> ClauseProbe?? {
        profile(TimeUnits.period(count: Int64(count) ?? 0, unit: unit), text, location, &sink)
    }

    private static func profile(_ parsed: Result<Int64, TimeUnits.PeriodError>, _ text: String, _ location: SourceLocation,
                                _ sink: inout DiagnosticSink) -> ClauseProbe?? {
        guard case .success(let period) = parsed else {
            sink.report(location, "invalid profile probe '\(text)': write profile-<rate>, as in profile-99 (samples per second of each thread's CPU time), or profile-<count><unit> (units \(TimeUnits.spelled))")
            return .some(nil)
        }
        guard period >= ProfileSampler.shortestPeriod else {
            sink.report(location, "'\(text)' samples more often than \(1_000_000_000 / ProfileSampler.shortestPeriod) times a second, the fastest profile rate")
            return .some(nil)
        }
        guard period <= 1_000_000_000 * 60 else {
            sink.report(location, "'\(text)' samples less often than once a minute of CPU time; use tick-N for a timer")
            return .some(nil)
        }
        return .some(.profile(nanoseconds: period))
    }
}
