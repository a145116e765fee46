import CTraceCore
import Dispatch
import Glibc
import TraceSystem

/// The profile provider: while an enabled program has a `profile-N` clause, every thread of the process
/// (but this one) has a timer on its own CPU clock whose SIGPROF the C handler turns into a sample in the
/// thread's ring; this thread drains the rings and fires the profile clauses once per sample, with the
/// sampled thread's `tid`, `timestamp`, `ustack()` and `arg0` (the interrupted PC) — once per period of
/// CPU time the sample stands for (see `trace_sample.weight`). New threads are
/// picked up and exited ones released every `rescanNanoseconds`; when no enabled program samples, the
/// timers are deleted and the thread ends.
final class ProfileSampler: Sendable {
    /// The process's sampler.
    static let shared = ProfileSampler()
    /// The shortest sampling period accepted (10 kHz).
    static let shortestPeriod: Int64 = 100_000
    /// The profile probe's argument: `arg0`, the sampled PC.
    static let arguments = [ArgumentDeclaration("pc", .int)]
    /// How often the thread list is read for new and exited threads.
    static let rescanNanoseconds: Int64 = 100_000_000
    /// Most firings one late sample stands for (its timer's overruns plus one). Bounded so that a thread
    /// that kept SIGPROF blocked for a long time (its signal pending, the overruns growing) does not
    /// pour all that time into the one stack where it unblocked.
    static let maximumWeight: Int64 = 8
    /// How long the sampler sleeps between drains: half a ring's worth of periods (the rings hold 32
    /// samples per thread), from 10 ms to 100 ms — 10 wake-ups a second at 99 Hz, 60 at 997 Hz.
    static func drainNanoseconds(period: Int64) -> Int64 {
        Swift.min(Swift.max(period * Int64(TRACE_SAMPLE_RING) / 2, 10_000_000), rescanNanoseconds)
    }

    private let running = Lock(false)
    private let wakeup = DispatchSemaphore(value: 0)
    /// Threads currently sampled (for status and tests).
    private let sampledCount = Lock(0)

    /// Starts sampling if an enabled program needs it, or lets the sampler notice that none does.
    func programsChanged() {
        let start = running.withLock { r -> Bool in
            if r || TraceRuntime.shared.enabledProfiles().isEmpty { return false }
            r = true
            return true
        }
        if start {
            WorkerThread(name: "trace-sampler") { [self] in self.loop() }
        } else {
            wakeup.signal()
        }
    }

    /// Whether the sampler thread is running.
    var isRunning: Bool { running.withLock { $0 } }

    /// Threads with a sampling timer now.
    var sampledThreads: Int { sampledCount.withLock { $0 } }

    private func loop() {
        if trace_sampling_install() != 0 {
            for name in TraceRuntime.shared.enabledProfiles().map(\.program).uniqued() {
                OutputCollector.shared.enqueue(OutputRecord(program: name, kind: .error(
                    "error: program '\(name)': the profile provider cannot sample: the service has its own SIGPROF handler"), ticks: trace_rdtsc()))
            }
        }
        let own = trace_gettid()
        var slots: [Int64: Int32] = [:]
        var period: Int64 = 0
        var lastScan: Int64 = 0
        var owed: [ClauseThread: Int64] = [:]
        var sample = trace_sample()
        guard let t = ThreadRegistry.current() else {
            running.withLock { $0 = false }
            return
        }
        func removeAll() {
            for slot in slots.values { trace_sampling_remove(slot) }
            slots.removeAll()
            sampledCount.withLock { $0 = 0 }
        }
        while true {
            var profiles = TraceRuntime.shared.enabledProfiles()
            if profiles.isEmpty {
                removeAll()
                let stop = running.withLock { r -> Bool in
                    if TraceRuntime.shared.enabledProfiles().isEmpty { r = false; return true }
                    return false
                }
                if stop { return }
                continue
            }
            let wanted = profiles.map(\.interval).min() ?? ProfileSampler.shortestPeriod
            if wanted != period {
                removeAll()
                period = wanted
                lastScan = 0
            }
            let now = trace_monotonic_ns()
            if now - lastScan >= ProfileSampler.rescanNanoseconds {
                lastScan = now
                rescan(&slots, period: period, own: own)
                sampledCount.withLock { $0 = slots.count }
            }

            // Fire: like any firing, with depth set so a disable waits for it, and the configuration current.
            trace_enter_firing(&t.pointee.depth)
            if t.pointee.gen != trace_generation_load() { ThreadRegistry.refresh(t) }
            profiles = TraceRuntime.shared.enabledProfiles()
            withUnsafeMutablePointer(to: &sample) { s in
                trace_current_sample_set(s)
                for slot in slots.values {
                    while trace_sampling_pop(slot, s) != 0 {
                        // A late sample (its thread ran in bursts between ticks) fires once per period it stands for.
                        let weight = Swift.min(Swift.max(s.pointee.weight, 1), ProfileSampler.maximumWeight)
                        for _ in 0..<weight {
                        for p in profiles {
                            if p.interval != period {
                                // A slower clause fires once per `interval` of the thread's sampled CPU time.
                                let key = ClauseThread(clause: ObjectIdentifier(p.clause), tid: s.pointee.tid)
                                let due = owed[key, default: 0] + period
                                if due < p.interval { owed[key] = due; continue }
                                owed[key] = due - p.interval
                            }
                            var frame = ProbeFrame()
                            frame.append(Int64(bitPattern: s.pointee.frames.0))
                            p.clause.run(&frame, t, nil)
                            t.pointee.stash_count = 0
                        }
                        }
                    }
                }
                trace_current_sample_set(nil)
            }
            trace_end_firing(t)
            if owed.count > 100_000 { owed.removeAll() }
            _ = wakeup.wait(timeout: .now() + .nanoseconds(Int(ProfileSampler.drainNanoseconds(period: period))))
        }
    }

    /// Adds a timer for each new thread, deletes those of threads that exited.
    private func rescan(_ slots: inout [Int64: Int32], period: Int64, own: Int64) {
        var buffer = [Int64](repeating: 0, count: 4096)
        let n = Int(trace_task_list(&buffer, Int32(buffer.count)))
        let live = Set(buffer.prefix(n))
        for (tid, slot) in slots where !live.contains(tid) || trace_sampling_armed(slot) == 0 {
            trace_sampling_remove(slot)
            slots[tid] = nil
        }
        for tid in live where tid != own && slots[tid] == nil {
            let slot = trace_sampling_add(tid, period)
            if slot >= 0 { slots[tid] = slot }
        }
    }

    /// One clause on one sampled thread: what a slower clause owes.
    private struct ClauseThread: Hashable {
        let clause: ObjectIdentifier
        let tid: Int64
    }
}

private extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
