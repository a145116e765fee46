// The profile provider's probe names: `profile-N` (N per second), `profile-N<unit>`, `profile:<unit>:N`.

extension ProbeResolver {
    /// `profile-997`, `profile-997hz`, `profile-10ms`: the sampling period, or a reported error.
    static func profile(named name: String, _ text: String, _ location: SourceLocation, _ sink: inout DiagnosticSink) -> ClauseProbe?? {
        let spec = name.dropFirst("profile-".count)
        let digits = spec.prefix { $0.isASCII && $0.isNumber }
        let unitText = String(spec.dropFirst(digits.count))
        return profile(count: String(digits), unit: unitText.isEmpty ? "hz" : unitText, text, location, &sink)
    }

    /// `profile:hz:99`, `profile:ms:10` (bpftrace's form).
    static func profile(count: String, unit: String, _ text: String, _ location: SourceLocation, _ sink: inout DiagnosticSink) -> ClauseProbe?? {
        guard let n = Int64(count), n > 0, let perUnit = unitNanoseconds(unit), unit != "m", unit != "min" else {
            sink.report(location, "invalid profile probe '\(text)': write profile-<rate>, as in profile-99 (samples per second of each thread's CPU time), or profile-<count><unit> (units ns, us, ms, s, hz)")
            return .some(nil)
        }
        let product = n.multipliedReportingOverflow(by: perUnit)
        let period = unit == "hz" ? 1_000_000_000 / n : (product.overflow ? Int64.max : product.partialValue)
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
