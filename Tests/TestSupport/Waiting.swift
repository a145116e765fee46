// What every harness in the tests waits with: a failure that carries its explanation and polling with a
// deadline (no test waits without one). Harnesses lock with TraceSystem's `Lock`, which ThreadSanitizer sees.
import Foundation
import Glibc

/// A failed wait or system call in a test harness, with what the test saw (a screen, a process's output).
public struct TestFailure: Error, CustomStringConvertible {
    /// What went wrong, with what was seen.
    public var description: String
    /// A failure described by `description`.
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` every `interval` until it holds or `timeout` passes; whether it held.
public func waitUntil(timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(5),
                      _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    let microseconds = max(1, interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000)
    while true {
        if condition() { return true }
        if ContinuousClock.now >= deadline { return condition() }
        usleep(UInt32(microseconds))
    }
}

/// `errno` as text, for failure messages.
func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
