import CTraceCore
import Glibc
import Synchronization

/// A thread that spends nearly all its time in one known function, for the profile provider's tests.
final class ProfilingWorkload: Sendable {
    let tid = Atomic<Int64>(0)
    let stop = Atomic<Bool>(false)
    private let done = Atomic<Bool>(false)

    /// Starts the spinning thread; returns once its tid is known.
    func start() {
        onDetachedThread { [self] in
            tid.store(trace_gettid(), ordering: .releasing)
            var acc = 0
            while !stop.load(ordering: .relaxed) { acc &+= ProfilingWorkload.hotSpin(200_000) }
            trace_sink_store(Int64(acc))
            done.store(true, ordering: .releasing)
        }
        while tid.load(ordering: .acquiring) == 0 { usleep(1000) }
    }

    /// Stops the thread and waits for it to leave the loop.
    func finish() {
        stop.store(true, ordering: .relaxed)
        while !done.load(ordering: .acquiring) { usleep(1000) }
    }

    /// The hot function: a loop the optimiser cannot fold, never inlined.
    @inline(never)
    static func hotSpin(_ n: Int) -> Int {
        // A while loop of transparent integer operators: no iterator call of its own, even unoptimised.
        var x = n
        var i = 0
        while i < n {
            x = x &* 6364136223846793005 &+ i
            i &+= 1
        }
        return x
    }
}

/// Runs `body` on a detached pthread.
func onDetachedThread(_ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable {   // handed to exactly one thread, which takes it back
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var t = pthread_t()
    let rc = pthread_create(&t, nil, { raw in
        Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, Unmanaged.passRetained(Box(body)).toOpaque())
    precondition(rc == 0, "pthread_create failed: \(rc)")
    pthread_detach(t)
}

/// Waits for `condition`, failing after `minutes` (a hang guard, not a timing assertion).
func waitUntil(minutes: Double = 2, _ condition: () -> Bool) -> Bool {
    let deadline = trace_monotonic_ns() + Int64(minutes * 60e9)
    while !condition() {
        if trace_monotonic_ns() > deadline { return false }
        usleep(2000)
    }
    return true
}

/// POSIX timers of this process (/proc/self/timers lists one `ID:` line per timer).
func processTimerCount() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/timers", encoding: .utf8) else { return -1 }
    return text.split(separator: "\n").filter { $0.hasPrefix("ID:") }.count
}
