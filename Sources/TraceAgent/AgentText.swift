// The few words the agent writes into messages a console shows: counts and durations.

/// Text helpers for the agent's messages.
enum AgentText {
    /// `1 output record`, `3 output records`.
    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// A duration as the console writes one: `5s`, `200ms`, else nanoseconds.
    static func duration(_ d: Duration) -> String {
        let (seconds, attoseconds) = d.components
        let ns = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        if ns % 1_000_000_000 == 0 { return "\(ns / 1_000_000_000)s" }
        if ns % 1_000_000 == 0 { return "\(ns / 1_000_000)ms" }
        return "\(ns)ns"
    }

    /// A duration in seconds.
    static func seconds(_ d: Duration) -> Double {
        let (seconds, attoseconds) = d.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
