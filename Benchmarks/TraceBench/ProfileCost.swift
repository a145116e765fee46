// What sampling costs the service: `profile-99 { @s[ustack()] = count(); }` enabled while a fixed CPU-bound
// workload runs on this thread, against the same workload with no program, in interleaved rounds (so drift
// in the machine's load falls on both alike). Measured in CPU time, not wall time: the workload thread's
// own CPU time (it grows by the signal handler's work) and the whole process's (it also holds the
// sampler thread's draining and firing). Not a test: figures for the README's table.
import Foundation
import Glibc
import TraceCore

enum ProfileCost {
    struct Figures {
        /// Seconds of sampled workload.
        let sampledSeconds: Double
        /// The process's extra CPU time while sampling, as a percentage of one core.
        let percentOfCore: Double
        /// Of it, the sampled thread's own extra CPU time (the signal handler), percent of a core.
        let handlerPercent: Double
        /// Of it, the rest of the process (the sampler thread), percent of a core.
        let samplerPercent: Double
        /// Samples the program counted per second of sampled CPU time (99 expected).
        let samplesPerSecond: Double
    }

    /// Nanoseconds of CPU time of a clock (the calling thread's or the process's).
    static func cpu(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
    }

    /// A fixed amount of CPU work (about `iterations` ns on this machine), three frames deep so the stacks have frames.
    @inline(never) static func workload(_ iterations: Int) -> Int {
        var x = 0x9E37_79B9
        for i in 0..<iterations { x = (x &* 6364136223846793005 &+ i) ^ (x >> 13) }
        return x
    }
    @inline(never) static func caller(_ iterations: Int) -> Int { workload(iterations) &+ 1 }

    /// Iterations of the workload that take about `seconds` of CPU on this machine.
    static func roundIterations(seconds: Double) -> Int {
        let start = cpu(CLOCK_THREAD_CPUTIME_ID)
        blackHole(caller(10_000_000))
        let ns = Swift.max(1, cpu(CLOCK_THREAD_CPUTIME_ID) - start)
        return Int(10_000_000 * seconds * 1e9 / ns)
    }

    /// The figures as one line of text.
    static func describe(_ f: Figures) -> String {
        String(format: "profile_99hz: %.1f s sampled, %.3f %% of a core (sampled thread %.3f %%, sampler thread %.3f %%), %.1f samples/s",
               f.sampledSeconds, f.percentOfCore, f.handlerPercent, f.samplerPercent, f.samplesPerSecond)
    }

    /// `rounds` pairs of rounds, each one of `iterations` of the workload, with and without the profile program.
    static func run(rounds: Int, iterations: Int) throws -> Figures {
        let source = "profile-99 { @s[ustack()] = count(); }"
        try TraceRuntime.shared.define(try TraceLanguage.compile(name: "bench_profile", source: source), enable: false)
        defer { try? TraceRuntime.shared.delete("bench_profile") }
        blackHole(caller(iterations / 10))
        var thread = (on: 0.0, off: 0.0), process = (on: 0.0, off: 0.0)
        for round in 0..<(2 * rounds) {
            let sampled = round % 2 == 0
            if sampled {
                try TraceRuntime.shared.enable("bench_profile")
                // The sampler arms each thread's timer when it starts: wait for it, untimed.
                let deadline = Date().addingTimeInterval(5)
                while TraceRuntime.shared.profileStatus.threads == 0 && Date() < deadline { usleep(1000) }
            }
            let t0 = cpu(CLOCK_THREAD_CPUTIME_ID), p0 = cpu(CLOCK_PROCESS_CPUTIME_ID)
            blackHole(caller(iterations))
            let t1 = cpu(CLOCK_THREAD_CPUTIME_ID)
            // Let the sampler drain what it holds before the round's process time is read (in both kinds of
            // round, so the runtime's other threads count alike; the sleep itself costs no CPU).
            usleep(30_000)
            let p1 = cpu(CLOCK_PROCESS_CPUTIME_ID)
            if sampled {
                try TraceRuntime.shared.disable("bench_profile")
                // The next round is unsampled: wait (untimed) until the sampler has deleted its timers and ended.
                let deadline = Date().addingTimeInterval(5)
                while TraceRuntime.shared.profileStatus.sampling && Date() < deadline { usleep(1000) }
                thread.on += t1 - t0
                process.on += p1 - p0
            } else {
                thread.off += t1 - t0
                process.off += p1 - p0
            }
        }
        let snapshot = try TraceRuntime.shared.snapshot(program: "bench_profile", aggregation: "s")
        var samples: Int64 = 0
        for e in snapshot.entries { if case .scalar(let n) = e.value { samples += n } }
        let seconds = thread.on / 1e9
        let handler = thread.on - thread.off
        let rest = (process.on - thread.on) - (process.off - thread.off)
        return Figures(sampledSeconds: seconds, percentOfCore: 100 * (handler + rest) / thread.on,
                       handlerPercent: 100 * handler / thread.on, samplerPercent: 100 * rest / thread.on,
                       samplesPerSecond: Double(samples) / seconds)
    }
}
