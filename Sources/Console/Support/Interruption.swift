// Ctrl-C while a command runs: the session calls `interrupt()` from the key watcher's thread; the command's
// waits (sleep, a sleep in a loaded file, a request to an attached service) end early, a long `show` stops
// formatting and printing, and the session goes back to the prompt. `begin()` clears it before each entry.
import TraceSystem

/// Whether the running command was interrupted, and a sleep that ends when it is.
public final class Interruption: Sendable {
    private let state = Lock((interrupted: false, hooks: [@Sendable () -> Void]()))

    /// Not interrupted.
    public init() {}

    /// Clears the flag before a new entry runs.
    public func begin() { state.withLock { $0.interrupted = false } }

    /// Marks the running command interrupted, wakes its sleep and calls the hooks (a request waiting for a service).
    public func interrupt() {
        let hooks = state.withLock { s -> [@Sendable () -> Void] in
            s.interrupted = true
            return s.hooks
        }
        state.broadcast()
        for hook in hooks { hook() }
    }

    /// Whether `interrupt()` was called since `begin()`.
    public var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// Called on every `interrupt()` (the remote backend abandons the request it waits for).
    public func onInterrupt(_ hook: @escaping @Sendable () -> Void) { state.withLock { $0.hooks.append(hook) } }

    /// Waits `duration`, or less if interrupted; false if interrupted.
    @discardableResult
    public func sleep(_ duration: Duration) -> Bool {
        let deadline = ContinuousClock.now + duration
        return state.withLock(waitingUntil: { $0.interrupted }, deadline: deadline) { s in !s.interrupted }
    }
}
