import Glibc

/// Monotonic time in nanoseconds (CLOCK_MONOTONIC), for deadlines and queue delays.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point.
    public static func nanoseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1_000_000_000 + ts.tv_nsec
    }

    /// Sleeps until `deadline` (in `nanoseconds()` time); returns at once if it has passed.
    public static func sleep(until deadline: Int) {
        let now = nanoseconds()
        guard deadline > now else { return }
        var ts = timespec(tv_sec: (deadline - now) / 1_000_000_000, tv_nsec: (deadline - now) % 1_000_000_000)
        var rest = timespec()
        while nanosleep(&ts, &rest) == -1 && errno == EINTR { ts = rest }
    }
}
