import CTraceCore
import Dispatch
import TraceSystem

/// The runtime's own thread: fires tick clauses, disables programs that called `exit()`, enforces
/// per-program budgets, and gives memory freed by programs and exited threads back to the system.
/// Started on first use; sleeps when there is nothing to do.
final class ServiceThread: Sendable {
    private let wakeup = DispatchSemaphore(value: 0)
    private let exits = Lock<[ProgramInstance]>([])
    private let started = Lock(false)

    func wake() {
        startIfNeeded()
        wakeup.signal()
    }

    func requestExit(_ program: ProgramInstance) {
        exits.withLock { $0.append(program) }
        wake()
    }

    private func startIfNeeded() {
        let start = started.withLock { s -> Bool in
            if s { return false }
            s = true
            return true
        }
        guard start else { return }
        WorkerThread(name: "trace-service") { [self] in self.loop() }
    }

    private func loop() {
        var nextDue: [ObjectIdentifier: Int64] = [:]
        var lastBudgetCheck = trace_monotonic_ns()
        var lastTime: [ObjectIdentifier: Int64] = [:]
        var trimAgainAt: Int64?
        while true {
            let pending = exits.withLock { e in
                let r = e
                e.removeAll()
                return r
            }
            for p in pending { TraceRuntime.shared.finishExit(p) }

            let now = trace_monotonic_ns()
            let ticks = TraceRuntime.shared.enabledTicks()
            var wait: Int64 = 200_000_000
            if !ticks.isEmpty, let t = ThreadRegistry.current() {
                var live = Set<ObjectIdentifier>()
                for tick in ticks {
                    let id = ObjectIdentifier(tick.clause)
                    live.insert(id)
                    let due = nextDue[id] ?? (now + tick.interval)
                    if due <= now {
                        var frame = ProbeFrame()
                        trace_enter_firing(&t.pointee.depth)
                        tick.clause.run(&frame, t, nil)
                        trace_end_firing(t)
                        var next = due + tick.interval
                        if next <= now { next = now + tick.interval }
                        nextDue[id] = next
                        wait = min(wait, next - now)
                    } else {
                        nextDue[id] = due
                        wait = min(wait, due - now)
                    }
                }
                nextDue = nextDue.filter { live.contains($0.key) }
            }

            if now - lastBudgetCheck >= 250_000_000 {
                let elapsed = now - lastBudgetCheck
                lastBudgetCheck = now
                for (instance, budget) in TraceRuntime.shared.budgets() {
                    let id = ObjectIdentifier(instance)
                    let spent = instance.totals.nanoseconds
                    defer { lastTime[id] = spent }
                    guard let before = lastTime[id] else { continue }
                    let share = Double(spent - before) / Double(elapsed)
                    if share > budget { TraceRuntime.shared.disableOverBudget(instance, share: share, budget: budget) }
                }
            }
            if !TraceRuntime.shared.budgets().isEmpty { wait = min(wait, 250_000_000) }
            // Memory is refunded just before it is freed: trim now, and once more a little later.
            if MemoryBudget.takeTrimDue() {
                Syscall.returnFreedMemory()
                trimAgainAt = now + 300_000_000
            }
            if let due = trimAgainAt {
                if due <= now {
                    Syscall.returnFreedMemory()
                    trimAgainAt = nil
                } else {
                    wait = min(wait, due - now)
                }
            }
            _ = wakeup.wait(timeout: .now() + .nanoseconds(Int(max(1_000_000, wait))))
        }
    }
}
