/// Where a clause fires.
public enum ClauseProbe: Sendable, Equatable {
    /// Declared probes, already matched from the clause's descriptions (`ProbeRegistry.match`).
    case sites([ProbeID])
    case begin
    case end
    case error
    /// `tick-1s`, `interval:ms:500`: fires every `nanoseconds` on the runtime's timer thread.
    case tick(nanoseconds: Int64)
}
