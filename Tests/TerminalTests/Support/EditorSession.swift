// `EditorSession`: a `LineEditor` on the slave side of the shared `PseudoTerminal`, in a background thread of the
// test process that reads events in a loop, as a user's program would run on a real terminal. Closing hangs up
// the pty so the editor's blocked read returns, and waits for the thread.
import Foundation
import Glibc
import TraceSystem
import Terminal
import TestSupport
import Testing

/// A `LineEditor` running on the slave side of a `PseudoTerminal`, in a background thread that calls
/// `readEvent()` in a loop and collects the events, until `.endOfFile`, an error, or the session closes.
final class EditorSession: @unchecked Sendable {
    // Safe: the events and flags are behind locks; the editor's methods the tests call from other threads are its thread-safe ones.
    let pty: PseudoTerminal
    /// The editor. `printAbove`, `setLiveRegion`, `notifyResize` … are called on it from other threads.
    let editor: LineEditor
    let configuration: EditorConfiguration

    private struct State {
        var events: [EditorEvent] = []
        var error: String?
        var finished = false
    }
    private let state = Lock(State())
    private let closing = Lock(false)
    private var isClosing: Bool { closing.withLock { $0 } }

    /// Opens a pty of the given size and creates the editor on its slave side; `setUp` may install callbacks
    /// before the editor thread starts. The first prompt is on the screen when this returns.
    init(rows: Int = 24, columns: Int = 80,
         configure: (inout EditorConfiguration) -> Void = { _ in },
         setUp: (LineEditor) -> Void = { _ in }) throws {
        pty = try PseudoTerminal(rows: rows, columns: columns)
        var config = EditorConfiguration()
        config.historyFile = nil
        // Decided here rather than through TERM, which CI leaves unset and which is process-wide.
        config.terminalType = "xterm-256color"
        configure(&config)
        config.inputFD = pty.slave
        config.outputFD = pty.slave
        configuration = config
        editor = LineEditor(configuration: config)
        setUp(editor)
        let thread = Thread { [self] in editorLoop() }
        thread.name = "line editor"
        thread.start()
        do {
            try waitForPrompt()
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private func editorLoop() {
        defer { state.withLock { $0.finished = true } }
        while !isClosing {
            do {
                let event = try editor.readEvent()
                if isClosing { return }
                state.withLock { $0.events.append(event) }
                if event == .endOfFile { return }
            } catch {
                if !isClosing { state.withLock { $0.error = "\(error)" } }
                return
            }
        }
    }

    var prompt: String { configuration.prompt }
    var events: [EditorEvent] { state.withLock { $0.events } }
    var isFinished: Bool { state.withLock { $0.finished } }
    var screen: ScreenModel { pty.screen }

    func type(_ text: String) throws { try pty.send(text) }

    /// Sends `text` one keystroke (one Unicode scalar or escape sequence) at a time, as a user types.
    /// Each chunk is a separate write; the editor may or may not see them in one read.
    func typeSlowly(_ keys: [String]) throws {
        for key in keys { try pty.send(key) }
    }

    @discardableResult
    func waitFor(_ what: String, timeout: Duration = PseudoTerminal.defaultTimeout,
                 _ predicate: (ScreenModel) -> Bool) throws -> ScreenModel {
        do {
            return try pty.waitFor(what, timeout: timeout, predicate)
        } catch let error as TestFailure {
            throw TestFailure(error.description + "\nevents so far: \(events)" + (state.withLock { $0.error }.map { "\neditor error: \($0)" } ?? ""))
        }
    }

    /// Waits until the cursor row shows the prompt followed by `text` and the cursor is at its end.
    @discardableResult
    func waitForPrompt(_ text: String = "", timeout: Duration = PseudoTerminal.defaultTimeout) throws -> ScreenModel {
        let expected = prompt + text
        let column = ScreenModel.width(of: expected)
        return try waitFor("the prompt line \"\(expected)\" with the cursor at column \(column)", timeout: timeout) { s in
            s.cursorLine == trimmed(expected) && s.cursor.column == column
        }
    }

    /// Waits until the editor has returned `count` events in all, and returns them.
    /// The screen may still lag behind the event (the reader thread has not seen the last bytes yet): to look at
    /// the screen after an event, wait for something that was not on it before (`enter` does).
    @discardableResult
    func waitForEvents(_ count: Int, timeout: Duration = PseudoTerminal.defaultTimeout) throws -> [EditorEvent] {
        let ok = waitUntil(timeout: timeout) {
            state.withLock { $0.events.count >= count || $0.finished }
        }
        let s = state.withLock { $0 }
        if ok && s.events.count >= count { return s.events }
        throw TestFailure("waited for \(count) editor events, got \(s.events)"
            + (s.error.map { " (readEvent threw \($0))" } ?? "") + (s.finished ? " (editor loop finished)" : "")
            + "\n\(pty.screen.dump)")
    }

    /// Types `line`, presses Enter, and waits for the entry to be returned and the next prompt to be drawn.
    func enter(_ line: String) throws {
        let before = events.count
        try type(line)
        try waitForPrompt(line)
        try type("\r")
        let events = try waitForEvents(before + 1)
        guard events[before] == .entry(line) else {
            throw TestFailure("expected .entry(\(line.debugDescription)), got \(events[before])\n\(pty.screen.dump)")
        }
        try waitForPrompt()
    }

    /// The user resizes the window: the emulator resizes, the kernel is told, the editor is notified.
    func resize(rows: Int, columns: Int) throws {
        try pty.resize(rows: rows, columns: columns)
        editor.notifyResize()
    }

    /// Stops the reader, hangs up the pty so the editor's read returns, waits for the editor thread, closes.
    func close() {
        guard !closing.withLock({ c in defer { c = true }; return c }) else { return }
        let unknown = pty.screen.unknownSequences
        if !unknown.isEmpty {
            Issue.record("the editor wrote escape sequences the screen model does not know: \(unknown.prefix(20))")
        }
        pty.closeMaster()
        if waitUntil(timeout: .seconds(10), { isFinished }) {
            editor.restoreTerminal()
            pty.closeSlave()
        } else {
            // Closing the slave under a thread that may still use it would let the descriptor be reused.
            Issue.record("the editor thread did not return from readEvent() within 10 s after the pty was hung up; leaking its descriptor")
        }
    }
}

/// A row as `ScreenModel.lines` shows it: trailing blanks removed.
func trimmed(_ s: String) -> String {
    var s = s
    while s.last == " " { s.removeLast() }
    return s
}

/// Runs `body` with a fresh editor session and always closes it.
func withEditor<R>(rows: Int = 24, columns: Int = 80,
                   configure: (inout EditorConfiguration) -> Void = { _ in },
                   setUp: (LineEditor) -> Void = { _ in },
                   _ body: (EditorSession) throws -> R) throws -> R {
    let session = try EditorSession(rows: rows, columns: columns, configure: configure, setUp: setUp)
    defer { session.close() }
    return try body(session)
}

/// Keys as the terminal sends them.
enum Key {
    static let enter = "\r"
    static let tab = "\t"
    static let ctrlA = "\u{1}", ctrlB = "\u{2}", ctrlC = "\u{3}", ctrlD = "\u{4}", ctrlE = "\u{5}", ctrlF = "\u{6}"
    static let ctrlR = "\u{12}", ctrlU = "\u{15}", ctrlG = "\u{7}"
    static let backspace = "\u{7F}"
    static let escape = "\u{1B}"
    static let left = "\u{1B}[D", right = "\u{1B}[C", up = "\u{1B}[A", down = "\u{1B}[B"
    static let home = "\u{1B}[H", end = "\u{1B}[F"
    static let pasteStart = "\u{1B}[200~", pasteEnd = "\u{1B}[201~"
}
