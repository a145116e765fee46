/// Where a clause fires.
public enum ClauseProbe: Sendable, Equatable {
    /// Declared probes, already matched from the clause's descriptions (`ProbeRegistry.match`).
    case sites([ProbeID])
    case begin
    case end
    case error
    /// `tick-1s`, `interval:ms:500`: fires every `nanoseconds` on the runtime's timer thread.
    case tick(nanoseconds: Int64)
    /// `profile-997`, `profile:hz:99`, `profile-10ms`: fires once per sample of a thread, every
    /// `nanoseconds` of that thread's CPU time, on the runtime's sampler thread.
    case profile(nanoseconds: Int64)
}
