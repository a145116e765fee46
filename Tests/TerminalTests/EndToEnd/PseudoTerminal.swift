// The end-to-end harness: a pseudo-terminal pair whose master side is read into a `ScreenModel`
// (the "terminal emulator"), and `EditorSession`, which runs a `LineEditor` on the slave side in a
// background thread of the test process, as a user's program would run on a real terminal.
//
// Everything here has a deadline: waits poll the screen until a predicate holds or a timeout passes,
// and closing stops the reader, hangs up the pty so the editor's blocked read returns, and joins threads.
import TerminalTestSupport
import Foundation
import Glibc
import Synchronization
import Terminal
import Testing

/// A failure of the harness (a wait that timed out, a system call that failed), with the screen attached.
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A value behind a pthread mutex (NSLock). Not `Synchronization.Mutex`: ThreadSanitizer does not see the
/// synchronization inside the uninstrumented Synchronization library and reports its users as races.
final class HarnessLock<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Polls `condition` until it is true or `timeout` passes; returns whether it became true.
func pollUntil(timeout: Duration, every interval: Duration = .milliseconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if condition() { return true }
        if ContinuousClock.now >= deadline { return condition() }
        let ns = interval.components.attoseconds / 1_000_000_000 + interval.components.seconds * 1_000_000_000
        usleep(UInt32(max(1, ns / 1000)))
    }
}

/// A pty pair with a reader thread that feeds everything written to the slave side into a screen model.
final class PseudoTerminal: @unchecked Sendable {
    let master: Int32
    let slave: Int32

    private struct State {
        var screen: ScreenModel
        var transcript: [UInt8] = []
        var readerError: String?
    }
    private let state: HarnessLock<State>
    private let stopReader = Atomic<Bool>(false)
    private let readerDone = Atomic<Bool>(false)
    private var closed = false
    private var slaveClosed = false

    /// The default timeout of `waitFor`: generous, because the machine may be loaded.
    static let defaultTimeout: Duration = .seconds(15)

    init(rows: Int = 24, columns: Int = 80) throws {
        var m: Int32 = -1
        var s: Int32 = -1
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &ws) == 0 else {
            throw HarnessError("openpty failed: \(String(cString: strerror(errno)))")
        }
        // Neither end should leak into a process spawned by another test.
        _ = fcntl(m, F_SETFD, FD_CLOEXEC)
        _ = fcntl(s, F_SETFD, FD_CLOEXEC)
        master = m
        slave = s
        state = HarnessLock(State(screen: ScreenModel(rows: rows, columns: columns)))
        try setWindowSize(rows: rows, columns: columns)
        let thread = Thread { [self] in readLoop() }
        thread.name = "pty reader"
        thread.start()
    }

    deinit { close() }

    private func readLoop() {
        defer { readerDone.store(true, ordering: .releasing) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopReader.load(ordering: .acquiring) {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&pfd, 1, 20)
            if ready < 0 {
                if errno == EINTR { continue }
                state.withLock { $0.readerError = "poll: \(String(cString: strerror(errno)))" }
                return
            }
            if ready == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                let chunk = buffer[0..<n]
                state.withLock { s in
                    s.screen.feed(chunk)
                    s.transcript.append(contentsOf: chunk)
                }
            } else if n < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                // EIO: every slave descriptor was closed (a spawned child exited). Nothing more will come.
                if n < 0 && errno != EIO {
                    state.withLock { $0.readerError = "read: \(String(cString: strerror(errno)))" }
                }
                return
            }
        }
    }

    // MARK: Input, size, screen

    /// Writes bytes to the master side, as keystrokes or a paste from the user.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        let deadline = ContinuousClock.now + Self.defaultTimeout
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n > 0 { offset += n; continue }
            if n < 0 && (errno == EINTR || errno == EAGAIN) && ContinuousClock.now < deadline { usleep(1000); continue }
            throw HarnessError("write to the pty master failed: \(String(cString: strerror(errno)))")
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sets the kernel's idea of the window size (what `TIOCGWINSZ` on the slave returns).
    func setWindowSize(rows: Int, columns: Int) throws {
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, UInt(TIOCSWINSZ), &ws) == 0 else {
            throw HarnessError("TIOCSWINSZ failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The user resized the window: the emulator's grid changes first, then the kernel is told (as xterm does).
    func resize(rows: Int, columns: Int) throws {
        state.withLock { $0.screen.resize(rows: rows, columns: columns) }
        try setWindowSize(rows: rows, columns: columns)
    }

    /// A copy of the screen as it is now.
    var screen: ScreenModel { state.withLock { $0.screen } }

    /// Every byte received so far, escape sequences made visible, for failure messages.
    var transcript: String {
        let bytes = state.withLock { $0.transcript }
        var out = ""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "\u{1B}": out += "␛"
            case "\r": out += "␍"
            case "\n": out += "␊\n"
            case "\u{7}": out += "␇"
            case "\u{8}": out += "␈"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Reads the slave side's terminal attributes (the mode the program on it has set).
    func slaveAttributes() throws -> termios {
        var t = termios()
        guard tcgetattr(slave, &t) == 0 else { throw HarnessError("tcgetattr failed: \(String(cString: strerror(errno)))") }
        return t
    }

    /// Waits until the screen, as a user would see it (never in the middle of a synchronized-output frame),
    /// satisfies `predicate`. Throws with a picture of the screen if it does not within `timeout`.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = defaultTimeout,
                 _ predicate: (ScreenModel) -> Bool) throws -> ScreenModel {
        var last: ScreenModel?
        let ok = pollUntil(timeout: timeout) {
            let s = screen
            last = s
            return !s.inSynchronizedUpdate && predicate(s)
        }
        if ok, let s = last { return s }
        if let error = state.withLock({ $0.readerError }) { throw HarnessError("pty reader failed: \(error)") }
        throw HarnessError("timed out after \(timeout) waiting for \(what)\n\(screen.dump)\nlast bytes received:\n\(transcript.suffix(1500))")
    }

    // MARK: Closing

    /// Stops the reader thread. Afterwards the screen no longer changes.
    func stopReading() {
        stopReader.store(true, ordering: .releasing)
        if !pollUntil(timeout: .seconds(5), { readerDone.load(ordering: .acquiring) }) {
            Issue.record("the pty reader thread did not stop")
        }
    }

    /// Closes the master side: the slave side is hung up (a blocked read there returns).
    func closeMaster() {
        guard !closed else { return }
        stopReading()
        closed = true
        _ = Glibc.close(master)
    }

    func closeSlave() {
        guard !slaveClosed else { return }
        slaveClosed = true
        _ = Glibc.close(slave)
    }

    func close() {
        closeMaster()
        closeSlave()
    }
}

/// A `LineEditor` running on the slave side of a `PseudoTerminal`, in a background thread that calls
/// `readEvent()` in a loop and collects the events, until `.endOfFile`, an error, or the session closes.
final class EditorSession: @unchecked Sendable {
    let pty: PseudoTerminal
    /// The editor. `printAbove`, `setLiveRegion`, `notifyResize` … are called on it from other threads.
    let editor: LineEditor
    let configuration: EditorConfiguration

    private struct State {
        var events: [EditorEvent] = []
        var error: String?
        var finished = false
    }
    private let state = HarnessLock(State())
    private let closing = Atomic<Bool>(false)

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
        while !closing.load(ordering: .acquiring) {
            do {
                let event = try editor.readEvent()
                if closing.load(ordering: .acquiring) { return }
                state.withLock { $0.events.append(event) }
                if event == .endOfFile { return }
            } catch {
                if !closing.load(ordering: .acquiring) { state.withLock { $0.error = "\(error)" } }
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
        } catch let error as HarnessError {
            throw HarnessError(error.description + "\nevents so far: \(events)" + (state.withLock { $0.error }.map { "\neditor error: \($0)" } ?? ""))
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
        let ok = pollUntil(timeout: timeout) {
            state.withLock { $0.events.count >= count || $0.finished }
        }
        let s = state.withLock { $0 }
        if ok && s.events.count >= count { return s.events }
        throw HarnessError("waited for \(count) editor events, got \(s.events)"
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
            throw HarnessError("expected .entry(\(line.debugDescription)), got \(events[before])\n\(pty.screen.dump)")
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
        guard !closing.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let unknown = pty.screen.unknownSequences
        if !unknown.isEmpty {
            Issue.record("the editor wrote escape sequences the screen model does not know: \(unknown.prefix(20))")
        }
        pty.closeMaster()
        if pollUntil(timeout: .seconds(10), { isFinished }) {
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

extension ScreenModel: CustomTestStringConvertible {
    /// In a failed expectation, show the screen as a picture rather than as a dump of cells.
    public var testDescription: String { "\n" + dump }
}
