import Foundation
import Glibc
import CTraceCore

/// Keeps results alive so the optimiser cannot delete the measured work.
/// Keeps results alive so the optimiser cannot delete the measured work.
@inline(never) func blackHole(_ x: Int) { trace_sink_store(Int64(x)) }

/// One benchmark result line.
struct Result {
    let name: String
    let nsPerOp: Double
    var extra: [(String, String)] = []
}

/// Times `body(iterations)` several times (after a warm-up) and returns the median ns per operation.
func measure(iterations: Int, samples: Int = 7, _ body: (Int) -> Void) -> Double {
    measure(iterations: iterations, samples: samples, body, reset: {})
}

/// Like `measure`, but runs `reset` (untimed) after each sample, e.g. to drain a buffer.
func measure(iterations: Int, samples: Int = 7, _ body: (Int) -> Void, reset: () -> Void) -> Double {
    body(max(1, iterations / 10))
    reset()
    var times: [Double] = []
    for _ in 0..<samples {
        var a = timespec(), b = timespec()
        clock_gettime(CLOCK_MONOTONIC, &a)
        body(iterations)
        clock_gettime(CLOCK_MONOTONIC, &b)
        times.append((Double(b.tv_sec - a.tv_sec) * 1e9 + Double(b.tv_nsec - a.tv_nsec)) / Double(iterations))
        reset()
    }
    times.sort()
    return times[times.count / 2]
}

/// Bytes currently allocated by malloc (glibc mallinfo2).
func allocatedBytes() -> Int { Int(trace_allocated_bytes()) }

func isDebugBuild() -> Bool {
    #if DEBUG
    return true
    #else
    return false
    #endif
}
