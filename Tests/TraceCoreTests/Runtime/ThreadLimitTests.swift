import Dispatch
import Foundation
import Synchronization
import Testing
@testable import TraceCore

/// The threads that may trace at once: more than the old fixed table of 1 024, and past `set threads`
/// every firing of a further thread is counted as a threads drop of the program. Each test counts the
/// threads of its own process, so each runs in a child process (an exit test).
@Suite struct ThreadLimitTests {
    /// Runs `count` threads at once: each fires `firings` times, then waits until every one has fired, then exits.
    static func fireTogether(_ probe: EventProbe<Int>, threads count: Int, firings: Int) {
        let gate = DispatchSemaphore(value: 0)
        let arrived = Atomic<Int>(0)
        onJoinedThreads(count) { i in
            for _ in 0..<firings { probe.fire(i) }
            if arrived.add(1, ordering: .relaxed).newValue == count { gate.signal() } else { gate.wait(); gate.signal() }
        }
    }

    @Test func moreThanAThousandAndTwentyFourThreadsTraceAtOnce() async {
        await #expect(processExitsWith: .success) {
            let probe = TraceProvider("thrmany").event("m", "f", "e", ("n", Int.self))
            try! TraceRuntime.shared.define(try! TraceLanguage.compile(name: "many", source: "thrmany:::e { @n = count(); }"))
            Self.fireTogether(probe, threads: 1_500, firings: 2)
            let n = total(try! TraceRuntime.shared.snapshot(program: "many", aggregation: "n"))
            let status = TraceRuntime.shared.program(named: "many")!
            let ok = n == 3_000 && status.drops.values.reduce(0, +) == 0 && TraceRuntime.shared.threadOverflowDrops == 0
            MemoryProbe.finish(ok, "count \(n), drops \(status.drops), overflow \(TraceRuntime.shared.threadOverflowDrops)")
        }
    }

    @Test func firingsOfThreadsOverTheLimitAreCountedAsThreadsDropsAndTheSlotsComeBack() async {
        await #expect(processExitsWith: .success) {
            changeLimits { $0.threads = 4 }
            let probe = TraceProvider("thrlimit").event("m", "f", "e", ("n", Int.self))
            try! TraceRuntime.shared.define(try! TraceLanguage.compile(name: "lim", source: "thrlimit:::e { @n = count(); }"))
            // 8 threads at once: the first 4 to fire trace, every firing of the other 4 is a drop.
            Self.fireTogether(probe, threads: 8, firings: 10)
            let first = (total(try! TraceRuntime.shared.snapshot(program: "lim", aggregation: "n")),
                         TraceRuntime.shared.program(named: "lim")!.drops[.threads] ?? -1)
            // They exited: 4 new threads all trace.
            Self.fireTogether(probe, threads: 4, firings: 10)
            let status = TraceRuntime.shared.program(named: "lim")!
            let second = (total(try! TraceRuntime.shared.snapshot(program: "lim", aggregation: "n")), status.drops[.threads] ?? -1)
            let ok = first == (40, 40) && second == (80, 40) && status.firings == 80 && status.drops.values.reduce(0, +) == 40
            MemoryProbe.finish(ok, "after 8 threads: count and drops \(first); after 4 more: \(second), firings \(status.firings), drops \(status.drops)")
        }
    }

    /// A thread refused a state asks again once the limit is raised: its later firings are counted, not dropped.
    @Test func aThreadRefusedAStateTracesOnceTheLimitIsRaised() async {
        await #expect(processExitsWith: .success) {
            changeLimits { $0.threads = 1 }
            let probe = TraceProvider("thrraise").event("m", "f", "e", ("n", Int.self))
            try! TraceRuntime.shared.define(try! TraceLanguage.compile(name: "raise", source: "thrraise:::e { @n = count(); }"))
            let holderFired = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
            let refusedFired = DispatchSemaphore(value: 0), raised = DispatchSemaphore(value: 0)
            let holder = Thread {
                probe.fire(0)                       // takes the one state
                holderFired.signal()
                release.wait()
            }
            holder.start()
            holderFired.wait()
            let refused = Thread {
                for _ in 0..<10 { probe.fire(1) }   // over the limit: drops
                refusedFired.signal()
                raised.wait()
                for _ in 0..<10 { probe.fire(1) }   // the limit raised: counted
                refusedFired.signal()
            }
            refused.start()
            refusedFired.wait()
            changeLimits { $0.threads = 2 }
            raised.signal()
            refusedFired.wait()
            let status = TraceRuntime.shared.program(named: "raise")!
            let result = (total(try! TraceRuntime.shared.snapshot(program: "raise", aggregation: "n")), status.drops[.threads] ?? -1)
            release.signal()
            MemoryProbe.finish(result == (11, 10), "count and threads drops \(result), expected (11, 10)")
        }
    }
}
