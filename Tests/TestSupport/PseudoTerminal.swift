// The tests' one pseudo-terminal: a pty pair whose master side is read into a `ScreenModel` (the "terminal
// emulator"). A program runs on the slave side: a `LineEditor` or the console in a thread of the test process,
// or a child process started on it (`spawn`).
//
// A reader thread keeps the master drained, so a program writing a lot never blocks; reading the screen also
// takes in whatever is readable at that moment, so a test sees everything written before it looked. Every wait
// has a deadline; closing stops the reader and hangs up the pty so a blocked read on the slave returns.
import Foundation
import Glibc
import TraceSystem
import Testing

/// A pty pair with a reader thread that feeds everything written to the slave side into a screen model.
public final class PseudoTerminal: @unchecked Sendable {
    // Safe: `state` is behind a lock; `closed` and `slaveClosed` are only touched by the test's own thread.
    /// The master side: what the terminal emulator reads and types on.
    public let master: Int32
    /// The slave side: the program's terminal.
    public let slave: Int32

    private struct State {
        var screen: ScreenModel
        var received: [UInt8] = []
        var readerError: String?
        var hungUp = false
        var stopReader = false
        var readerDone = false
        /// Reading stops once the screen satisfies this (`pauseReading(when:)`).
        var pauseWhen: (@Sendable (ScreenModel) -> Bool)?
        /// Nothing is read until `resumeReading()`: the program's writes block once the pty's buffer is full.
        var paused = false
    }
    private let state: Lock<State>
    private var closed = false
    private var slaveClosed = false

    /// The default timeout of `waitFor`: generous, because the machine may be loaded.
    public static let defaultTimeout: Duration = .seconds(15)

    /// Opens a pty of `rows` × `columns` and starts reading its master side.
    public init(rows: Int = 24, columns: Int = 80) throws {
        var m: Int32 = -1
        var s: Int32 = -1
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &ws) == 0 else { throw TestFailure("openpty failed: \(errnoText())") }
        // Neither end should leak into a process spawned by another test.
        _ = fcntl(m, F_SETFD, FD_CLOEXEC)
        _ = fcntl(s, F_SETFD, FD_CLOEXEC)
        _ = fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK)
        master = m
        slave = s
        state = Lock(State(screen: ScreenModel(rows: rows, columns: columns)))
        let thread = Thread { [state, m] in Self.readLoop(master: m, state: state) }
        thread.name = "pty reader"
        thread.start()
    }

    deinit { close() }

    private static func readLoop(master: Int32, state: Lock<State>) {
        defer { state.withLock { $0.readerDone = true } }
        while !(state.withLock { $0.stopReader }) {
            if state.withLock({ $0.paused }) {
                usleep(20_000)
                continue
            }
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&pfd, 1, 20)
            if ready < 0 {
                if errno == EINTR { continue }
                let text = errnoText()
                state.withLock { $0.readerError = "poll: \(text)" }
                return
            }
            if ready == 0 { continue }
            guard state.withLock({ drain(master, into: &$0) }) else { return }
        }
    }

    /// Reads everything readable now into the screen; false once nothing more will come.
    private static func drain(_ master: Int32, into s: inout State) -> Bool {
        if s.hungUp || s.stopReader || s.paused { return !s.hungUp }
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                s.screen.feed(buffer[0..<n])
                s.received.append(contentsOf: buffer[0..<n])
                if let pauseWhen = s.pauseWhen, pauseWhen(s.screen) {
                    s.pauseWhen = nil
                    s.paused = true
                    return true
                }
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && errno == EAGAIN {
                return true
            } else {
                // End of file or EIO: every slave descriptor was closed (a spawned child exited).
                if n < 0 && errno != EIO { s.readerError = "read: \(errnoText())" }
                s.hungUp = true
                return false
            }
        }
    }

    private func drainNow() -> State { state.withLock { s in _ = Self.drain(master, into: &s); return s } }

    // MARK: Input, size, screen

    /// Writes bytes to the master side, as keystrokes or a paste from the user.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        let deadline = ContinuousClock.now + Self.defaultTimeout
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n > 0 { offset += n; continue }
            if n < 0 && (errno == EINTR || errno == EAGAIN) && ContinuousClock.now < deadline { usleep(1000); continue }
            throw TestFailure("write to the pty master failed: \(errnoText())")
        }
    }

    /// Types `text` (UTF-8) as the user would.
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Stops reading the program's output once the screen satisfies `predicate` (checked after each read), as a
    /// slow terminal would: the program's writes then block when the pty's buffer is full. `resumeReading()` ends it.
    public func pauseReading(when predicate: @escaping @Sendable (ScreenModel) -> Bool) {
        state.withLock { $0.pauseWhen = predicate }
    }

    /// Whether reading has paused (`pauseReading(when:)`).
    public var isPaused: Bool { state.withLock { $0.paused } }

    /// Reads the program's output again.
    public func resumeReading() { state.withLock { $0.paused = false } }

    /// Bytes typed (`send`) that the program has not read yet.
    public var unreadInput: Int {
        var n: Int32 = 0
        return ioctl(slave, UInt(FIONREAD), &n) == 0 ? Int(n) : 0
    }

    /// Sets the kernel's idea of the window size (what `TIOCGWINSZ` on the slave returns).
    public func setWindowSize(rows: Int, columns: Int) throws {
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, UInt(TIOCSWINSZ), &ws) == 0 else { throw TestFailure("TIOCSWINSZ failed: \(errnoText())") }
    }

    /// The user resized the window: what was written so far is drawn at the old size, then the emulator's grid
    /// changes and the kernel is told (as xterm does). No SIGWINCH is sent by this call.
    public func resize(rows: Int, columns: Int) throws {
        state.withLock { s in
            _ = Self.drain(master, into: &s)
            s.screen.resize(rows: rows, columns: columns)
        }
        try setWindowSize(rows: rows, columns: columns)
    }

    /// A copy of the screen, with everything written to the slave so far.
    public var screen: ScreenModel { drainNow().screen }

    /// Every byte written to the slave so far.
    public var received: [UInt8] { drainNow().received }

    /// The screen after the program has had a moment (30 ms) to finish drawing.
    public func settled() -> ScreenModel {
        usleep(30_000)
        return screen
    }

    /// Every byte received so far, escape sequences made visible, for failure messages.
    public var transcript: String {
        var out = ""
        for scalar in String(decoding: received, as: UTF8.self).unicodeScalars {
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

    /// The slave side's terminal attributes (the mode the program on it has set).
    public func slaveAttributes() throws -> termios {
        var t = termios()
        guard tcgetattr(slave, &t) == 0 else { throw TestFailure("tcgetattr failed: \(errnoText())") }
        return t
    }

    /// Waits until the screen, as a user would see it (never in the middle of a synchronized-output frame),
    /// satisfies `predicate`. Throws with a picture of the screen if it does not within `timeout`.
    @discardableResult
    public func waitFor(_ what: String, timeout: Duration = defaultTimeout,
                        _ predicate: (ScreenModel) -> Bool) throws -> ScreenModel {
        var last: ScreenModel?
        let ok = waitUntil(timeout: timeout) {
            let s = screen
            last = s
            return !s.inSynchronizedUpdate && predicate(s)
        }
        if ok, let s = last { return s }
        if let error = state.withLock({ $0.readerError }) { throw TestFailure("pty reader failed: \(error)") }
        throw TestFailure("timed out after \(timeout) waiting for \(what)\n\(screen.dump)\nlast bytes received:\n\(transcript.suffix(1500))")
    }

    // MARK: A child process on the pty

    /// Starts `path` in a new session with the slave side as its standard input, output and error.
    public func spawn(_ path: String, arguments: [String] = [], environment: [String: String],
                      inheritingEnvironment: Bool = false) throws -> ChildProcess {
        try ChildProcess(path: path, arguments: arguments, environment: environment,
                         inheritingEnvironment: inheritingEnvironment, terminal: slave)
    }

    // MARK: Closing

    /// Stops the reader thread; whether it stopped within 5 s. Afterwards the screen no longer changes.
    @discardableResult
    public func stopReading() -> Bool {
        state.withLock { $0.stopReader = true }
        return waitUntil(timeout: .seconds(5)) { state.withLock { $0.readerDone } }
    }

    /// Closes the master side: the slave side is hung up (a blocked read there returns).
    public func closeMaster() {
        guard !closed else { return }
        closed = true
        if !stopReading() { Issue.record("the pty reader thread did not stop") }
        _ = Glibc.close(master)
    }

    /// Closes the slave side (once the program on it no longer uses it).
    public func closeSlave() {
        guard !slaveClosed else { return }
        slaveClosed = true
        _ = Glibc.close(slave)
    }

    /// Closes both sides.
    public func close() {
        closeMaster()
        closeSlave()
    }
}

extension ScreenModel: CustomTestStringConvertible {
    /// In a failed expectation, show the screen as a picture rather than as a dump of cells.
    public var testDescription: String { "\n" + dump }
}
