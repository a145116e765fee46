// One console over two orderbook processes: one program defined in both, the merged totals equal to what each
// process has, exactly, for count, sum, min, max, avg, stddev and quantize; `show … by pid`; a process that
// leaves is reported, and its last data kept or dropped; and 1 000 scrapes of a demo's /metrics leave no
// descriptor behind.
import Glibc
import Testing
import TestSupport
import TraceCore
import TraceSystem
@testable import Console
@testable import TraceAgent

/// A headless orderbook, its agent attached.
final class Orderbook {
    let process: ChildProcess
    let remote: RemoteBackend

    init(extra: [String] = []) throws {
        let child = try ChildProcess(path: try ChildProcess.executable("orderbook"),
                                     arguments: ["--no-console", "--rate", "400", "--duration", "5m"] + extra)
        process = child
        guard child.waitForErrorOutput("attach with: trace-console attach") else {
            throw TestFailure("orderbook did not start: \(child.errorOutput)")
        }
        var connected: RemoteBackend?
        _ = waitUntil(timeout: .seconds(30), every: .milliseconds(50)) {
            connected = try? RemoteBackend.connect(pid: child.pid)
            return connected != nil
        }
        guard let connected else {
            child.killAndReap()
            throw TestFailure("cannot attach to orderbook \(child.pid)")
        }
        remote = connected
    }

    var member: FleetBackend.Member {
        let r = remote
        return FleetBackend.Member(pid: process.pid, execname: "orderbook", backend: r, isConnected: { r.isConnected })
    }

    func firings(_ program: String) -> Int64 {
        guard case .programs(let list) = remote.perform(.listPrograms) else { return 0 }
        return list.first { $0.name == program }?.firings ?? 0
    }

    func snapshot(_ program: String, _ name: String) throws -> AggregationSnapshot {
        guard case .snapshots(let list) = remote.perform(.aggregation(program: program, name: name)), let s = list.first else {
            throw TestFailure("no @\(name) in \(process.pid)")
        }
        return s
    }

    deinit {
        remote.close()
        process.killAndReap()
    }
}

@Suite(.serialized) struct FleetTests {
    static let program = """
        program fleet {
            orders:book:match:entry {
                @n[side] = count(); @s[side] = sum(qty); @lo[side] = min(price); @hi[side] = max(price);
                @mean[side] = avg(qty); @sd[side] = stddev(qty); @q[side] = quantize(qty);
            }
        }
        """

    /// Two orderbooks with the program defined through one fleet console, run until both fired, then stopped.
    func stoppedFleet(departure: FleetBackend.Departure = .keep) throws -> (Orderbook, Orderbook, FleetBackend, Interpreter) {
        let a = try Orderbook(), b = try Orderbook()
        let fleet = FleetBackend(members: [a.member, b.member], departure: departure)
        let console = Interpreter(backend: fleet)
        #expect(console.execute(Self.program).messages == "program 'fleet' enabled: matched 1 probe\n")
        #expect(waitUntil(timeout: .seconds(120), every: .milliseconds(100)) { a.firings("fleet") >= 100 && b.firings("fleet") >= 100 })
        #expect(console.execute("disable fleet").messages == "program 'fleet' disabled\n")
        return (a, b, fleet, console)
    }

    @Test func mergedTotalsAreTheSumOfEachProcessExactly() throws {
        let (a, b, fleet, console) = try stoppedFleet()
        for name in ["n", "s", "lo", "hi", "mean", "sd", "q"] {
            let pa = try a.snapshot("fleet", name), pb = try b.snapshot("fleet", name)
            guard case .snapshots(let list) = fleet.perform(.aggregation(program: "fleet", name: name)), let merged = list.first else {
                throw TestFailure("no merged @\(name)")
            }
            let keys = Set(pa.entries.map(\.key) + pb.entries.map(\.key))
            #expect(Set(merged.entries.map(\.key)) == keys)
            for key in keys {
                let va = pa.entries.first { $0.key == key }?.value, vb = pb.entries.first { $0.key == key }?.value
                let m = merged.entries.first { $0.key == key }?.value
                switch (va, vb) {
                case (.scalar(let x)?, .scalar(let y)?):
                    let expected = name == "lo" ? min(x, y) : name == "hi" ? max(x, y) : x + y
                    #expect(m == .scalar(expected), "@\(name)\(key)")
                case (.average(let c1, let s1)?, .average(let c2, let s2)?):
                    #expect(m == .average(count: c1 + c2, sum: s1 + s2), "@\(name)\(key)")
                case (.deviation(let c1, let s1, let q1)?, .deviation(let c2, let s2, let q2)?):
                    #expect(m == .deviation(count: c1 + c2, sum: s1 + s2, sumOfSquares: q1 + q2), "@\(name)\(key)")
                case (.histogram(let h1)?, .histogram(let h2)?):
                    #expect(m == .histogram(HistogramValue(layout: h1.layout, counts: zip(h1.counts, h2.counts).map { $0 + $1 }, sum: h1.sum + h2.sum)),
                            "@\(name)\(key)")
                default:
                    #expect(m == va ?? vb, "@\(name)\(key) is in one process only")
                }
            }
        }
        // `programs` adds the firings; `show … by pid` shows each process's part under its pid (the pid column is as
        // wide as the longest pid, so spaces are matched as runs).
        guard case .programs(let list) = fleet.perform(.listPrograms) else { throw TestFailure("no programs") }
        #expect(list.first { $0.name == "fleet" }?.firings == a.firings("fleet") + b.firings("fleet"))
        let byPid = console.execute("show fleet.@n by pid").output
        let na = try a.snapshot("fleet", "n"), nb = try b.snapshot("fleet", "n")
        for (pid, s) in [(a.process.pid, na), (b.process.pid, nb)] {
            for e in s.entries {
                guard case .int(let side) = e.key[0], case .scalar(let v) = e.value else { continue }
                #expect(byPid.contains(try #require(try? Regex("\\n +\(pid) +\(side) +\(v)\\n"))), "\(byPid)")
            }
        }
        #expect(console.execute("detach").messages == "detached from pid \(a.process.pid) (orderbook), pid \(b.process.pid) (orderbook); disabled and deleted: fleet\n")
    }

    @Test func aProcessThatLeavesIsReportedAndItsDataKeptOrDropped() throws {
        for departure in FleetBackend.Departure.allCases {
            let (a, b, fleet, console) = try stoppedFleet(departure: departure)
            let na = try a.snapshot("fleet", "n"), nb = try b.snapshot("fleet", "n")
            #expect(console.execute("show fleet.@n").succeeded)   // read once while both are there
            b.process.killAndReap()
            let after = console.execute("show fleet.@n")
            guard case .output(let records) = fleet.perform(.drainOutput) else { throw TestFailure("no output") }
            let fate = departure == .keep ? "its last data stays in the totals" : "its data is dropped from the totals"
            #expect(records.contains { r in
                if case .error(let text) = r.kind { return text.hasPrefix("process \(b.process.pid) (orderbook) left: ") && text.hasSuffix(fate) }
                return false
            }, "\(records)")
            let expected = departure == .keep ? AggregationMerge.merge([na, nb])! : na
            #expect(after.output == console.execute("show fleet.@n").output)
            guard case .snapshots(let list) = fleet.perform(.aggregation(program: "fleet", name: "n")) else { throw TestFailure("no @n") }
            #expect(Set(list[0].entries.map { "\($0.key)=\($0.value)" }) == Set(expected.entries.map { "\($0.key)=\($0.value)" }))
            #expect(fleet.live.map(\.pid) == [a.process.pid])
            #expect(console.execute("detach").messages == "detached from pid \(a.process.pid) (orderbook); disabled and deleted: fleet\n")
        }
    }

    @Test func thousandScrapesLeaveNoDescriptorBehind() throws {
        let book = try Orderbook(extra: ["--metrics", "127.0.0.1:0"])
        guard book.process.waitForErrorOutput("/metrics"),
              let match = book.process.errorOutput.firstMatch(of: /serving metrics at http:\/\/127\.0\.0\.1:(\d+)\/metrics/),
              let port = Int(match.1) else { throw TestFailure("no metrics address in: \(book.process.errorOutput)") }
        let console = Interpreter(backend: book.remote)
        _ = console.execute("orders:book:match:entry { @n = count(); }")
        #expect(console.execute("export p1.@n as fleet_matches").messages == "exported p1.@n as counter fleet_matches_total\n")
        let descriptors = { Syscall.directoryEntries("/proc/\(book.process.pid)/fd").count }
        _ = try HTTPClient.get(port: port)
        let before = descriptors()
        for i in 0..<1000 {
            let answer = try HTTPClient.get(port: port)
            if answer.status != 200 || !answer.body.contains("fleet_matches_total ") { throw TestFailure("scrape \(i): \(answer.head)") }
        }
        // The server closes each connection after its answer; the last one's close may still be on its way.
        #expect(waitUntil(timeout: .seconds(30)) { descriptors() <= before })
    }

    @Test func theCommandLineRefusesWhatItCannotDo() throws {
        func run(_ arguments: [String]) throws -> (Int32?, String) {
            let tool = try ChildProcess(path: try ChildProcess.executable("trace-console"), arguments: arguments)
            tool.closeInput()
            let code = tool.waitForExit()
            return (code, tool.errorOutput)
        }
        #expect(try run(["attach", "--all", "no-such-service-x"]) == (1, "trace-console: no live trace agent of a process named 'no-such-service-x' (trace-console list shows them)\n"))
        #expect(try run(["attach", "5", "--departed", "drop"]) == (2, "trace-console: --departed is for a console attached to several processes\ntrace-console: try trace-console help\n"))
        #expect(try run(["attach", "5", "6", "--departed", "later"]) == (2, "trace-console: invalid value 'later' for --departed (keep or drop)\ntrace-console: try trace-console help\n"))
        #expect(try run(["attach", "5", "6", "--socket", "/tmp/x"]) == (2, "trace-console: --socket names one agent; with several processes each is found from its pid\ntrace-console: try trace-console help\n"))
        #expect(try run(["attach", "5", "x6"]) == (2, "trace-console: invalid process id 'x6' for attach\ntrace-console: try trace-console help\n"))
    }
}
