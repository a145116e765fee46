// A pseudo-terminal for the console's end-to-end test: the console's line editor gets the slave side; a reader
// thread feeds what it writes into a ScreenModel; the test types on the master side. Every wait has a deadline.
// (A minimal copy of the Terminal tests' PseudoTerminal: test targets cannot share code.)
import TerminalTestSupport
import Foundation
import Glibc

/// A failed wait or system call, with the screen attached.
struct PTYError: Error, CustomStringConvertible {
    var description: String
}

final class ConsolePTY: @unchecked Sendable {
    let master: Int32
    let slave: Int32
    private let lock = NSLock()
    private var model: ScreenModel
    private var stop = false
    private var readerDone = false
    private var masterClosed = false

    init(rows: Int, columns: Int) throws {
        var m: Int32 = -1, s: Int32 = -1
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &ws) == 0 else { throw PTYError(description: "openpty failed: errno \(errno)") }
        _ = fcntl(m, F_SETFD, FD_CLOEXEC)
        _ = fcntl(s, F_SETFD, FD_CLOEXEC)
        master = m
        slave = s
        model = ScreenModel(rows: rows, columns: columns)
        let t = Thread { [self] in readLoop() }
        t.name = "console pty reader"
        t.start()
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 8192)
        while !(lock.withLock { stop }) {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 20)
            if ready <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                let chunk = buffer[0..<n]
                lock.withLock { model.feed(chunk) }
            } else if n < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                break
            }
        }
        lock.withLock { readerDone = true }
    }

    /// Types text as the user would.
    func type(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if errno == EINTR || errno == EAGAIN { usleep(1000) } else {
                throw PTYError(description: "write to the pty failed: errno \(errno)")
            }
        }
    }

    var screen: ScreenModel { lock.withLock { model } }

    /// Waits until the screen (never mid-frame) satisfies `predicate`.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 15, _ predicate: (ScreenModel) -> Bool) throws -> ScreenModel {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while true {
            let s = screen
            if !s.inSynchronizedUpdate && predicate(s) { return s }
            if Date() > deadline { throw PTYError(description: "timed out waiting for \(what)\n\(s.dump)") }
            usleep(5000)
        }
    }

    /// The slave side's terminal attributes.
    func slaveAttributes() -> termios {
        var t = termios()
        _ = tcgetattr(slave, &t)
        return t
    }

    /// Stops the reader and closes the master (the slave side is hung up).
    func closeMaster() {
        guard !masterClosed else { return }
        masterClosed = true
        lock.withLock { stop = true }
        while !(lock.withLock { readerDone }) { usleep(1000) }
        close(master)
    }

    func closeSlave() { close(slave) }
}
