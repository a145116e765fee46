// trace-console as an operator runs it: attach by pid alone (the socket found through XDG_RUNTIME_DIR),
// --script with --duration and --json, detach --keep from the console, and list.
import Foundation
import Glibc
import TestSupport
import Testing
@testable import Console
@testable import TraceAgent

@Suite(.serialized) struct TraceConsoleToolTests {
    @Test func attachScriptDurationJSONFindsTheSocketByPid() throws {
        let runtimeDir = try TemporaryDirectory()
        let env = ["XDG_RUNTIME_DIR": runtimeDir.path]
        let host = try TestHost(environment: env)
        #expect(host.socketPath == runtimeDir.path + "/trace-console/\(host.pid).sock")
        let script = runtimeDir.path + "/script.trace"
        try "program c { attachtest:::tick { @ticks = count(); @kinds[probename] = count(); } }\nsleep 200ms\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", String(host.pid), "--script", script, "--duration", "500ms", "--json"],
                                      environment: env)
        #expect(client.waitForExit() == 0, "stderr: \(client.errorOutput)")
        let lines = client.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "stdout: \(client.output)")
        #expect(lines.allSatisfy { $0.hasPrefix("{\"program\": \"c\", \"aggregation\": ") })
        #expect(lines.contains { $0.contains("\"aggregation\": \"kinds\"") && $0.contains("[\"tick\"]") })
        #expect(client.errorOutput.contains("attached to pid \(host.pid) (AttachTestHost), 3 probes"))
        #expect(client.errorOutput.contains("program 'c' enabled: matched 1 probe"))
        #expect(waitUntil { (try? host.programNames()) == [] }, "the script's program is deleted at its end")

        // list finds it the same way.
        let list = try ChildProcess(path: try ChildProcess.executable("trace-console"), arguments: ["list"], environment: env)
        #expect(list.waitForExit() == 0)
        // Other services of this user may be listed too (and widen the columns): compare fields.
        let row = ["\(host.pid)", "AttachTestHost", "live,", "3", "probes", host.socketPath]
        #expect(list.output.split(separator: "\n").contains { $0.split(separator: " ").map(String.init) == row }, "list: \(list.output)")
    }

    @Test func aConsoleWhoseServiceWentAwayNamesTheServiceRunningAgain() throws {
        let runtimeDir = try TemporaryDirectory()
        let env = ["XDG_RUNTIME_DIR": runtimeDir.path]
        let gone = try TestHost(environment: env)
        let script = runtimeDir.path + "/long.trace"
        try "program lost { attachtest:::tick { @n = count(); } }\nsleep 10m\n".write(toFile: script, atomically: true, encoding: .utf8)
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", String(gone.pid), "--script", script], environment: env)
        defer { client.killAndReap() }
        #expect(client.waitForErrorOutput("program 'lost' enabled"), "\(client.errorOutput)")
        // The service is restarted: the old process is killed, a new one (another pid) starts.
        let again = try TestHost(environment: env)
        gone.process.send(signal: SIGKILL)
        #expect(client.waitForExit(timeout: .seconds(120)) == 1)
        let lines = client.errorOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("service \(gone.pid) (AttachTestHost) exited; programs gone"), "\(client.errorOutput)")
        #expect(lines.contains { $0.hasPrefix("AttachTestHost is running ") && $0.contains("\(again.pid)") }, "\(client.errorOutput)")

        // The same hint's other forms.
        let live = { (pid: Int32) in AttachableProcess(pid: pid, socketPath: "", execname: "orderbook", probes: 3, state: .live) }
        #expect(AttachableProcess.reattachHint(execname: "orderbook", gonePID: 7, among: [live(7)])
                == "no other orderbook can be attached to now; trace-console list shows the services that can\n")
        #expect(AttachableProcess.reattachHint(execname: "orderbook", gonePID: 7, among: [live(7), live(9)])
                == "orderbook is running again as pid 9: trace-console attach 9 attaches to it\n")
        #expect(AttachableProcess.reattachHint(execname: "orderbook", gonePID: 7, among: [live(12), live(9)])
                == "orderbook is running as pids 9, 12: trace-console attach PID attaches to one\n")
    }

    @Test func aServiceLinkingOnlyTraceCoreAndTraceAgentIsAttachable() throws {
        // AttachTestHost links TraceCore and TraceAgent only: no symbol of Console or Terminal is in it.
        let binary = try ChildProcess.executable("AttachTestHost")
        let image = try Data(contentsOf: URL(fileURLWithPath: binary))
        func contains(_ text: String) -> Bool { image.range(of: Data(text.utf8)) != nil }
        #expect(contains("s10TraceAgent"), "the agent's symbols are there")
        #expect(!contains("s7Console"), "no Console code")
        #expect(!contains("s8Terminal"), "no Terminal code")

        // trace-console attaches to it.
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", String(host.pid), "--socket", host.socketPath, "--plain", "--no-history"])
        client.write("program c { attachtest:::tick { @n = count(); } }\ndetach\n")
        #expect(client.waitForExit() == 0, "stderr: \(client.errorOutput)")
        #expect(client.errorOutput.contains("detached from pid \(host.pid) (AttachTestHost); disabled and deleted: c"), "stderr: \(client.errorOutput)")
    }

    @Test func detachKeepFromTheConsole() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", String(host.pid), "--socket", host.socketPath, "--plain", "--no-history"])
        client.write("program stay { attachtest:::tick { @n = count(); } }\nprogram go { attachtest:::entry { @n = count(); } }\n")
        client.write("delete go\nprogram go2 { attachtest:::entry { @n = count(); } }\ndetach --keep\n")
        #expect(client.waitForExit() == 0, "stderr: \(client.errorOutput)")
        #expect(client.errorOutput.contains("detached from pid \(host.pid) (AttachTestHost); left enabled: go2, stay"), "stderr: \(client.errorOutput)")
        #expect(try host.programNames() == ["stay", "go2"])
        // The console left: the end of its input is not the end of the kept programs' tracing, so it prints none of
        // their aggregations (a script that ends while attached does).
        #expect(client.output == "", "stdout: \(client.output)")
    }

    @Test func attachToNothingFailsClearly() throws {
        let dir = try TemporaryDirectory()
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", "4000000", "--socket", dir.path + "/4000000.sock"])
        #expect(client.waitForExit() == 1)
        #expect(client.errorOutput.contains("cannot attach to pid 4000000: connect \(dir.path)/4000000.sock: No such file or directory"),
                "stderr: \(client.errorOutput)")
        let usage = try ChildProcess(path: try ChildProcess.executable("trace-console"), arguments: ["attach"])
        #expect(usage.waitForExit() == 2)
        #expect(usage.errorOutput.contains("attach needs a process id"))
    }
}
