// Attaching to a service in another process: define a program, read its aggregation, detach; detach --keep;
// two consoles at once; the per-connection limits; the socket's life (removed at exit, stale after a kill).
import Foundation
import Glibc
import TestSupport
import Testing
import TraceCore
@testable import Console
@testable import TraceAgent

@Suite(.serialized) struct AttachSessionTests {
    /// The count of `@n` in program `name`, read through `backend`.
    func count(_ backend: RemoteBackend, program: String, aggregation: String = "n") -> Int64? {
        guard case .snapshots(let list) = backend.perform(.aggregation(program: program, name: aggregation)),
              let snapshot = list.first else { return nil }
        guard case .scalar(let n)? = snapshot.entries.first?.value else { return 0 }
        return n
    }

    @Test func defineReadAggregationAndDetach() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let console = try host.attach()
        #expect(console.server.pid == host.pid)
        #expect(console.server.probes == 3)
        #expect(console.server.execname == "AttachTestHost")

        guard case .probes(let probes) = console.perform(.listProbes(pattern: "attachtest:::")) else {
            Issue.record("listProbes failed"); return
        }
        #expect(probes.map(\.name) == ["entry", "return", "tick"])

        let defined = console.perform(.define(name: "lat", source: "attachtest:loop:work:return { @n = count(); @lat = quantize(elapsed); }", allowZeroMatches: false))
        #expect(defined == .defined(DefinitionInfo(name: "lat", matchedProbes: 1, replaced: false, enabled: true)))
        #expect(waitUntil { (count(console, program: "lat") ?? 0) > 100 }, "the service's probe fires into the program")
        guard case .snapshots(let all) = console.perform(.aggregations(program: "lat")) else {
            Issue.record("aggregations failed"); return
        }
        #expect(all.map(\.name).sorted() == ["lat", "n"])

        let result = try console.detach(keep: false)
        #expect(result == DetachResult(kept: [], removed: ["lat"]))
        console.close()
        #expect(try host.programNames() == [])
        #expect(host.process.isRunning)
    }

    @Test func quitWithoutDetachFreesPrograms() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        do {
            let console = try host.attach()
            _ = console.perform(.define(name: "a", source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false))
            _ = console.perform(.define(name: nil, source: "attachtest:::entry { @n = count(); }", allowZeroMatches: false))
            #expect(try host.programNames().sorted() == ["a", "p1"])
            console.close()
        }
        #expect(waitUntil { (try? host.programNames()) == [] }, "programs of a closed connection are deleted")
    }

    @Test func detachKeepLeavesProgramsEnabled() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let first = try host.attach()
        _ = first.perform(.define(name: "kept", source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false))
        #expect(try first.detach(keep: true) == DetachResult(kept: ["kept"], removed: []))
        first.close()

        let second = try host.attach()
        defer { second.close() }
        guard case .programs(let list) = second.perform(.listPrograms) else { Issue.record("listPrograms"); return }
        #expect(list.map(\.name) == ["kept"])
        #expect(list.first?.enabled == true)
        let before = count(second, program: "kept") ?? 0
        #expect(waitUntil { (count(second, program: "kept") ?? 0) > before }, "a kept program keeps counting")
        // Nobody owns it now: the second console's exit leaves it alone, and it may delete it explicitly.
        #expect(second.perform(.stopAll) == .done)
        #expect(try host.programNames() == ["kept"])
        #expect(second.perform(.delete(program: "kept")) == .done)
    }

    @Test func twoConsolesSeeEachOthersProgramsButCleanUpOnlyTheirOwn() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let a = try host.attach()
        let b = try host.attach()
        defer { b.close() }
        _ = a.perform(.define(name: "fromA", source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false))
        _ = b.perform(.define(name: "fromB", source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false))
        guard case .programs(let seenByB) = b.perform(.listPrograms) else { Issue.record("listPrograms"); return }
        #expect(seenByB.map(\.name) == ["fromA", "fromB"])
        #expect(waitUntil { (count(b, program: "fromA") ?? 0) > 0 }, "b reads a's aggregation")
        // a's exit (stopAll, then close) touches only a's program.
        #expect(a.perform(.stopAll) == .done)
        guard case .programs(let afterStop) = b.perform(.listPrograms) else { Issue.record("listPrograms"); return }
        #expect(afterStop.map { "\($0.name)=\($0.enabled)" } == ["fromA=false", "fromB=true"])
        a.close()
        #expect(waitUntil { (try? host.programNames()) == ["fromB"] })
    }

    @Test func outputGoesToTheConsoleThatOwnsTheProgram() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let a = try host.attach()
        let b = try host.attach()
        defer { a.close(); b.close() }
        _ = a.perform(.define(name: "talk", source: "attachtest:::tick /n % 50 == 0/ { printf(\"tick %d\\n\", n); }", allowZeroMatches: false))
        var textA: [String] = []
        #expect(waitUntil {
            if case .output(let records) = a.perform(.drainOutput) {
                textA += records.compactMap { if case .text(let s) = $0.kind { return s } else { return nil } }
            }
            return textA.count >= 3
        })
        #expect(textA.allSatisfy { $0.hasPrefix("tick ") })
        guard case .output(let forB) = b.perform(.drainOutput) else { Issue.record("drainOutput"); return }
        #expect(forB.isEmpty, "another console's printf output is not sent to b")
    }

    @Test func programLimitPerConnection() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir, extra: ["--max-programs", "2"])
        let console = try host.attach()
        defer { console.close() }
        #expect(console.server.limits.programs == 2)
        for name in ["one", "two"] {
            guard case .defined = console.perform(.define(name: name, source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false)) else {
                Issue.record("define \(name)"); return
            }
        }
        let third = console.perform(.define(name: "three", source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false))
        #expect(third == .failure(.message("this console already owns 2 programs, the most an attached console may; delete some first")))
        // Redefining one it owns is fine; so is a new one after a delete.
        guard case .defined(let again) = console.perform(.define(name: "two", source: "attachtest:::tick { @n = sum(n); }", allowZeroMatches: false)) else {
            Issue.record("redefine"); return
        }
        #expect(again.replaced)
        #expect(console.perform(.delete(program: "one")) == .done)
        guard case .defined = console.perform(.define(name: "three", source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false)) else {
            Issue.record("define after delete"); return
        }
        // Limits an attached console may set are capped.
        guard case .failure(let e) = console.perform(.setLimits(LimitsInfo(aggregationKeys: 10_000_000, arrayEntries: 10, stringSize: 10, traceBufferBytes: 4096))) else {
            Issue.record("setLimits over the cap was accepted"); return
        }
        #expect(e.description.contains("keys at most 100000"))
    }

    @Test func aConsoleThatStopsReadingOnlyLosesItsOwnOutput() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir, extra: ["--output-records", "5"])
        let console = try host.attach()
        defer { console.close() }
        _ = console.perform(.define(name: "noisy", source: "attachtest:::tick { printf(\"%d\\n\", n); }", allowZeroMatches: false))
        usleep(500_000)   // the console does not drain: its queue fills, the rest is dropped and counted
        guard case .output(let records) = console.perform(.drainOutput) else { Issue.record("drainOutput"); return }
        let texts = records.filter { if case .text = $0.kind { return true } else { return false } }
        #expect(texts.count <= 5)
        let report = records.compactMap { r -> String? in if case .error(let s) = r.kind { return s } else { return nil } }
        #expect(report.count == 1)
        #expect(report.first?.contains("output records dropped: this console was not reading fast enough") == true)
        #expect(host.process.isRunning)
    }

    @Test func socketRemovedAtExitAndStaleSocketDetectedAndReplaced() throws {
        let dir = try TemporaryDirectory()
        let agents = dir.path + "/agents"
        // A clean exit (agent.stop(), then exit) removes the socket.
        let clean = try TestHost(directory: dir)
        #expect(access(clean.socketPath, F_OK) == 0)
        var mode = stat()
        #expect(stat(clean.socketPath, &mode) == 0 && mode.st_mode & 0o777 == 0o600)
        #expect(stat(agents, &mode) == 0 && mode.st_mode & 0o777 == 0o700)
        clean.process.closeInput()
        #expect(clean.process.waitForExit() == 0)
        #expect(access(clean.socketPath, F_OK) != 0)

        // A killed service leaves its socket: list reports it stale, a new agent sweeps it away.
        let killed = try TestHost(directory: dir)
        killed.process.killAndReap()
        #expect(access(killed.socketPath, F_OK) == 0)
        let listed = AttachableProcess.list(directories: [agents])
        #expect(listed.map(\.pid) == [killed.pid])
        #expect(listed.first?.state == .stale("process gone"))
        #expect(throws: AttachError.self) { try RemoteBackend.connect(path: killed.socketPath, timeout: .seconds(2)) }

        let next = try TestHost(directory: dir)
        #expect(access(killed.socketPath, F_OK) != 0, "the stale socket was swept at start")
        let live = AttachableProcess.list(directories: [agents])
        #expect(live == [AttachableProcess(pid: next.pid, socketPath: next.socketPath, execname: "AttachTestHost", probes: 3, state: .live)])
    }
}

@Suite(.serialized) struct CoHostedConsoleTests {
    @Test func aCoHostedConsoleAndAnAttachedOneDoNotStealEachOthersOutput() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir, executable: "CoHostTestHost")
        host.process.write("program local { attachtest:::tick /n % 20 == 0/ { printf(\"local %d\\n\", n); } }\n")
        #expect(host.process.waitForOutput("local "), "the co-hosted console prints: \(host.process.errorOutput)")
        let remote = try host.attach()
        defer { remote.close() }
        _ = remote.perform(.define(name: "remote", source: "attachtest:::tick /n % 20 == 0/ { printf(\"remote %d\\n\", n); }", allowZeroMatches: false))
        var remoteText = ""
        let marker = host.process.output.count
        #expect(waitUntil {
            if case .output(let records) = remote.perform(.drainOutput) {
                for r in records { if case .text(let s) = r.kind { remoteText += s } }
            }
            return remoteText.contains("remote ") && remoteText.contains("local ")
        }, "the attached console gets its own output and the unowned program's: \(remoteText)")
        // Meanwhile the co-hosted console keeps printing its program's output, and never the attached one's.
        let lines = { String(host.process.output.dropFirst(marker)) }
        #expect(waitUntil { lines().components(separatedBy: "local ").count > 5 }, "co-hosted output goes on while attached")
        #expect(!host.process.output.contains("remote "))
        // Nothing was taken from it: every 20th tick is there, none missing (the ticks count up by one).
        let numbers = host.process.output.split(separator: "\n").compactMap { line -> Int? in
            line.hasPrefix("local ") ? Int(line.dropFirst(6)) : nil
        }
        #expect(numbers.count > 5)
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $1 - $0 == 20 }, "gaps in \(numbers)")
        host.process.closeInput()
        #expect(host.process.waitForExit() == 0)
    }
}
