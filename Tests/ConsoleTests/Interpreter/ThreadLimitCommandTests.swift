// `set threads N` and the threads drops it causes, as `programs` shows them. The limit is process-wide, so
// the test runs in a child process of its own (an exit test).
import Dispatch
import Foundation
import Synchronization
import Testing
import TraceCore
import TraceSystem
@testable import Console

@Suite struct ThreadLimitCommandTests {
    @Test func firingsOnThreadsOverSetThreadsAreDropsInPrograms() async {
        await #expect(processExitsWith: .success) {
            let probe = TraceProvider("cithr").event("t", "work", "done", ("n", Int.self))
            let (set, row) = withInterpreter(prefix: "cithr_", provider: "cithr") { i, _ in
                let set = i.execute("set threads 2").messages
                _ = i.execute("program cithr_t { cithr:t:work:done { @n = count(); } }")
                // 4 threads at once, 5 firings each: the first 2 to fire trace, the other 2 drop every firing.
                let gate = DispatchSemaphore(value: 0)
                let arrived = Atomic<Int>(0)
                let threads = (0..<4).map { n in
                    WorkerThread(name: "cithr") {
                        for _ in 0..<5 { probe.fire(n) }
                        if arrived.add(1, ordering: .relaxed).newValue == 4 { gate.signal() } else { gate.wait(); gate.signal() }
                    }
                }
                for t in threads { t.join() }
                let table = i.execute("programs cithr_t").output.split(separator: "\n")
                return (set, table.count == 2 ? table[1].split(separator: " ").map(String.init) : [])
            }
            // NAME STATE PROBES FIRINGS ERRORS DROPS …
            let ok = set == "threads set to 2\n" && row.count > 5 && row[3] == "10" && row[4] == "0" && row[5] == "10"
            if !ok { FileHandle.standardError.write(Data("set: \(set) programs row: \(row)\n".utf8)) }
            exit(ok ? 0 : 1)
        }
    }
}
