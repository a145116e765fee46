// The package's one lock: a value behind a pthread mutex, with a condition variable to wait on it.
// Not `Synchronization.Mutex`: Mutex's futex path is invisible to ThreadSanitizer, which then reports every
// access under it as a race; pthread mutexes and condition variables are understood, so a TSan build of the
// whole test suite stays meaningful. Never taken on a firing's hot path.
import Glibc

/// A value guarded by a mutex (not recursive), shared between threads.
public final class Lock<Value>: @unchecked Sendable {   // `value` is only touched with `mutex` held
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline let condition: UnsafeMutablePointer<pthread_cond_t>
    /// The guarded value, in storage of its own: an access through it is an ordinary memory access, which TSan
    /// checks against the mutex (a stored `var` would add Swift's exclusivity instrumentation, which TSan
    /// misreports for an empty `Value` such as `()`).
    @usableFromInline let value: UnsafeMutablePointer<Value>

    /// A lock guarding `value`.
    public init(_ value: Value) {
        self.value = .allocate(capacity: 1)
        self.value.initialize(to: value)
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        value.deinitialize(count: 1)
        value.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    @inlinable @inline(__always)
    public func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }

    /// Waits, the lock released meanwhile, until `ready` holds for the value or `deadline` passes (nil: no
    /// deadline), then runs `body` with the lock held. Waiters wake on `broadcast()`.
    public func withLock<R, E: Error>(waitingUntil ready: (inout Value) -> Bool, deadline: ContinuousClock.Instant? = nil,
                                      _ body: (inout Value) throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !ready(&value.pointee) {
            guard let deadline else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            let left = deadline - .now
            if left <= .zero { break }
            var until = timespec()
            clock_gettime(CLOCK_MONOTONIC, &until)
            let (seconds, attoseconds) = left.components
            let nanoseconds = Int(until.tv_nsec) + Int(attoseconds / 1_000_000_000)
            until.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
            until.tv_nsec = nanoseconds % 1_000_000_000
            _ = pthread_cond_timedwait(condition, mutex, &until)
        }
        return try body(&value.pointee)
    }

    /// Wakes every thread waiting in `withLock(waitingUntil:)` to check its condition again.
    public func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
