// The console always knows where it stands: a service killed under it is noticed at once (no request in flight)
// and reported once; a script attached to it ends with a non-zero status; a stopped service makes a request fail
// with the request timeout's message, and the console recovers when it continues (the late answer is skipped); a
// command made while another request waits for the stopped service fails within its own timeout and is never sent.
import Foundation
import Glibc
import Testing
import TestSupport
@testable import Console
@testable import TraceAgent
import TraceSystem

@Suite(.serialized) struct LostServiceTests {
    /// A service attached (answers within 2 s) that answered once and is now stopped (SIGSTOP).
    static func stoppedService(_ dir: TemporaryDirectory) throws -> (TestHost, RemoteBackend) {
        let host = try TestHost(directory: dir)
        let remote = try RemoteBackend.connect(path: host.socketPath, timeout: .seconds(10), responseTimeout: .seconds(2))
        guard case .programs = remote.perform(.listPrograms) else { throw TestFailure("the first request failed") }
        host.process.send(signal: SIGSTOP)
        guard host.process.waitForStop(timeout: .seconds(60)) else { throw TestFailure("the service did not stop") }
        return (host, remote)
    }

    /// The program names from the first `listPrograms` answered (asked again and again), or nil if none was.
    static func programsOnceItAnswers(_ remote: RemoteBackend) -> [String]? {
        var programs: [String]?
        _ = waitUntil(timeout: .seconds(60), every: .milliseconds(100)) {
            if case .programs(let list) = remote.perform(.listPrograms) { programs = list.map(\.name) }
            return programs != nil
        }
        return programs
    }

    @Test func aKilledServiceIsNoticedWithoutARequest() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let remote = try RemoteBackend.connect(path: host.socketPath, timeout: .seconds(10))
        defer { remote.close() }
        let notices = Lock<[String]>([])
        remote.onLost { line in notices.withLock { $0.append(line) } }
        host.process.send(signal: SIGKILL)
        #expect(waitUntil(timeout: .seconds(60)) { !notices.withLock { $0 }.isEmpty })
        #expect(notices.withLock { $0 } == ["service \(host.pid) (AttachTestHost) exited; programs gone"])
        guard case .failure(let error) = remote.perform(.listPrograms) else {
            Issue.record("a request after the loss succeeded")
            return
        }
        #expect(error.description.hasPrefix("not connected to pid \(host.pid)"))
        #expect(notices.withLock { $0 }.count == 1, "reported once")
    }

    @Test func anAttachedScriptEndsWhenTheServiceIsKilled() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let script = dir.path + "/long.trace"
        try "program lost { attachtest:::tick { @n = count(); } }\nsleep 10m\nshow\n".write(toFile: script, atomically: true, encoding: .utf8)
        let console = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                       arguments: ["attach", String(host.pid), "--socket", host.socketPath, "--script", script])
        defer { console.killAndReap() }
        #expect(console.waitForErrorOutput("program 'lost' enabled"), "\(console.errorOutput)")
        host.process.send(signal: SIGKILL)
        #expect(console.waitForExit(timeout: .seconds(120)) == 1, "the script ends (not after its 10 minutes) with a failure")
        let lines = console.errorOutput.split(separator: "\n")
        #expect(lines.filter { $0 == "service \(host.pid) (AttachTestHost) exited; programs gone" }.count == 1, "\(console.errorOutput)")
        #expect(!console.errorOutput.contains("Broken pipe"))
    }

    @Test func aStoppedServiceTimesOutAndTheConsoleRecovers() throws {
        let dir = try TemporaryDirectory()
        let (host, remote) = try Self.stoppedService(dir)
        defer { remote.close() }
        guard case .failure(let error) = remote.perform(.listPrograms) else {
            Issue.record("a stopped service answered")
            return
        }
        #expect(error.description == "service \(host.pid) did not answer within 2s (stopped or hung?); its late answer will be skipped")
        host.process.send(signal: SIGCONT)
        #expect(Self.programsOnceItAnswers(remote) != nil, "requests work again once the service continues")
        #expect(remote.isConnected)
    }

    @Test func aCommandBehindAnotherRequestToAStoppedServiceFailsAndIsNeverSent() throws {
        let dir = try TemporaryDirectory()
        let (host, remote) = try Self.stoppedService(dir)
        defer { remote.close() }
        // The output pump's request is in flight when the user's command is made.
        let pump = WorkerThread(name: "pump") { _ = remote.perform(.drainOutput) }
        #expect(waitUntil(timeout: .seconds(60), every: .milliseconds(1)) { remote.isBusy })
        let response = remote.perform(.define(name: "late", source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false))
        pump.join()
        guard case .failure(let error) = response else {
            Issue.record("a stopped service answered")
            return
        }
        #expect(error.description == "service \(host.pid) did not answer within 2s (stopped or hung?)")
        host.process.send(signal: SIGCONT)
        let programs = Self.programsOnceItAnswers(remote)
        #expect(programs == [], "the command the user was told had failed never reached the service")
    }

    @Test func ctrlCAbandonsARequestToAStoppedService() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let remote = try RemoteBackend.connect(path: host.socketPath, timeout: .seconds(10), responseTimeout: .seconds(600))
        defer { remote.close() }
        host.process.send(signal: SIGSTOP)
        #expect(host.process.waitForStop(timeout: .seconds(60)))
        defer { host.process.send(signal: SIGCONT) }
        let interruption = Interruption()
        interruption.onInterrupt { remote.abandonRequest() }
        // Ctrl-C pressed (again and again, as a user would) until the request gives up.
        let done = Lock(false)
        let presser = WorkerThread(name: "ctrl-c") {
            while !done.withLock({ $0 }) {
                usleep(200_000)
                interruption.interrupt()
            }
        }
        let response = remote.perform(.listPrograms)
        done.withLock { $0 = true }
        presser.join()
        guard case .failure(let error) = response else {
            Issue.record("a stopped service answered")
            return
        }
        #expect(error.description.hasPrefix("interrupted while waiting for pid \(host.pid)"))
        // The next entry: requests wait again, and once the service continues the abandoned answer is skipped.
        remote.resetAbandoned()
        host.process.send(signal: SIGCONT)
        #expect(Self.programsOnceItAnswers(remote) != nil)
        #expect(remote.isConnected)
    }
}
