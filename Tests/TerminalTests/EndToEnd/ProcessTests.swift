// End-to-end tests that need a process of their own: the `TerminalDemo` program (demos/TerminalDemo) runs a
// LineEditor on a pseudo-terminal's slave side and is killed by a signal; the terminal's mode must be restored.
//
// The test process is multithreaded, so nothing is forked: `posix_spawn` starts the demo in a new session
// with the pty slave as its stdin, stdout and stderr, default signal dispositions and an empty signal mask.
import Foundation
import Glibc
import Testing

/// glibc ≥ 2.34: close every descriptor from `from` up in the child. Hidden from Swift (a GNU extension).
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnActionsAddCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

/// A child process started with `posix_spawn`; killed and reaped at the latest when `killAndReap` is called.
final class SpawnedProcess {
    let pid: pid_t
    private(set) var status: Int32?

    /// `TerminalDemo`, built by `swift build`/`swift test` into the same products directory as the test binary.
    static func demoExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let exe = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var directory = exe
        while let last = directory.last, last != "/" { directory.removeLast() }
        // The test binary is …/debug/TraceConsolePackageTests.xctest (or a file inside a bundle on other layouts).
        for candidate in [directory + "TerminalDemo", directory + "../TerminalDemo", directory + "../../TerminalDemo"]
        where access(candidate, X_OK) == 0 {
            return candidate
        }
        return nil
    }

    /// Starts `path` in a new session with `terminal` as its standard descriptors.
    init(path: String, arguments: [String] = [], terminal: Int32, environment: [String: String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, terminal, target) }
        _ = spawnActionsAddCloseFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let setSID: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc ≥ 2.26), hidden behind __USE_GNU
        posix_spawnattr_setflags(&attributes, Int16(setSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw HarnessError("posix_spawn \(path): \(String(cString: strerror(rc)))") }
        pid = child
    }

    deinit { killAndReap() }

    func send(_ signal: Int32) { if status == nil { kill(pid, signal) } }

    /// Waits for the child to exit; returns its wait status, or nil on timeout.
    func waitForExit(timeout: Duration) -> Int32? {
        _ = pollUntil(timeout: timeout) {
            if status != nil { return true }
            var s: Int32 = 0
            let r = waitpid(pid, &s, WNOHANG)
            if r == pid { status = s; return true }
            return false
        }
        return status
    }

    /// Waits until the child is stopped (by SIGSTOP, SIGTSTP …); false on timeout or if it exited.
    func waitForStop(timeout: Duration) -> Bool {
        var stopped = false
        _ = pollUntil(timeout: timeout) {
            if status != nil { return true }
            var s: Int32 = 0
            let r = waitpid(pid, &s, WNOHANG | WUNTRACED)
            guard r == pid else { return false }
            if s & 0xFF == 0x7F { stopped = true } else { status = s }
            return true
        }
        return stopped
    }

    /// Kills the child if it is still running and reaps it.
    func killAndReap() {
        guard status == nil else { return }
        kill(pid, SIGKILL)
        var s: Int32 = 0
        while waitpid(pid, &s, 0) < 0 && errno == EINTR {}
        status = s
    }

    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "killed by signal \(signal)\(status & 0x80 != 0 ? " (core dumped)" : "")"
    }
}

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
    private func withDemo(_ body: (PseudoTerminal, SpawnedProcess, termios) throws -> Void) throws {
        let path = try #require(SpawnedProcess.demoExecutable(),
            "TerminalDemo is not built next to the test binary: add the TerminalDemo executable target and build it")
        let pty = try PseudoTerminal(rows: 24, columns: 80)
        defer { pty.close() }
        let original = try pty.slaveAttributes()
        #expect(original.isCanonicalWithEcho, "a new pty starts in canonical mode with echo")
        let child = try SpawnedProcess(path: path, terminal: pty.slave, environment: Self.environment)
        defer { child.killAndReap() }
        try pty.waitFor("the demo's prompt") { $0.cursorLine == "demo>" && $0.cursor.column == 6 }
        #expect(pollUntil(timeout: .seconds(10)) { (try? pty.slaveAttributes())?.isRaw == true },
                "the editor waits for input in raw mode: \((try? pty.slaveAttributes())?.modeDescription ?? "?")")
        try pty.send("hello\r")
        try pty.waitFor("the answer and a new prompt") { screen in
            screen.nonEmptyLines == ["demo> hello", "got: hello", "demo>"] && screen.cursor == .init(row: 2, column: 6)
        }
        #expect(pollUntil(timeout: .seconds(10)) { (try? pty.slaveAttributes())?.isRaw == true }, "raw again at the prompt")
        try body(pty, child, original)
    }

    @Test("The terminal's mode is restored when the process is killed", .timeLimit(.minutes(1)),
          arguments: [SIGTERM, SIGINT, SIGHUP])
    func terminalModeIsRestoredAfterASignal(signal: Int32) throws {
        try withDemo { pty, child, original in
            try pty.send("half typed")
            try pty.waitFor("the half-typed line") { $0.cursorLine == "demo> half typed" }
            child.send(signal)
            let status = try #require(child.waitForExit(timeout: .seconds(10)), "the demo did not exit after signal \(signal)")
            let after = try pty.slaveAttributes()
            #expect(after.isCanonicalWithEcho, "after signal \(signal) (\(SpawnedProcess.describe(status))): \(after.modeDescription)")
            #expect(after.c_lflag == original.c_lflag && after.c_iflag == original.c_iflag && after.c_oflag == original.c_oflag,
                    "the original mode is restored exactly: before \(original.modeDescription), after \(after.modeDescription)")
            // The terminal modes the editor turned on are off again.
            try pty.waitFor("bracketed paste off and the cursor shown") { !$0.bracketedPasteEnabled && $0.cursorVisible }
            // The conventional ending: restore, then die of the same signal, so the parent shell sees it.
            #expect(status & 0x7F == signal, "the demo \(SpawnedProcess.describe(status)), expected to be killed by signal \(signal)")
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
            child.send(SIGCONT)
            try pty.waitFor("the prompt and the half-typed line drawn again below") {
                $0.cursorLine == "demo> abc" && $0.cursor == .init(row: 3, column: 9) && $0.bracketedPasteEnabled
            }
            #expect(pollUntil(timeout: .seconds(10)) { (try? pty.slaveAttributes())?.isRaw == true }, "raw again after SIGCONT")
            try pty.send("d\r")
            try pty.waitFor("the resumed entry answered") { $0.lines[4] == "got: abcd" && $0.cursorLine == "demo>" }
        }
    }

    @Test("The terminal's mode is restored after Ctrl-D", .timeLimit(.minutes(1)))
    func terminalModeIsRestoredAfterEndOfFile() throws {
        try withDemo { pty, child, original in
            try pty.send(Key.ctrlD)
            let status = try #require(child.waitForExit(timeout: .seconds(10)), "the demo did not exit after Ctrl-D")
            #expect(status == 0, "\(SpawnedProcess.describe(status))")
            let after = try pty.slaveAttributes()
            #expect(after.c_lflag == original.c_lflag && after.c_iflag == original.c_iflag && after.c_oflag == original.c_oflag,
                    "before \(original.modeDescription), after \(after.modeDescription)")
        }
    }
}
}
