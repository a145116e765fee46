// What the profile provider's sampler asks the runtime.

extension TraceRuntime {
    /// Profile clauses of enabled programs (the sampler thread).
    func enabledProfiles() -> [(clause: CompiledClause, interval: Int64, program: String)] {
        state.withLock { s in
            s.order.compactMap { s.programs[$0] }.filter(\.enabled).flatMap { e in
                e.profiles.map { ($0.clause, $0.interval, e.instance.name) }
            }
        }
    }

    /// Whether the profile provider is sampling, and how many threads.
    public var profileStatus: (sampling: Bool, threads: Int) {
        (ProfileSampler.shared.isRunning, ProfileSampler.shared.sampledThreads)
    }
}
