import CTraceCore

/// Time sources of the runtime: rdtsc ticks on the hot path (`elapsed`, `timestamp`), converted to nanoseconds with a calibrated rate.
public enum Clock {
    /// Converts a tick difference to nanoseconds.
    @inlinable @inline(__always)
    public static func ticksToNanoseconds(_ ticks: UInt64) -> Int64 { trace_ticks_to_ns(ticks) }

    /// Monotonic nanoseconds of CLOCK_MONOTONIC.
    @inline(__always)
    public static func monotonicNanoseconds() -> Int64 { trace_monotonic_ns() }

    /// The `timestamp` built-in: monotonic nanoseconds on the tick counter `elapsed` uses, from CLOCK_MONOTONIC's
    /// value when the runtime started (the rate is measured against it then), so `timestamp` differences and
    /// `elapsed` agree; read without a system call.
    @inline(__always)
    public static func timestampNanoseconds() -> Int64 { trace_timestamp_ns() }

    /// `timestampNanoseconds()` at a tick already read (`trace_rdtsc()`), so one read serves `elapsed` and `timestamp`.
    @inline(__always)
    static func timestampNanoseconds(atTick tick: UInt64) -> Int64 { trace_timestamp_ns_at(tick) }

    /// Wall-clock nanoseconds since the epoch (the `walltimestamp` built-in).
    public static func wallNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
