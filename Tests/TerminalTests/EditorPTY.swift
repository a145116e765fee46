// A pseudo-terminal in this process for driving a LineEditor: the editor gets the slave side, the test types on
// the master side and reads what the editor drew into a ScreenModel.
import TerminalTestSupport
import Foundation
import Glibc
import Testing
@testable import Terminal

final class EditorPTY: @unchecked Sendable {
    let master: Int32
    let slave: Int32
    private let lock = NSLock()
    private var model: ScreenModel
    private var captured: [UInt8] = []

    init(rows: Int = 24, columns: Int = 80) {
        var m: Int32 = -1, s: Int32 = -1
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        let rc = openpty(&m, &s, nil, nil, &ws)
        precondition(rc == 0, "openpty failed: errno \(errno)")
        master = m
        slave = s
        _ = fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK)
        model = ScreenModel(rows: rows, columns: columns)
    }

    deinit {
        close(master)
        close(slave)
    }

    /// An editor on the slave side, as a terminal (whatever TERM the tests run under).
    func makeEditor(_ adjust: (inout EditorConfiguration) -> Void = { _ in }) -> LineEditor {
        var c = EditorConfiguration()
        c.inputFD = slave
        c.outputFD = slave
        c.terminalType = "xterm-256color"
        adjust(&c)
        return LineEditor(configuration: c)
    }

    /// Types bytes as the user would.
    func send(_ s: String) {
        var bytes = Array(s.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    /// Reads whatever the editor wrote so far into the screen model; returns those bytes.
    @discardableResult
    func drain() -> [UInt8] {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { break }
            all.append(contentsOf: buffer[0..<n])
        }
        lock.lock()
        model.feed(all)
        captured += all
        lock.unlock()
        return all
    }

    var screen: ScreenModel {
        drain()
        lock.lock(); defer { lock.unlock() }
        return model
    }

    /// Every byte the editor wrote so far.
    var output: [UInt8] {
        drain()
        lock.lock(); defer { lock.unlock() }
        return captured
    }

    /// Waits (up to 3 s) until `condition` holds for the screen; records an issue with the screen if it never does.
    @discardableResult
    func waitFor(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: (ScreenModel) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline {
            if condition(screen) { return true }
            usleep(5_000)
        }
        Issue.record("timed out waiting for \(what)\n\(screen.dump)", sourceLocation: sourceLocation)
        return false
    }

    /// Starts `readEvent()` on its own thread and waits until the editor is reading in raw mode (bracketed paste
    /// on), so that what the test types next is not handled by the terminal's cooked mode.
    func startRead(_ editor: LineEditor, sourceLocation: SourceLocation = #_sourceLocation) -> BackgroundRead {
        let read = BackgroundRead(editor)
        waitFor("raw mode", sourceLocation: sourceLocation) { $0.bracketedPasteEnabled }
        return read
    }

    /// Lets the editor settle, then returns the screen.
    func settled() -> ScreenModel {
        usleep(30_000)
        return screen
    }

    /// Changes the window size as a terminal emulator would (no SIGWINCH: this is not our controlling terminal).
    func resize(rows: Int, columns: Int) {
        drain()
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &ws)
        lock.lock()
        model.resize(rows: rows, columns: columns)
        lock.unlock()
    }

    /// The slave's current local flags (to see whether raw mode is on).
    var localFlags: tcflag_t {
        var t = termios()
        tcgetattr(slave, &t)
        return t.c_lflag
    }
}

/// `readEvent()` running on its own thread (it blocks), with the result collected.
final class BackgroundRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<EditorEvent, any Error>?

    init(_ editor: LineEditor) {
        let thread = Thread { [self] in
            let r = Result { try editor.readEvent() }
            self.result = r
            self.done.signal()
        }
        thread.start()
    }

    /// The event, or nil (with an issue recorded) if none came within 3 s.
    func wait(sourceLocation: SourceLocation = #_sourceLocation) -> EditorEvent? {
        guard done.wait(timeout: .now() + 3) == .success else {
            Issue.record("readEvent() did not return", sourceLocation: sourceLocation)
            return nil
        }
        switch result {
        case .success(let event): return event
        case .failure(let error): Issue.record("readEvent() threw \(error)", sourceLocation: sourceLocation); return nil
        case nil: return nil
        }
    }
}
