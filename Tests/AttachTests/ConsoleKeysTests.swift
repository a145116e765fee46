// Keys that must never hurt the service, on a real pseudo-terminal that is the controlling terminal of the
// process (so a Ctrl-C left to the terminal would be SIGINT): Ctrl-C during `sleep 30s` returns to the prompt
// and the service keeps firing, co-hosted and attached; Ctrl-Z in a co-hosted console says why it does not stop;
// Ctrl-C stops a long `show` that is still printing;
// Ctrl-Z in `trace-console attach` under a job-control shell stops the console alone, and `fg` brings its prompt back.
import Foundation
import Glibc
import Testing
import TestSupport
@testable import Console
import TraceSystem

@Suite(.serialized) struct ConsoleKeysTests {
    static let environment = ["TERM": "xterm-256color", "HOME": "/tmp", "LANG": "C"]

    /// The value of the last `@n: N` line on the screen (scrollback included).
    static func lastCount(_ screen: ScreenModel) -> Int? {
        screen.allLines.last { $0.hasPrefix("@n: ") }.flatMap { Int($0.dropFirst(4).trimmingCharacters(in: .whitespaces)) }
    }

    /// Types `show @n` until the count shown is above `floor`: the probes fire.
    static func expectFiring(_ pty: PseudoTerminal, above floor: Int) throws -> Int {
        var seen = 0
        try pty.send("show @n\r")
        let ok = waitUntil(timeout: .seconds(60), every: .milliseconds(300)) {
            seen = lastCount(pty.screen) ?? 0
            if seen > floor { return true }
            try? pty.send("show @n\r")
            return false
        }
        #expect(ok, "the count grows past \(floor): \(pty.screen.dump)")
        return seen
    }

    /// A service co-hosting its console on `pty` (its controlling terminal), at the prompt.
    static func coHostedConsole(_ pty: PseudoTerminal, _ dir: TemporaryDirectory) throws -> ChildProcess {
        let host = try pty.spawn(try ChildProcess.executable("CoHostTestHost"),
                                 arguments: ["--terminal", "--socket-dir", dir.path + "/agents"], environment: environment)
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" }
        return host
    }

    /// Types a program and waits until it is enabled.
    static func define(_ pty: PseudoTerminal, _ source: String, named name: String) throws {
        try pty.send(source + "\r")
        try pty.waitFor("the program") { $0.allLines.contains("program '\(name)' enabled: matched 1 probe") }
    }

    /// Ctrl-C during `sleep 30s`, then the prompt is back (the hang guard is minutes, the sleep 30 s).
    static func interruptSleep(_ pty: PseudoTerminal) throws {
        try pty.send("sleep 30s\r")
        try pty.waitFor("the sleep to start") { $0.allLines.contains("trace> sleep 30s") && !$0.cursorLine.hasPrefix("trace>") }
        try pty.send([0x03])
        try pty.waitFor("^C and the prompt", timeout: .seconds(25)) { screen in
            screen.allLines.contains("^C (sleep 30s interrupted; the service and its programs keep running)") && screen.cursorLine == "trace>"
        }
    }

    @Test func ctrlCInACoHostedConsoleInterruptsTheCommandNotTheService() throws {
        let dir = try TemporaryDirectory()
        let pty = try PseudoTerminal(rows: 30, columns: 120)
        defer { pty.close() }
        let host = try Self.coHostedConsole(pty, dir)
        defer { host.killAndReap() }
        try Self.define(pty, "program keys { attachtest:::tick { @n = count(); } }", named: "keys")
        let before = try Self.expectFiring(pty, above: 0)
        try Self.interruptSleep(pty)
        #expect(host.termination == nil, "the service is still running")
        _ = try Self.expectFiring(pty, above: before)

        // Ctrl-Z at the prompt: one line saying why, and the service goes on.
        try pty.send([0x1A])
        try pty.waitFor("the refusal") { $0.allLines.contains { $0.hasPrefix("Ctrl-Z would stop the whole service (pid \(host.pid))") } }
        let after = try Self.expectFiring(pty, above: before)
        #expect(host.termination == nil)
        try pty.send("quit\r")
        #expect(host.waitForExit(timeout: .seconds(60)) == 0)
        _ = after
    }

    @Test func ctrlCInAnAttachedConsoleInterruptsTheCommandAndKeepsItsPrograms() throws {
        let dir = try TemporaryDirectory()
        let service = try TestHost(directory: dir)
        let pty = try PseudoTerminal(rows: 30, columns: 120)
        defer { pty.close() }
        let console = try pty.spawn(try ChildProcess.executable("CoHostTestHost"),
                                    arguments: ["--exec", try ChildProcess.executable("trace-console"), "attach", String(service.pid),
                                                "--socket", service.socketPath, "--no-history"],
                                    environment: Self.environment)
        defer { console.killAndReap() }
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" }
        try Self.define(pty, "program keys { attachtest:::tick { @n = count(); } }", named: "keys")
        let before = try Self.expectFiring(pty, above: 0)
        try Self.interruptSleep(pty)
        #expect(console.termination == nil, "the console is still running")
        #expect(try service.programNames() == ["keys"])
        _ = try Self.expectFiring(pty, above: before)
        try pty.send("quit\r")
        #expect(console.waitForExit(timeout: .seconds(60)) == 0)
    }

    @Test func ctrlZInAnAttachedConsoleSuspendsItUnderTheShellAndFgBringsThePromptBack() throws {
        let dir = try TemporaryDirectory()
        let service = try TestHost(directory: dir)
        let pty = try PseudoTerminal(rows: 30, columns: 120)
        defer { pty.close() }
        var environment = Self.environment
        environment["PS1"] = "shell$ "
        environment["PATH"] = "/usr/bin:/bin"
        let shell = try pty.spawn(try ChildProcess.executable("CoHostTestHost"),
                                  arguments: ["--exec", "/bin/bash", "--norc", "--noprofile", "-i"], environment: environment)
        defer { shell.killAndReap() }
        try pty.waitFor("the shell's prompt") { $0.cursorLine == "shell$" }
        try pty.send(try ChildProcess.executable("trace-console") + " attach \(service.pid) --socket \(service.socketPath) --no-history\r")
        try pty.waitFor("the console's prompt") { $0.cursorLine == "trace>" }
        try Self.define(pty, "program keys { attachtest:::tick { @n = count(); } }", named: "keys")
        let before = try Self.expectFiring(pty, above: 0)

        // Ctrl-Z at the prompt: the shell reports the console stopped and prompts; the service goes on.
        try pty.send([0x1A])
        try pty.waitFor("the shell's job report and prompt") { screen in
            screen.allLines.contains { $0.hasPrefix("[1]+") && $0.contains("Stopped") } && screen.cursorLine == "shell$"
        }
        #expect(service.process.termination == nil, "the service is still running")
        #expect(try service.programNames() == ["keys"], "the stopped console's program stays")

        // fg: the console's prompt is back, in raw mode (Ctrl-C is a key again), and the count has grown.
        try pty.send("fg\r")
        try pty.waitFor("the console's prompt again") { $0.cursorLine == "trace>" }
        #expect(try pty.slaveAttributes().c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0, "raw mode again")
        _ = try Self.expectFiring(pty, above: before)
        try pty.send("quit\r")
        try pty.waitFor("the shell's prompt after quit") { $0.cursorLine == "shell$" }
        try pty.send("exit\r")
        #expect(shell.waitForExit(timeout: .seconds(60)) != nil)
    }

    @Test func ctrlCStopsALongShowInACoHostedConsole() throws {
        let dir = try TemporaryDirectory()
        let pty = try PseudoTerminal(rows: 30, columns: 120)
        defer { pty.close() }
        let host = try Self.coHostedConsole(pty, dir)
        defer { host.killAndReap() }
        // 3 000 keyed histograms: about a megabyte of output.
        try Self.define(pty, "program big { attachtest:::tick { @x[n % 3000] = quantize(n); @n = count(); } }", named: "big")
        let before = try Self.expectFiring(pty, above: 3000)

        // A slow terminal: the output stops being read once it has begun, so the console is still printing when
        // Ctrl-C arrives.
        pty.pauseReading { $0.allLines.contains("@x:") }
        try pty.send("show @x\r")
        #expect(waitUntil(timeout: .seconds(120)) { pty.isPaused }, "the show's output began")
        try pty.send([0x03])
        #expect(waitUntil(timeout: .seconds(60)) { pty.unreadInput == 0 }, "the console read the Ctrl-C")
        pty.resumeReading()
        let notice = try pty.waitFor("^C and the prompt", timeout: .seconds(60)) { screen in
            screen.allLines.contains { $0.hasPrefix("^C (show @x interrupted after ") } && screen.cursorLine == "trace>"
        }.allLines.first { $0.hasPrefix("^C (show @x interrupted after ") } ?? ""
        // `^C (show @x interrupted after N of M lines; the service and its programs keep running)`
        let numbers = notice.split(separator: " ").compactMap { Int($0) }
        #expect(numbers.count == 2 && numbers[0] < numbers[1], "the output was cut: \(notice)")
        #expect(notice.hasSuffix(" lines; the service and its programs keep running)"))
        #expect(host.termination == nil, "the service is still running")
        _ = try Self.expectFiring(pty, above: before)
        try pty.send("quit\r")
        #expect(host.waitForExit(timeout: .seconds(60)) == 0)
    }
}
