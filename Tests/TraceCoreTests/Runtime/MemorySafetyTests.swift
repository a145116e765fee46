import CTraceCore
import Foundation
import Synchronization
import Testing
import TraceSystem
@testable import TraceCore

/// Memory that comes back and per-thread state that dies with its thread. Each test measures the
/// process's resident memory, so each runs in a child process of its own (an exit test) where no
/// other test allocates; the child exits 0 only if every measure and count holds, and says why not
/// on its standard error.
@Suite struct MemorySafetyTests {
    @Test func tenThousandDefineDeleteCyclesOfAPrintfProgramGiveTheMemoryBackAndFireEndOncePerProgram() async {
        await #expect(processExitsWith: .success) {
            let probe = TraceProvider("memcycle").event("m", "f", "e", ("n", Int.self))
            let stop = Atomic<Bool>(false)
            let firing = DispatchGroup()
            for _ in 0..<2 {
                firing.enter()
                Thread {
                    var n = 0
                    while !stop.load(ordering: .relaxed) { probe.fire(n); n += 1 }
                    firing.leave()
                }.start()
            }
            var ends = 0
            func cycles(_ count: Int) {
                for _ in 0..<count {
                    let spec = try! TraceLanguage.compile(name: "cycle", source: """
                        memcycle:::e { printf("%d\\n", n); }
                        END { printf("end\\n"); }
                        """)
                    try! TraceRuntime.shared.define(spec)
                    try! TraceRuntime.shared.delete("cycle")
                    ends += TraceRuntime.shared.drainOutput().filter { $0.kind == .text("end\n") }.count
                }
            }
            cycles(500)                             // warm up: the rings, the allocator's arenas
            let before = MemoryProbe.residentBytes()
            cycles(10_000)
            let after = MemoryProbe.residentBytes()
            // The last instance is freed once neither firing thread's configuration holds it (they exit
            // here); a drain after that forgets its formats. Every format of the 10 500 programs goes.
            stop.store(true, ordering: .relaxed)
            firing.wait()
            let deadline = Date().addingTimeInterval(120)
            repeat {
                ends += TraceRuntime.shared.drainOutput().filter { $0.kind == .text("end\n") }.count
                if OutputCollector.shared.formatCount == 0 { break }
                usleep(20_000)
            } while Date() < deadline
            let formatsAfter = OutputCollector.shared.formatCount
            let growth = after - before
            let ok = growth <= 10 << 20 && ends == 10_500 && formatsAfter == 0
            MemoryProbe.finish(ok, "resident growth \(growth >> 10) KiB over 10 000 cycles, END fired \(ends) times for 10 500 programs, "
                               + "printf formats still registered after every program went: \(formatsAfter)")
        }
    }

    @Test func aHighCardinalityStringKeyedProgramGivesItsMemoryBackWhenDeleted() async {
        await #expect(processExitsWith: .success) {
            let probe = TraceProvider("memkeys").event("m", "f", "e", ("n", Int.self))
            changeLimits { $0.aggregationKeys = 1_000_000; $0.stringKeys = 1_000_000 }
            let spec = try! TraceLanguage.compile(name: "keys", source: """
                memkeys:::e { @k[strjoin(str(n), " is a key long enough to be stored out of line")] = count(); }
                """)
            // Warm up: the same program on two threads for a moment (the allocator's arenas for them), deleted.
            try! TraceRuntime.shared.define(spec)
            onJoinedThreads(2) { t in for i in 0..<1_000 { probe.fire(t * 1_000_000 + i) } }
            try! TraceRuntime.shared.delete("keys")
            let before = MemoryProbe.residentBytes()
            try! TraceRuntime.shared.define(spec)
            onJoinedThreads(2) { t in
                for i in 0..<150_000 { probe.fire(t * 1_000_000 + i) }
            }
            let peak = MemoryProbe.residentBytes()
            let rows = try! TraceRuntime.shared.entry("keys").instance.strings.count
            try! TraceRuntime.shared.delete("keys")
            let after = MemoryProbe.residentBytes(becoming: { $0 <= before + before / 10 })
            let ok = rows == 300_000 && (MemoryProbe.underTSan || (peak - before > 20 << 20 && after <= before + before / 10))
            MemoryProbe.finish(ok, "string keys \(rows); resident before \(before >> 20) MiB, peak \(peak >> 20) MiB, after delete \(after >> 20) MiB")
        }
    }

    @Test func aThousandThreadsEachSeeTheirOwnSelfVariablesAndLeaveNoMemoryBehind() async {
        await #expect(processExitsWith: .success) {
            let probe = TraceProvider("memthreads").event("m", "f", "e", ("n", Int.self))
            // 1 000 threads alive at once, each firing, waiting for all the others to have fired, firing again and
            // exiting.
            func round() {
                let gate = DispatchSemaphore(value: 0)
                let arrived = Atomic<Int>(0)
                onJoinedThreads(1000) { i in
                    let scratch = [Int](repeating: i, count: 4096)     // what any service thread allocates
                    probe.fire(scratch[0])
                    if arrived.add(1, ordering: .relaxed).newValue == 1000 { gate.signal() } else { gate.wait(); gate.signal() }
                    probe.fire(i)
                }
            }
            // The first round is traced by another program, deleted after: the thread table's blocks and the
            // allocator's arenas for tracing threads are then part of the baseline.
            let warmUp = try! TraceLanguage.compile(name: "warmup", source: "memthreads:::e { @n = count(); }")
            try! TraceRuntime.shared.define(warmUp)
            round()
            try! TraceRuntime.shared.delete("warmup")
            _ = TraceRuntime.shared.drainOutput()
            let spec = try! TraceLanguage.compile(name: "firsts", source: """
                memthreads:::e /self->seen == 0/ { self->seen = 1; @firsts = count(); printf("%d\\n", n); }
                memthreads:::e /self->ts != 0 && self->seen == 0/ { @stale = count(); }
                memthreads:::e { self->ts = timestamp; }
                """)
            try! TraceRuntime.shared.define(spec)
            let before = MemoryProbe.residentBytes()     // with the program's own tables
            round()
            round()
            let lines = TraceRuntime.shared.drainOutput().filter { $0.program == "firsts" }.count
            let firsts = total(try! TraceRuntime.shared.snapshot(program: "firsts", aggregation: "firsts"))
            let stale = total(try! TraceRuntime.shared.snapshot(program: "firsts", aggregation: "stale"))
            let after = MemoryProbe.residentBytes(becoming: { $0 - before <= 1 << 20 })
            let ok = firsts == 2000 && stale == 0 && lines == 2000 && (MemoryProbe.underTSan || after - before <= 1 << 20)
            MemoryProbe.finish(ok, "firsts \(firsts), stale \(stale), lines \(lines); resident growth \((after - before) >> 10) KiB")
        }
    }
}

/// Resident memory of this process, as the kernel counts it.
enum MemoryProbe {
    /// Under ThreadSanitizer resident memory is not the service's: its shadow memory and its allocator's
    /// quarantine hold freed blocks. There the tests check their counts, and resident memory only without it.
    static var underTSan: Bool { TestEnvironment.underThreadSanitizer }

    /// VmRSS from /proc/self/status, in bytes.
    static func residentBytes() -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kib = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kib * 1024
        }
        return 0
    }

    /// VmRSS once `condition` holds of it (the runtime gives freed memory back to the system from its
    /// service thread), or after two minutes, whichever comes first.
    static func residentBytes(becoming condition: (Int) -> Bool) -> Int {
        let deadline = Date().addingTimeInterval(120)
        var rss = residentBytes()
        while !condition(rss) && Date() < deadline {
            usleep(20_000)
            rss = residentBytes()
        }
        return rss
    }

    /// Reports what was measured (`report`) and ends the child process: status 0 only if `ok`.
    static func finish(_ ok: Bool, _ text: String) -> Never {
        report(ok, text)
        exit(ok ? 0 : 1)
    }

    /// Writes what was measured to standard error when a check failed.
    static func report(_ ok: Bool, _ text: String) {
        if !ok { FileHandle.standardError.write(Data((text + "\n").utf8)) }
        if let path = ProcessInfo.processInfo.environment["TRACE_MEMORY_LOG"] {
            let line = Data((text + "\n").utf8)
            if let h = FileHandle(forWritingAtPath: path) { h.seekToEndOfFile(); h.write(line); h.closeFile() }
            else { _ = FileManager.default.createFile(atPath: path, contents: line) }
        }
    }
}
