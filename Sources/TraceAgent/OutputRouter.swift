// Trace output for attached consoles. While at least one console is attached, a thread drains the runtime's
// output about every 50 ms and hands each record to the queue of the connection that owns its program;
// output of programs no connection owns (the service's own, kept ones) goes to every attached console. With
// no console attached it drains nothing. A console co-hosted in the same service drains through
// `drainForLocalConsole` (LocalBackend's drainOutput): directly when nobody is attached; while someone is, from a
// bounded local queue the router fills with the unowned programs' output — so neither side steals the other's.
import Foundation
import TraceCore

/// Routes the runtime's trace output to connections' queues.
final class OutputRouter: @unchecked Sendable {   // the mutable state is guarded by `condition` and `drainLock`
    private let runtime: TraceRuntime
    private let ownership: ProgramOwnership
    private let interval: Duration
    private let condition = NSCondition()
    /// Serializes drains, so records reach each queue in firing order.
    private let drainLock = NSLock()
    // Guarded by `condition`.
    private var queues: [UInt64: OutputQueue] = [:]
    // Guarded by `drainLock`: the co-hosted console's share while consoles are attached.
    private var local: [OutputRecord] = []
    private var localDropped = 0
    private var lastLocalDrain: ContinuousClock.Instant?
    /// The most records kept for a co-hosted console between its drains.
    private let localLimit = 20_000
    private var threadRunning = false
    private var stopping = false

    init(runtime: TraceRuntime, ownership: ProgramOwnership, interval: Duration = .milliseconds(50)) {
        self.runtime = runtime
        self.ownership = ownership
        self.interval = interval
    }

    /// Starts delivering to `queue` for `connection` (starting the thread for the first one).
    func subscribe(_ connection: UInt64, _ queue: OutputQueue) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return }
        queues[connection] = queue
        if !threadRunning {
            threadRunning = true
            let t = Thread { [self] in loop() }
            t.name = "trace agent output"
            t.start()
        }
    }

    /// Stops delivering to a connection; the thread ends after the last one leaves.
    func unsubscribe(_ connection: UInt64) {
        condition.lock()
        queues[connection] = nil
        condition.broadcast()
        condition.unlock()
    }

    /// Drains once now (before answering a drain request, so output is never late by a whole interval).
    func drainNow() {
        condition.lock()
        let active = !queues.isEmpty
        condition.unlock()
        if active { drainAndRoute() }
    }

    /// Ends the thread and waits for it (at most `timeout`).
    func stop(timeout: Duration = .seconds(5)) {
        condition.lock()
        stopping = true
        queues.removeAll()
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: AgentText.seconds(timeout))
        while threadRunning && Date() < deadline { _ = condition.wait(until: deadline) }
        condition.unlock()
    }

    private func loop() {
        let seconds = AgentText.seconds(interval)
        while true {
            condition.lock()
            if !stopping && !queues.isEmpty { _ = condition.wait(until: Date(timeIntervalSinceNow: seconds)) }
            if stopping || queues.isEmpty {
                threadRunning = false
                condition.broadcast()
                condition.unlock()
                return
            }
            condition.unlock()
            drainAndRoute()
        }
    }

    private func drainAndRoute() {
        drainLock.lock()
        defer { drainLock.unlock() }
        route(runtime.drainOutput())
    }

    /// What a co-hosted console's drain returns: everything, drained directly, while no console is attached;
    /// else what the router set aside for it (programs no connection owns), with a drop report if it overflowed.
    func drainForLocalConsole() -> [OutputRecord] {
        drainLock.lock()
        defer { drainLock.unlock() }
        lastLocalDrain = .now
        var out = local
        local.removeAll()
        if localDropped > 0 {
            out.append(OutputRecord(program: "", kind: .error("\(AgentText.plural(localDropped, "output record")) dropped while consoles were attached"),
                                    ticks: out.last?.ticks ?? 0))
            localDropped = 0
        }
        condition.lock()
        let attached = !queues.isEmpty
        condition.unlock()
        if !attached { out += runtime.drainOutput() }
        return out
    }

    /// Sets aside unowned output for a co-hosted console that drained in the last few seconds. Under `drainLock`.
    private func keepForLocalConsole(_ records: [OutputRecord], owners: [String: UInt64]) {
        guard let last = lastLocalDrain, ContinuousClock.now - last < .seconds(5) else { return }
        for r in records where owners[r.program] == nil {
            if local.count < localLimit { local.append(r) } else { localDropped += 1 }
        }
    }

    private func route(_ records: [OutputRecord]) {
        guard !records.isEmpty else { return }
        let owners = ownership.snapshot()
        keepForLocalConsole(records, owners: owners)
        condition.lock()
        let targets = queues
        condition.unlock()
        var byConnection: [UInt64: [TraceOutput]] = [:]
        var everyone: [TraceOutput] = []
        for record in records {
            let wire = LocalBackend.wire(record)
            if let owner = owners[record.program], targets[owner] != nil {
                byConnection[owner, default: []].append(wire)
            } else if owners[record.program] == nil {
                everyone.append(wire)
            }
        }
        for (id, queue) in targets {
            let mine = byConnection[id] ?? []
            if everyone.isEmpty { if !mine.isEmpty { queue.append(mine) }; continue }
            if mine.isEmpty { queue.append(everyone); continue }
            // Keep firing order when both kinds are present.
            queue.append(records.compactMap { r in
                let owner = owners[r.program]
                return owner == id || owner == nil ? LocalBackend.wire(r) : nil
            })
        }
    }
}
