// The REPL: entries from the line editor (terminal), standard input or a script, run by the interpreter;
// results printed; effects carried out (watch, edit, sleep, wait, quit); trace output pumped meanwhile. At the
// end, every program is stopped (END fires; with --duration, after tracing that long; without it, once the
// programs have called exit() if all of them can), the last output drained, and after --duration or a wait
// every aggregation no printa() has shown is printed; the status is that of exit(N).
import Foundation
import Terminal
import TraceAgent

/// Where entries come from.
enum EntrySource {
    /// The interactive line editor.
    case editor(LineEditor)
    /// Plain lines from the line editor's plain reader (standard input not a terminal).
    case plainEditor(LineEditor)
    /// A script's entries, already split.
    case entries([String])
}

/// One run of the console.
final class ConsoleSession: @unchecked Sendable {   // `failures` is touched only by `run()` on the session's thread; the rest is set in init
    let interpreter: Interpreter
    let backend: any TraceBackend
    let output: any ConsoleOutput
    let source: EntrySource
    let options: ConsoleOptions
    let pump: OutputPump
    let watch: WatchController
    private var failures = 0
    /// A `wait` ran (or the script waited by itself): the end of the run prints what DTrace prints at exit.
    private var waited = false
    /// The input said `quit`: the run ends now, without waiting for programs to exit.
    private var quitRequested = false

    init(options: ConsoleOptions, backend: any TraceBackend, source: EntrySource, output: any ConsoleOutput,
         display: any WatchDisplay, pumpInterval: Duration = .milliseconds(50)) {
        self.options = options
        self.backend = backend
        self.source = source
        self.output = output
        interpreter = Interpreter(backend: backend)
        if let path = options.scriptPath { interpreter.setMacroArguments([path] + options.scriptArguments) }
        pump = OutputPump(backend: backend, output: output, interval: pumpInterval)
        watch = WatchController(backend: backend, display: display)
    }

    /// Runs to the end of the input or `quit`; the exit status (1 if a command failed in a script, else 0).
    func run() -> Int32 {
        pump.start()
        switch source {
        case .editor(let editor):
            runInteractive(editor)
        case .plainEditor(let editor):
            while true {
                let event: EditorEvent
                do { event = try editor.readEvent() } catch {
                    output.notice("error: cannot read the input: \(error)\n")
                    failures += 1
                    break
                }
                guard case .entry(let text) = event else {
                    if event == .endOfFile { break } else { continue }
                }
                if !runEntry(text) { break }
            }
        case .entries(let entries):
            for entry in entries where !runEntry(entry) { break }
        }
        finish()
        if case .editor = source { return 0 }
        return failures == 0 ? exitStatus() : 1
    }

    /// The status of the first program (in definition order) whose `exit(N)` gave a status other than 0.
    private func exitStatus() -> Int32 {
        guard case .programs(let list) = backend.perform(.listPrograms) else { return 0 }
        let status = list.compactMap(\.exitStatus).first { $0 != 0 } ?? 0
        return Int32(truncatingIfNeeded: status)
    }

    /// Waits until no enabled program can still call `exit()`, or `limit` has passed.
    private func waitForExit(_ limit: Duration?) {
        waited = true
        let deadline = limit.map { ContinuousClock.now + $0 }
        while true {
            guard case .programs(let list) = backend.perform(.listPrograms) else { return }
            if !list.contains(where: { $0.enabled && $0.canExit == true }) { return }
            if let deadline, ContinuousClock.now >= deadline { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Whether a program called `exit()` during the run.
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

    private func runInteractive(_ editor: LineEditor) {
        let completion = CompletionProvider(backend: backend)
        editor.completer = { entry, cursor in completion.complete(entry, cursor: cursor) }
        editor.isComplete = { ScriptEntries.isComplete($0) }
        let watch = self.watch
        editor.onResize = { watch.refresh() }
        if options.duration != nil {
            output.notice("note: --duration applies to scripts (--script, or commands on standard input); ignored\n")
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
                if !runEntry(text, editor: editor) { return }
            case .interrupt:
                continue
            case .escape:
                if watch.isWatching { watch.stop() }
            case .endOfFile:
                return
            }
        }
    }

    /// Runs one entry and its effects; false when the session should end.
    private func runEntry(_ text: String, editor: LineEditor? = nil) -> Bool {
        let result = interpreter.execute(text)
        if !result.succeeded { failures += 1 }
        output.notice(result.messages)
        output.data(result.output)
        for effect in result.effects {
            switch effect {
            case .quit:
                quitRequested = true
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
                Thread.sleep(forTimeInterval: DurationText.seconds(d))
            case .waitForExit(let limit):
                waitForExit(limit)
            }
        }
        return true
    }

    /// The end of a run: the watch stops, tracing goes on for --duration (or, without it, until the programs
    /// call exit() when all of them can), every program stops (no firing in flight), the last output is
    /// drained, and after --duration or a wait every aggregation no printa() has shown is printed.
    private func finish() {
        let scripted: Bool
        if case .editor = source { scripted = false } else { scripted = true }
        if scripted, let d = options.duration {
            Thread.sleep(forTimeInterval: DurationText.seconds(d))
        } else if scripted, failures == 0, !quitRequested, waitsByItself() {
            waitForExit(nil)
        }
        watch.stop()
        _ = backend.perform(.stopAll)
        pump.stop()
        if scripted && (options.duration != nil || waited || someProgramExited()) {
            let report = interpreter.finalReport(json: options.json)
            if !report.succeeded { failures += 1 }
            output.notice(report.messages)
            output.data(report.output)
        }
    }
}
