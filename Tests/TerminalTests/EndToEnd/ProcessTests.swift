// End-to-end tests that need a process of their own: the `TerminalDemo` program (demos/TerminalDemo) runs a
// LineEditor on a pseudo-terminal's slave side and is killed by a signal; the terminal's mode must be restored.
//
// The demo runs in a new session with the pty slave as its stdin, stdout and stderr (`PseudoTerminal.spawn`).
import Foundation
import Glibc
import TestSupport
import Testing

extension termios {
    var isCanonicalWithEcho: Bool { c_lflag & tcflag_t(ICANON) != 0 && c_lflag & tcflag_t(ECHO) != 0 }
    var isRaw: Bool { c_lflag & tcflag_t(ICANON) == 0 && c_lflag & tcflag_t(ECHO) == 0 }
    var modeDescription: String {
        "iflag=\(String(c_iflag, radix: 8)) oflag=\(String(c_oflag, radix: 8)) lflag=\(String(c_lflag, radix: 8))"
    }
}

extension EndToEnd {
@Suite("Line-editing process on a pseudo-terminal", .serialized)
struct ProcessTests {
    static let environment = [
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": "/usr/bin:/bin",
        "HOME": NSTemporaryDirectory(),
    ]

    /// Starts the demo on a fresh pty, checks it answers an entry in raw mode, then runs `body`.
    private func withDemo(_ body: (PseudoTerminal, ChildProcess, termios) throws -> Void) throws {
        let path = try ChildProcess.executable("TerminalDemo")
        let pty = try PseudoTerminal(rows: 24, columns: 80)
        defer { pty.close() }
        let original = try pty.slaveAttributes()
        #expect(original.isCanonicalWithEcho, "a new pty starts in canonical mode with echo")
        let child = try pty.spawn(path, environment: Self.environment)
        defer { child.killAndReap() }
        try pty.waitFor("the demo's prompt") { $0.cursorLine == "demo>" && $0.cursor.column == 6 }
        #expect(waitUntil(timeout: .seconds(10)) { (try? pty.slaveAttributes())?.isRaw == true },
                "the editor waits for input in raw mode: \((try? pty.slaveAttributes())?.modeDescription ?? "?")")
        try pty.send("hello\r")
        try pty.waitFor("the answer and a new prompt") { screen in
            screen.nonEmptyLines == ["demo> hello", "got: hello", "demo>"] && screen.cursor == .init(row: 2, column: 6)
        }
        #expect(waitUntil(timeout: .seconds(10)) { (try? pty.slaveAttributes())?.isRaw == true }, "raw again at the prompt")
        try body(pty, child, original)
    }

    @Test("The terminal's mode is restored when the process is killed", .timeLimit(.minutes(1)),
          arguments: [SIGTERM, SIGINT, SIGHUP])
    func terminalModeIsRestoredAfterASignal(signal: Int32) throws {
        try withDemo { pty, child, original in
            try pty.send("half typed")
            try pty.waitFor("the half-typed line") { $0.cursorLine == "demo> half typed" }
            child.send(signal: signal)
            _ = try #require(child.waitForExit(timeout: .seconds(10)), "the demo did not exit after signal \(signal)")
            let ending = try #require(child.termination)
            let after = try pty.slaveAttributes()
            #expect(after.isCanonicalWithEcho, "after signal \(signal) (\(ending)): \(after.modeDescription)")
            #expect(after.c_lflag == original.c_lflag && after.c_iflag == original.c_iflag && after.c_oflag == original.c_oflag,
                    "the original mode is restored exactly: before \(original.modeDescription), after \(after.modeDescription)")
            // The terminal modes the editor turned on are off again.
            try pty.waitFor("bracketed paste off and the cursor shown") { !$0.bracketedPasteEnabled && $0.cursorVisible }
            // The conventional ending: restore, then die of the same signal, so the parent shell sees it.
            #expect(ending == .signaled(signal), "the demo \(ending), expected to be killed by signal \(signal)")
        }
    }

    @Test("Ctrl-Z stops the process with the terminal restored; SIGCONT resumes the edit", .timeLimit(.minutes(1)))
    func ctrlZSuspendsAndResumes() throws {
        try withDemo { pty, child, original in
            try pty.send("abc")
            try pty.waitFor("the half-typed line") { $0.cursorLine == "demo> abc" && $0.cursor.column == 9 }
            try pty.send("\u{1A}")
            #expect(child.waitForStop(timeout: .seconds(10)), "the demo did not stop after Ctrl-Z")
            let stopped = try pty.slaveAttributes()
            #expect(stopped.c_lflag == original.c_lflag && stopped.c_iflag == original.c_iflag && stopped.c_oflag == original.c_oflag,
                    "while stopped the original mode is back: before \(original.modeDescription), stopped \(stopped.modeDescription)")
            try pty.waitFor("the line left on the screen, the cursor below it, paste mode off") {
                $0.lines[2] == "demo> abc" && $0.cursor == .init(row: 3, column: 0) && !$0.bracketedPasteEnabled && $0.cursorVisible
            }
            child.send(signal: SIGCONT)
            try pty.waitFor("the prompt and the half-typed line drawn again below") {
                $0.cursorLine == "demo> abc" && $0.cursor == .init(row: 3, column: 9) && $0.bracketedPasteEnabled
            }
            #expect(waitUntil(timeout: .seconds(10)) { (try? pty.slaveAttributes())?.isRaw == true }, "raw again after SIGCONT")
            try pty.send("d\r")
            try pty.waitFor("the resumed entry answered") { $0.lines[4] == "got: abcd" && $0.cursorLine == "demo>" }
        }
    }

    @Test("The terminal's mode is restored after Ctrl-D", .timeLimit(.minutes(1)))
    func terminalModeIsRestoredAfterEndOfFile() throws {
        try withDemo { pty, child, original in
            try pty.send(Key.ctrlD)
            _ = try #require(child.waitForExit(timeout: .seconds(10)), "the demo did not exit after Ctrl-D")
            #expect(child.termination == .exited(0), "\(child.termination.map(String.init(describing:)) ?? "?")")
            let after = try pty.slaveAttributes()
            #expect(after.c_lflag == original.c_lflag && after.c_iflag == original.c_iflag && after.c_oflag == original.c_oflag,
                    "before \(original.modeDescription), after \(after.modeDescription)")
        }
    }
}
}
