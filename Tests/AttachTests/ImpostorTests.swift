// A local user cannot impersonate a service: a socket named after the victim's pid, in a directory another uid
// owns, is refused when found by searching and when named with --socket (the listening process is checked with
// SO_PEERCRED), nothing it sends reaches the terminal, and `list` shows only the real agent. A service whose agent
// cannot start says why and does not advertise attach.
import Foundation
import Glibc
import Testing
import TestSupport
@testable import Console
@testable import TraceAgent
import TraceSystem

@Suite(.serialized) struct ImpostorTests {
    @Test(.enabled(if: getuid() == 0, "needs root to play another user"))
    func anImpostorsSocketIsRefusedNamingWhatDidNotMatch() throws {
        let dir = try TemporaryDirectory(mode: 0o777)   // like /tmp: another user may create a directory in it
        let victim = try TestHost(directory: dir)
        let realDirectory = dir.path + "/agents"
        let fakeDirectory = dir.path + "/trace-console-0"
        let impostor = try ChildProcess(path: try ChildProcess.executable("CoHostTestHost"),
                                        arguments: ["--impostor", "65534", fakeDirectory, String(victim.pid)])
        defer { impostor.killAndReap() }
        #expect(impostor.waitForOutput("ready "), "\(impostor.errorOutput)")
        let fakeSocket = fakeDirectory + "/\(victim.pid).sock"
        var s = stat()
        #expect(lstat(fakeSocket, &s) == 0 && s.st_uid == 65534, "the impostor's socket is there, owned by uid 65534")

        // Searching: the impostor's directory comes first and is skipped; the real agent is found.
        #expect(try AgentVerification.find(pid: victim.pid, directories: [fakeDirectory, realDirectory]) == victim.socketPath)
        // Only the impostor's: refused, saying why.
        #expect {
            _ = try AgentVerification.find(pid: victim.pid, directories: [fakeDirectory])
        } throws: { error in
            "\(error)" == "refusing every socket found for pid \(victim.pid): \(fakeSocket): "
                + "\(fakeDirectory) belongs to uid 65534, but pid \(victim.pid) runs as uid 0"
        }

        // Named with --socket: the listening process is not the victim; nothing of the impostor's is printed.
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", String(victim.pid), "--socket", fakeSocket, "--plain", "--no-history"])
        client.closeInput()
        #expect(client.waitForExit() == 1)
        #expect(client.errorOutput == "trace-console: cannot attach to pid \(victim.pid): refusing \(fakeSocket): the process listening "
                + "there is not pid \(victim.pid): its pid is \(impostor.pid), not \(victim.pid) and its uid is 65534, not 0 (the uid of pid \(victim.pid))\n")
        #expect(!client.output.contains("\u{1B}") && !client.errorOutput.contains("\u{1B}"))

        // `list` shows the real agent only.
        let listed = AttachableProcess.list(directories: [fakeDirectory, realDirectory])
        #expect(listed.map(\.socketPath) == [victim.socketPath])
        #expect(listed.first?.state == .live)
    }

    @Test func agentTextIsShownWithControlCharactersEscaped() {
        #expect(AgentVerification.escapingControls("svc\u{1B}]0;pwned\u{07}\u{1B}[2J") == "svc\\u{1b}]0;pwned\\u{7}\\u{1b}[2J")
        #expect(AgentVerification.escapingControls("a\nb\tc\u{9B}", keepLines: true) == "a\nb\tc\\u{9b}")
    }

    @Test func aServiceWhoseAgentCannotStartSaysWhyAndDoesNotAdvertiseAttach() throws {
        let dir = try TemporaryDirectory()
        // A symlink where the agent's directory goes, as another user could leave it.
        #expect(mkdir(dir.path + "/elsewhere", 0o700) == 0)
        #expect(symlink(dir.path + "/elsewhere", dir.path + "/trace-console") == 0)
        let service = try ChildProcess(path: try ChildProcess.executable("orderbook"), arguments: ["--no-console", "--duration", "10m"],
                                       environment: ["XDG_RUNTIME_DIR": dir.path])
        defer { service.killAndReap() }
        #expect(service.waitForErrorOutput("orders/s"), "\(service.errorOutput)")
        let firstLines = service.errorOutput.split(separator: "\n").prefix(2).map(String.init)
        #expect(firstLines.first == "orderbook: the trace agent could not start: \(dir.path)/trace-console is not a directory "
                + "(a symlink or file there is refused); consoles cannot attach to this process")
        #expect(!service.errorOutput.contains("attach with"))
    }
}
