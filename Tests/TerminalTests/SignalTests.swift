// Signals and process exit while a terminal is raw. Each test runs in a child process of its own (an exit test):
// restoring "every raw terminal" in this process would also restore the ptys of tests running alongside.
import Glibc
import TestSupport
import Testing
@testable import Terminal

private let ignoreSignal: @convention(c) (Int32) -> Void = { _ in }

private func localFlags(_ fd: Int32) -> tcflag_t {
    var t = termios()
    tcgetattr(fd, &t)
    return t.c_lflag
}

/// In a child process: a pty whose slave is raw; returns (the pty, slave, cooked flags) or exits with 3.
private func rawPTY() -> (pty: PseudoTerminal, slave: Int32, cooked: tcflag_t, raw: RawMode) {
    guard let pty = try? PseudoTerminal() else { exit(3) }
    let slave = pty.slave
    let cooked = localFlags(slave)
    let raw = RawMode(inputFD: slave, outputFD: slave)
    guard (try? raw.enter()) != nil, localFlags(slave) & tcflag_t(ICANON | ECHO) == 0 else { exit(3) }
    return (pty, slave, cooked, raw)
}

@Suite struct SignalTests {
    @Test func aSignalWhileRawRestoresTheTerminalThenGoesToThePreviousHandler() async {
        await #expect(processExitsWith: .success) {
            // SIGHUP's previous action is a harmless handler, so the process survives the re-raise.
            var quiet = sigaction()
            quiet.__sigaction_handler.sa_handler = ignoreSignal
            sigemptyset(&quiet.sa_mask)
            sigaction(SIGHUP, &quiet, nil)
            let p = rawPTY()
            // Process-directed, as from `kill -HUP` (the test's worker threads block signals).
            kill(getpid(), SIGHUP)
            for _ in 0..<400 where localFlags(p.slave) != p.cooked { usleep(5_000) }
            guard localFlags(p.slave) == p.cooked else { exit(1) }
            // It also turned bracketed paste off and showed the cursor.
            let expected = Array("\u{1B}[?2004l\u{1B}[?2026l\u{1B}[?25h".utf8)
            _ = waitUntil(timeout: .seconds(10)) { p.pty.received.count >= expected.count }
            guard p.pty.received == expected else { exit(2) }
            exit(0)
        }
    }

    @Test func sigtermWhileRawStillTerminatesTheProcess() async {
        await #expect(processExitsWith: .signal(SIGTERM)) {
            _ = rawPTY()
            kill(getpid(), SIGTERM)
            sleep(5)
            exit(5)  // not reached: the default action ends the process
        }
    }

    @Test func exitRestoresARawTerminal() async {
        await #expect(processExitsWith: .success) {
            let p = rawPTY()
            SignalHandling.restoreAllRawTerminals()  // what the atexit hook runs
            guard localFlags(p.slave) == p.cooked else { exit(1) }
            p.raw.leave()  // idempotent with the hook
            guard localFlags(p.slave) == p.cooked else { exit(2) }
            exit(0)
        }
    }
}
