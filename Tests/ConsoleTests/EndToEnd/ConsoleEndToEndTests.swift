// The console on a pseudo-terminal, in this process, as an operator uses it: a service thread fires probes;
// at the prompt a program is defined and watched; the counts change between two screen reads while typing
// goes on on the prompt line; `disable` stops them; `quit` returns and the terminal's mode is restored.
import Foundation
import Glibc
import TestSupport
import Testing
import TraceCore
@testable import Console
import TraceAgent
import TraceSystem

enum EndToEndProbes {
    static let provider = TraceProvider("cie2e")
    static let work = provider.event("svc", "work", "done", ("n", Int.self))
    static func declare() { _ = work }
}

/// The console running on a pty in a background thread, with a service thread that repeats `step` (by default
/// firing `cie2e:svc:work:done` with a growing count) every `pause` microseconds until closed.
final class ConsoleOnPTY: @unchecked Sendable {   // `original` (a termios) is set in init and only read afterwards
    let pty: PseudoTerminal
    let backend: ScopedBackend
    private let status = Lock<Int32?>(nil)
    private let serviceRunning = Lock(true)
    let original: termios

    init(rows: Int = 30, columns: Int = 100, backend: ScopedBackend = ScopedBackend(prefix: "cie2e_", provider: "cie2e"),
         pause: UInt32 = 500, colors: Bool = false, step: @escaping @Sendable () -> Void = ConsoleOnPTY.fireWork()) throws {
        EndToEndProbes.declare()
        self.backend = backend
        pty = try PseudoTerminal(rows: rows, columns: columns)
        original = try pty.slaveAttributes()
        backend.deleteAll()
        var options = ConsoleOptions()
        options.inputFD = pty.slave
        options.outputFD = pty.slave
        options.errorFD = pty.slave
        options.terminalType = "xterm-256color"
        options.historyFile = nil
        options.unicode = false
        options.colors = colors
        let configured = options
        let status = self.status, serviceRunning = self.serviceRunning
        _ = WorkerThread(name: "console") {
            let s = Console.run(options: configured, backend: backend)
            status.withLock { $0 = s }
        }
        _ = WorkerThread(name: "service") {
            while serviceRunning.withLock({ $0 }) {
                step()
                usleep(pause)
            }
        }
    }

    /// Fires `cie2e:svc:work:done` with 1, 2, 3, … .
    static func fireWork() -> @Sendable () -> Void {
        let n = Lock(0)
        return { EndToEndProbes.work.fire(n.withLock { $0 += 1; return $0 }) }
    }

    var exitStatus: Int32? { status.withLock { $0 } }

    /// Ends everything, even after a failure: the service stops; the pty is hung up so the console returns.
    func close() {
        serviceRunning.withLock { $0 = false }
        if exitStatus == nil { try? pty.send("\u{15}quit\r") }
        let deadline = Date(timeIntervalSinceNow: 10)
        while exitStatus == nil && Date() < deadline { usleep(5000) }
        pty.closeMaster()
        if exitStatus != nil { pty.closeSlave() }
        backend.deleteAll()
    }
}

/// The number on the screen line that starts with `prefix` (`@done: 1,234` → 1234).
func count(after prefix: String, on screen: ScreenModel) -> Int? {
    guard let line = screen.lines.first(where: { $0.hasPrefix(prefix) }) else { return nil }
    return Int(line.dropFirst(prefix.count).filter(\.isNumber))
}

@Suite(.serialized) struct ConsoleEndToEndTests {
    @Test func defineWatchTypeDisableQuit() throws {
        let console = try ConsoleOnPTY()
        defer { console.close() }
        let pty = console.pty
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" && $0.cursor.column == 7 }

        try pty.send("program cie2e_w { cie2e:svc:work:done { @done = count(); } }\r")
        try pty.waitFor("the definition's answer") { s in
            s.lines.contains("program 'cie2e_w' enabled: matched 1 probe") && s.cursorLine == "trace>"
        }

        try pty.send("watch every 100ms\r")
        let first = try pty.waitFor("the live view") { count(after: "@done: ", on: $0) != nil }
        let c1 = count(after: "@done: ", on: first) ?? 0
        #expect(first.lines.contains { $0.hasPrefix("cie2e_w  up ") && $0.contains(" firings/s  0 drops  0 errors") })

        // Typing goes on at the prompt while the view refreshes above it.
        try pty.send("show @do")
        let second = try pty.waitFor("the count to grow while typing") { s in
            (count(after: "@done: ", on: s) ?? 0) > c1 && s.cursorLine == "trace> show @do"
        }
        #expect(second.cursor.column == "trace> show @do".count)

        // Tab completes the aggregation name on the prompt line.
        try pty.send("\t")
        try pty.waitFor("the completed name") { $0.cursorLine == "trace> show @done" }
        try pty.send("\u{15}disable cie2e_w\r")
        try pty.waitFor("the program disabled") { s in
            s.lines.contains("program 'cie2e_w' disabled") && s.lines.contains { $0.hasPrefix("cie2e_w (disabled)  up ") }
        }
        let stopped = count(after: "@done: ", on: pty.screen)
        usleep(400_000)   // four refreshes
        // A whole frame (the screen may be read in the middle of a redraw): it still shows the count at disable.
        let later = try pty.waitFor("a later whole frame") { s in
            count(after: "@done: ", on: s) != nil && s.lines.contains { $0.hasPrefix("cie2e_w (disabled)  up ") && $0.contains("  0 firings/s") }
        }
        #expect(count(after: "@done: ", on: later) == stopped, "\(later.lines)")

        // unwatch leaves the last frame on the screen, above the prompt.
        try pty.send("unwatch\r")
        let unwatched = try pty.waitFor("the prompt after unwatch, the last frame above it") { s in
            s.cursorLine == "trace>" && s.cursor.column == 7 && count(after: "@done: ", on: s) != nil
        }
        #expect(count(after: "@done: ", on: unwatched) == stopped, "\(unwatched.lines)")

        // Esc on an empty line ends a watch too.
        try pty.send("watch cie2e_w\r")
        try pty.waitFor("the watch to start again") { s in
            s.lines.contains { $0.hasPrefix("watching cie2e_w every 1s") } && s.cursorLine == "trace>"
        }
        try pty.send("\u{1B}")
        usleep(300_000)   // longer than the editor's escape timeout
        try pty.send("unwatch\r")
        try pty.waitFor("'not watching' after Esc ended the view") { s in s.lines.contains("not watching") && s.cursorLine == "trace>" }

        try pty.send("quit\r")
        let deadline = Date(timeIntervalSinceNow: 10)
        while console.exitStatus == nil && Date() < deadline { usleep(5000) }
        #expect(console.exitStatus == 0)
        let after = try pty.slaveAttributes()
        #expect(after.c_lflag == console.original.c_lflag)
        #expect(after.c_iflag == console.original.c_iflag)
        #expect(after.c_oflag == console.original.c_oflag)
        #expect(after.c_cflag == console.original.c_cflag)
        #expect(withUnsafeBytes(of: after.c_cc) { Array($0) } == withUnsafeBytes(of: console.original.c_cc) { Array($0) })
    }
}
