// A value behind an NSLock (a pthread mutex). Not `Synchronization.Mutex`: ThreadSanitizer cannot see
// inside it and reports its users as races.
import Foundation

/// A value guarded by a lock, shared between the console's threads.
final class ConsoleLock<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` with the value while holding the lock (not recursive).
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
