// The REPL: entries from the line editor (terminal), standard input or a script, run by the interpreter;
// results printed; effects carried out (watch, edit, sleep, wait, quit); trace output pumped meanwhile. While
// an entry runs on a terminal, Ctrl-C interrupts it — also while its output is still printing — and a notice
// names it (Session/InterruptedOutput.swift), back to the prompt; Ctrl-Z stops only an attached
// console, never a service that co-hosts it. A lost service is reported once and ends the session. At the end,
// every program is stopped (END fires; with --duration, after tracing that long; without it, once the programs
// have called exit() if all of them can), the last output drained, and, the end of a script being the end of
// tracing, every aggregation no printa() has shown is printed; the status is that of exit(N).
import Foundation
import Terminal
import TraceAgent
import TraceSystem

/// Where entries come from.
enum EntrySource {
    /// The interactive line editor.
    case editor(LineEditor)
    /// Plain lines from the line editor's plain reader (standard input not a terminal).
    case plainEditor(LineEditor)
    /// A script's entries, already split, and the file they come from (for `FILE:LINE:COL` errors).
    case entries([ScriptEntry], file: String?)
}

/// One run of the console.
final class ConsoleSession: @unchecked Sendable {   // `failures`, `waited`, `quitRequested` and `detached` are touched only by `run()` on the session's thread; `lost` is a Lock; the rest is set in init
    let interpreter: Interpreter
    let backend: any TraceBackend
    let output: any ConsoleOutput
    let source: EntrySource
    let options: ConsoleOptions
    let pump: OutputPump
    let watch: WatchController
    private var failures = 0
    /// Why the service is gone, once the backend said so.
    private let lost = Lock<String?>(nil)
    /// A `wait` ran (or the script waited by itself): the end of the run prints what DTrace prints at exit.
    private var waited = false
    /// The input said `quit`: the run ends now, without waiting for programs to exit.
    private var quitRequested = false
    /// Whether the console left the service with `detach` (its programs are the service's now, or deleted).
    private var detached = false

    init(options: ConsoleOptions, backend: any TraceBackend, source: EntrySource, output: any ConsoleOutput,
         display: any WatchDisplay, pumpInterval: Duration = .milliseconds(50)) {
        self.options = options
        self.backend = backend
        self.source = source
        self.output = output
        interpreter = Interpreter(backend: backend)
        if let path = options.scriptPath { interpreter.setMacroArguments([path] + options.scriptArguments) }
        pump = OutputPump(backend: backend, output: output, interval: pumpInterval)
        watch = WatchController(backend: backend, display: display, history: interpreter.views.history)
        interpreter.views.setLayout { (display.frameSize.columns, display.unicode, display.colors) }
    }

    /// Runs to the end of the input or `quit`; the exit status (1 if a command failed in a script, else 0).
    func run() -> Int32 {
        watchForLostService()
        pump.start()
        switch source {
        case .editor(let editor):
            runInteractive(editor)
        case .plainEditor(let editor):
            runLines(editor)
        case .entries(let entries, let file):
            for entry in entries where !runEntry(entry, file: file) { break }
        }
        finish()
        if isLost { return 1 }
        if case .editor = source { return 0 }
        return failures == 0 ? exitStatus() : 1
    }

    /// The status of the first program (in definition order) whose `exit(N)` gave a status other than 0.
    private func exitStatus() -> Int32 {
        guard case .programs(let list) = backend.perform(.listPrograms) else { return 0 }
        let status = list.compactMap(\.exitStatus).first { $0 != 0 } ?? 0
        return Int32(truncatingIfNeeded: status)
    }

    /// Waits until no enabled program can still call `exit()`, or `limit` has passed; false if interrupted
    /// (Ctrl-C, or the service was lost).
    @discardableResult
    private func waitForExit(_ limit: Duration?) -> Bool {
        waited = true
        let deadline = limit.map { ContinuousClock.now + $0 }
        while true {
            guard case .programs(let list) = backend.perform(.listPrograms) else { return !isLost }
            if !list.contains(where: { $0.enabled && $0.canExit == true }) { return true }
            if let deadline, ContinuousClock.now >= deadline { return true }
            if !interpreter.interruption.sleep(.milliseconds(10)) || isLost { return false }
        }
    }

    /// Whether a program called `exit()` during the run.
    private func someProgramEnabled() -> Bool {
        guard case .programs(let list) = backend.perform(.listPrograms) else { return false }
        return list.contains(where: \.enabled)
    }

    private func someProgramExited() -> Bool {
        guard case .programs(let list) = backend.perform(.listPrograms) else { return false }
        return list.contains { $0.exitStatus != nil }
    }

    /// A script ending with no --duration waits by itself when every enabled program can call `exit()`.
    private func waitsByItself() -> Bool {
        guard case .programs(let list) = backend.perform(.listPrograms) else { return false }
        let enabled = list.filter(\.enabled)
        return !enabled.isEmpty && enabled.allSatisfy { $0.canExit == true }
    }

    private var isLost: Bool { lost.withLock { $0 != nil } }

    /// Standard input that is not a terminal: lines split into entries as they come, as in a script file.
    private func runLines(_ editor: LineEditor) {
        editor.isComplete = nil
        var splitter = EntrySplitter(endsAtCommandLines: true)
        while true {
            let event: EditorEvent
            do { event = try editor.readEvent() } catch {
                output.notice("error: cannot read the input: \(error)\n")
                failures += 1
                break
            }
            guard case .entry(let line) = event else {
                if event == .endOfFile { break } else { continue }
            }
            for entry in splitter.feed(line) where !runEntry(entry, file: "<stdin>") { return }
        }
        if let last = splitter.finish() { _ = runEntry(last, file: "<stdin>") }
    }

    /// When the backend can lose its service (an attached console): report it once, stop waiting, end the session.
    private func watchForLostService() {
        guard let remote = backend as? any LosableBackend else { return }
        let interruption = interpreter.interruption
        interruption.onInterrupt { remote.abandonRequest() }
        let lost = self.lost, output = self.output, watch = self.watch
        let editor: LineEditor?
        if case .editor(let e) = source { editor = e } else { editor = nil }
        remote.onLost { message in
            let first = lost.withLock { l -> Bool in
                guard l == nil else { return false }
                l = message
                return true
            }
            guard first else { return }
            watch.stop()
            output.notice(message + "\n")
            interruption.interrupt()
            editor?.cancelRead()
        }
    }

    private func runInteractive(_ editor: LineEditor) {
        let completion = CompletionProvider(backend: backend)
        editor.completer = { entry, cursor in completion.complete(entry, cursor: cursor) }
        editor.isComplete = { ScriptEntries.isComplete($0) }
        editor.continuationPrompts = { ScriptEntries.continuationPrompts($0) }
        editor.staysRawAfterEntry = true
        if !(backend is any LosableBackend) {
            editor.suspendRefusal = "Ctrl-Z would stop the whole service (pid \(getpid())), not just the console; type quit to leave"
        }
        let watch = self.watch
        editor.onResize = { watch.refresh() }
        if options.duration != nil {
            output.notice("note: --duration applies to scripts (--script, or commands on standard input); ignored\n")
        }
        if options.interval != nil {
            output.notice("note: --interval applies to scripts; at the prompt, watch … every D delta shows each interval\n")
        }
        output.notice("TraceConsole: type help for the commands, quit (or Ctrl-D) to leave\n")
        while true {
            let event: EditorEvent
            do { event = try editor.readEvent() } catch {
                output.notice("error: cannot read the terminal: \(error)\n")
                break
            }
            switch event {
            case .entry(let text):
                for entry in ScriptEntries.splitTyped(text) where !runEntry(entry, file: nil, editor: editor) { return }
            case .interrupt:
                continue
            case .escape:
                if watch.isWatching { watch.stop() }
            case .endOfFile:
                return
            }
        }
    }

    /// Runs one entry and its effects; false when the session should end. On a terminal, Ctrl-C interrupts it.
    private func runEntry(_ entry: ScriptEntry, file: String?, editor: LineEditor? = nil) -> Bool {
        if isLost { return false }
        let interruption = interpreter.interruption
        interruption.begin()
        let losable = backend as? any LosableBackend
        losable?.resetAbandoned()
        defer { losable?.resetAbandoned() }
        if let editor {
            let remote = backend as? any LosableBackend
            editor.beginBusy(onInterrupt: { interruption.interrupt() },
                             onSuspend: { [output] in
                                 if remote != nil {
                                     editor.suspendWhileBusy()
                                 } else {
                                     output.notice("Ctrl-Z would stop the whole service (pid \(getpid())), not just the console; "
                                                   + "Ctrl-C interrupts the command\n")
                                 }
                             })
        }
        defer { editor?.endBusy() }
        let result = interpreter.execute(entry, file: file)
        if isLost { return false }
        if !result.succeeded { failures += 1 }
        if interruption.isInterrupted {
            output.notice(InterruptedOutput.notice(entry))
            return true
        }
        output.notice(result.messages)
        if let printed = InterruptedOutput.print(result.output, to: output, interruption: interruption) {
            output.notice(InterruptedOutput.notice(entry, printed: printed))
            return true
        }
        for effect in result.effects {
            switch effect {
            case .quit:
                quitRequested = true
                return false
            case .detached:
                quitRequested = true
                detached = true
                return false
            case .watch(let request):
                watch.start(request)
                if output.isInteractive {
                    let what = request.targets.map { t -> String in
                        if case .aggregation(let p, let n) = t { return "\(p).@\(n)" } else { return t.program }
                    }.joined(separator: ", ")
                    output.notice("watching \(what) every \(DurationText.format(request.interval)) (unwatch, or Esc on an empty line, to stop)\n")
                }
            case .unwatch:
                if watch.isWatching { watch.stop() } else { output.notice("not watching\n") }
            case .edit(let text):
                if let editor { editor.setEditBuffer(text) } else { output.data(text + "\n") }
            case .sleep(let d):
                if !interruption.sleep(d) {
                    if isLost { return false }
                    output.notice(InterruptedOutput.notice(entry))
                    return true
                }
            case .waitForExit(let limit):
                if !waitForExit(limit) {
                    if isLost { return false }
                    output.notice(InterruptedOutput.notice(entry))
                    return true
                }
            }
        }
        return true
    }

    private func emit(_ result: CommandResult) {
        if !result.succeeded { failures += 1 }
        output.notice(result.messages)
        output.data(result.output)
    }

    /// The end of a run: the watch stops, tracing goes on for --duration (or, without it, until the programs
    /// call exit() when all of them can), every program stops (no firing in flight), the last output is
    /// drained, and every aggregation no printa() has shown is printed, as dtrace prints them at
    /// the end of tracing: after --duration, a wait, an exit(), or commands that end with programs enabled.
    private func finish() {
        let scripted: Bool
        if case .editor = source { scripted = false } else { scripted = true }
        var intervals = IntervalReport(interpreter: interpreter, json: options.json)
        if scripted, let every = options.interval, !isLost {
            // --interval: every D, the values of the last D (Session/IntervalReport.swift); without --duration, until
            // killed or interrupted.
            interpreter.interruption.begin()
            var left = options.duration
            while left.map({ $0 > .zero }) ?? true {
                let step = left.map { Swift.min($0, every) } ?? every
                if !interpreter.interruption.sleep(step) || isLost { break }
                left = left.map { $0 - step }
                if left.map({ $0 > .zero }) ?? true { emit(intervals.next()) }
            }
        } else if scripted, let d = options.duration, !isLost {
            interpreter.interruption.begin()
            interpreter.interruption.sleep(d)
        } else if scripted, failures == 0, !quitRequested, !isLost, waitsByItself() {
            interpreter.interruption.begin()
            waitForExit(nil)
        }
        // The end of a script is the end of tracing (as dtrace's end): if a program was still enabled, or one
        // exited, END has run and every aggregation no printa has shown is printed.
        let tracing = scripted && !isLost && !detached && someProgramEnabled()
        watch.stop()
        _ = backend.perform(.stopAll)
        pump.stop()
        if scripted && !detached && (options.duration != nil || waited || tracing || someProgramExited()) && !isLost {
            let report = options.interval != nil ? intervals.next() : interpreter.finalReport(json: options.json)
            if !report.succeeded { failures += 1 }
            output.notice(report.messages)
            output.data(report.output)
        }
    }
}
