import Glibc

/// A value behind a pthread mutex. Used instead of `Synchronization.Mutex` because Mutex's futex
/// calls are invisible to ThreadSanitizer (every access under it is reported as a race), while
/// pthread_mutex is understood, so the stress tests stay meaningful under `--sanitize=thread`.
/// Never taken on a firing's hot path.
final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock (not recursive).
    @inline(__always)
    func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
