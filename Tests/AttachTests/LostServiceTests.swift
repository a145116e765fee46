// The console always knows where it stands: a service killed under it is noticed at once (no request in flight)
// and reported once; a script attached to it ends with a non-zero status; a stopped service makes a request fail
// with the request timeout's message, and the console recovers when it continues (the late answer is skipped).
import Foundation
import Glibc
import Testing
import TestSupport
@testable import Console
@testable import TraceAgent
import TraceSystem

@Suite(.serialized) struct LostServiceTests {
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
        let host = try TestHost(directory: dir)
        let remote = try RemoteBackend.connect(path: host.socketPath, timeout: .seconds(10), responseTimeout: .seconds(2))
        defer { remote.close() }
        guard case .programs = remote.perform(.listPrograms) else { Issue.record("the first request failed"); return }
        host.process.send(signal: SIGSTOP)
        #expect(host.process.waitForStop(timeout: .seconds(60)))
        guard case .failure(let error) = remote.perform(.listPrograms) else {
            Issue.record("a stopped service answered")
            return
        }
        #expect(error.description == "service \(host.pid) did not answer within 2s (stopped or hung?); its late answer will be skipped")
        host.process.send(signal: SIGCONT)
        var answered = false
        #expect(waitUntil(timeout: .seconds(60), every: .milliseconds(100)) {
            if case .programs = remote.perform(.listPrograms) { answered = true }
            return answered
        }, "requests work again once the service continues")
        #expect(remote.isConnected)
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
        var answered = false
        #expect(waitUntil(timeout: .seconds(60), every: .milliseconds(100)) {
            if case .programs = remote.perform(.listPrograms) { answered = true }
            return answered
        })
        #expect(remote.isConnected)
    }
}
