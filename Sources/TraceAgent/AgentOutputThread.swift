// While consoles are attached, a thread moves the runtime's trace output into their cursors about every 50 ms,
// so the traced threads' buffers never fill while a console drains rarely: its own bounded cursor fills instead
// (and drops, counted). With no console attached the thread ends; the next attach starts it again.
import TraceCore
import TraceSystem

/// The agent's output thread.
final class AgentOutputThread: Sendable {
    private let runtime: TraceRuntime
    private let interval: Duration
    private let state = Lock((consoles: 0, running: false, stopping: false))

    init(runtime: TraceRuntime, interval: Duration = .milliseconds(50)) {
        self.runtime = runtime
        self.interval = interval
    }

    /// A console attached (the thread starts with the first).
    func attach() {
        let start = state.withLock { s -> Bool in
            guard !s.stopping else { return false }
            s.consoles += 1
            if s.running { return false }
            s.running = true
            return true
        }
        if start { WorkerThread(name: "trace agent output") { [self] in loop() } }
    }

    /// A console left (the thread ends after the last).
    func detach() {
        state.withLock { $0.consoles -= 1 }
        state.broadcast()
    }

    /// Ends the thread and waits for it (at most `timeout`).
    func stop(timeout: Duration = .seconds(5)) {
        state.withLock { $0.stopping = true }
        state.broadcast()
        state.withLock(waitingUntil: { !$0.running }, deadline: .now + timeout) { _ in }
    }

    private func loop() {
        while true {
            let go = state.withLock(waitingUntil: { $0.stopping || $0.consoles <= 0 }, deadline: .now + interval) { s -> Bool in
                if s.stopping || s.consoles <= 0 {
                    s.running = false
                    return false
                }
                return true
            }
            guard go else {
                state.broadcast()
                return
            }
            runtime.routeOutput()
        }
    }
}
