// Trace output while the console runs: a thread drains the backend about every 50 ms and prints printf text,
// printa/print blocks, runtime errors (each once, as the runtime reports it, then a running count) and drop
// reports (`12 drops on program 'x' (trace buffer)`), above the prompt or on standard output/error.
import Foundation
import TraceSystem
import TraceAgent

/// Drains and prints trace output on its own thread until stopped; `stop()` does a final drain.
final class OutputPump: Sendable {
    private let backend: any TraceBackend
    private let output: any ConsoleOutput
    private let interval: Duration
    private let statusEvery: Int

    private struct Flags {
        var running = false
        var stopping = false
        var finished = false
        var thread: WorkerThread?
    }
    /// The thread's state; its condition wakes the thread to stop, and `stop()` when the thread has finished.
    private let flags = Lock(Flags())

    private struct Accounts {
        /// printf text after its last newline, held (interactive output only) until the line ends.
        var partial = ""
        var partialAge = 0
        /// Error records printed per program, and the error total last reported.
        var errorRecords: [String: Int64] = [:]
        var errorsReported: [String: Int64] = [:]
        /// Drops last reported, per program and kind.
        var dropsReported: [String: [String: Int64]] = [:]
    }
    /// Guards the accounts and serializes printing, so a final drain never interleaves with the thread's.
    private let accounts = Lock(Accounts())

    /// A pump draining every `interval` and checking error and drop counts every `statusEvery` drains.
    init(backend: any TraceBackend, output: any ConsoleOutput, interval: Duration = .milliseconds(50), statusEvery: Int = 20) {
        self.backend = backend
        self.output = output
        self.interval = interval
        self.statusEvery = max(1, statusEvery)
    }

    /// Starts the thread.
    func start() {
        flags.withLock { f in
            guard !f.running else { return }
            f = Flags(running: true)
            f.thread = WorkerThread(name: "trace output") { [self] in loop() }
        }
    }

    /// Stops the thread, waits for it, and drains what is left (with the error and drop reports).
    func stop() {
        let wasRunning = flags.withLock { f -> Bool in
            if f.running { f.stopping = true }
            return f.running
        }
        if wasRunning {
            flags.broadcast()
            flags.withLock(waitingUntil: { $0.finished }) { $0.running = false }
        }
        pumpOnce(checkStatus: true, final: true)
    }

    private func loop() {
        var ticks = 0
        while true {
            let stop = flags.withLock(waitingUntil: { $0.stopping }, deadline: .now + interval) { $0.stopping }
            if stop { break }
            ticks += 1
            pumpOnce(checkStatus: ticks % statusEvery == 0, final: false)
        }
        flags.withLock { $0.finished = true }
        flags.broadcast()
    }

    /// One drain (and, every so often, the error and drop counts), printed in order.
    func pumpOnce(checkStatus: Bool, final: Bool) {
        accounts.withLock { a in
            if case .output(let records) = backend.perform(.drainOutput), !records.isEmpty {
                print(records, &a, final: final)
            } else {
                flushPartial(&a, force: final || a.partialAge >= 1)
            }
            if checkStatus, case .programs(let programs) = backend.perform(.listPrograms) {
                report(programs, &a)
            }
        }
    }

    private func print(_ records: [TraceOutput], _ a: inout Accounts, final: Bool) {
        var text = a.partial
        a.partial = ""
        for record in records {
            let (data, notice) = AggregationText.render(record)
            if case .error = record.kind { a.errorRecords[record.program, default: 0] += 1 }
            if !notice.isEmpty {
                // Keep printf text and notices in firing order.
                emitData(&text, final: true, &a)
                output.notice(notice)
            }
            text += data
        }
        emitData(&text, final: final, &a)
    }

    /// Prints `text`; on a terminal, a last line without its newline waits one more drain for the rest.
    private func emitData(_ text: inout String, final: Bool, _ a: inout Accounts) {
        guard !text.isEmpty else {
            flushPartial(&a, force: final || a.partialAge >= 1)
            return
        }
        if !output.isInteractive || final {
            output.data(text)
            text = ""
            a.partial = ""
            return
        }
        if let lastNewline = text.lastIndex(of: "\n") {
            output.data(String(text[...lastNewline]))
            a.partial = String(text[text.index(after: lastNewline)...])
        } else {
            a.partial = text
        }
        a.partialAge = 0
        text = ""
    }

    private func flushPartial(_ a: inout Accounts, force: Bool) {
        guard !a.partial.isEmpty else { return }
        if force {
            output.data(a.partial)
            a.partial = ""
            a.partialAge = 0
        } else {
            a.partialAge += 1
        }
    }

    /// Running error counts and new drops since the last report.
    private func report(_ programs: [ProgramInfo], _ a: inout Accounts) {
        let names = Set(programs.map(\.name))
        for p in programs {
            let shown = max(a.errorsReported[p.name] ?? 0, a.errorRecords[p.name] ?? 0)
            if p.errors < (a.errorsReported[p.name] ?? 0) {
                a.errorsReported[p.name] = p.errors   // redefined: counts start again
            } else if p.errors > shown && shown > 0 {
                output.notice("program '\(p.name)': \(Interpreter.plural(Int(p.errors), "runtime error")) so far\n")
                a.errorsReported[p.name] = p.errors
            } else if p.errors > shown {
                a.errorsReported[p.name] = p.errors
            }
            var reported = a.dropsReported[p.name] ?? [:]
            for kind in p.drops.keys.sorted() {
                let now = p.drops[kind] ?? 0
                let before = reported[kind] ?? 0
                if now > before {
                    output.notice("\(Interpreter.plural(Int(now - before), "drop")) on program '\(p.name)' (\(kind))\n")
                }
                reported[kind] = now
            }
            a.dropsReported[p.name] = reported
        }
        for gone in a.dropsReported.keys where !names.contains(gone) { a.dropsReported[gone] = nil }
        for gone in a.errorsReported.keys where !names.contains(gone) { a.errorsReported[gone] = nil; a.errorRecords[gone] = nil }
    }
}
