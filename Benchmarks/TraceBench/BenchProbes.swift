import Foundation
import TraceCore
import TraceSystem

/// The probes and programs the benchmark measures; programs are built in the clause form directly.
final class BenchProbes: @unchecked Sendable {   // probes and a Lock, set in init; programs are defined from the main thread only
    let provider = TraceProvider("bench")
    let disabledEvent: EventProbe<Int>
    let countEvent: EventProbe<Int>
    let keyedEvent: EventProbe<Int>
    let printfEvent: EventProbe<Int>
    let function: FunctionProbe<Int>
    let scaleEvent: EventProbe<Int>
    let command: FunctionProbe<String, Int, Int>
    let disabledStringEvent: EventProbe<String>
    let namedEvent: EventProbe<String>
    let naive = Lock<[String: Int]>([:])

    init() {
        disabledEvent = provider.event("loop", "disabled", "tick", ("i", Int.self))
        countEvent = provider.event("loop", "count", "tick", ("i", Int.self))
        keyedEvent = provider.event("loop", "keyed", "tick", ("i", Int.self))
        printfEvent = provider.event("loop", "printf", "tick", ("i", Int.self))
        function = provider.function("loop", "work", ("i", Int.self))
        scaleEvent = provider.event("loop", "scale", "tick", ("i", Int.self))
        command = provider.function("server", "command", ("name", String.self), ("keysize", Int.self), ("valuesize", Int.self))
        disabledStringEvent = provider.event("loop", "disabledstring", "tick", ("name", String.self))
        namedEvent = provider.event("loop", "named", "tick", ("name", String.self))
    }

    enum Program { case stringKeyed, twoKeys, countNoKey, predicateKeyedCount, quantizePair, printf3, scaling }

    func site(_ description: String) -> ProbeID {
        ProbeRegistry.shared.match(ProbeDescription(description)!).first!.id
    }

    func define(_ p: Program) throws {
        switch p {
        case .stringKeyed:
            try TraceRuntime.shared.define(try TraceLanguage.compile(name: "bench_command", source: "bench:server:command:entry { @[name] = count(); }"))
        case .twoKeys:
            try TraceRuntime.shared.define(ProgramSpec(name: "bench_keyed", clauses: [
                ClauseSpec(probes: [.sites([site("bench:loop:keyed:tick")])],
                           predicate: .binary(.greater, .argument(index: 0, type: .int), .integer(-1)),
                           body: [.aggregate(aggregation: 0, keys: [.builtin(.probefunc), .binary(.modulo, .argument(index: 0, type: .int), .integer(8))], arguments: [])])],
                aggregations: [AggregationDeclaration(name: "", function: .count, keyTypes: [.string, .int])]))
        case .countNoKey:
            try TraceRuntime.shared.define(ProgramSpec(name: "bench_count", clauses: [
                ClauseSpec(probes: [.sites([site("bench:loop:count:tick")])], predicate: nil,
                           body: [.aggregate(aggregation: 0, keys: [], arguments: [])])],
                aggregations: [AggregationDeclaration(name: "c", function: .count, keyTypes: [])]))
        case .predicateKeyedCount:
            try TraceRuntime.shared.define(ProgramSpec(name: "bench_keyed", clauses: [
                ClauseSpec(probes: [.sites([site("bench:loop:keyed:tick")])],
                           predicate: .binary(.greater, .argument(index: 0, type: .int), .integer(-1)),
                           body: [.aggregate(aggregation: 0, keys: [.builtin(.probefunc)], arguments: [])])],
                aggregations: [AggregationDeclaration(name: "", function: .count, keyTypes: [.string])]))
        case .quantizePair:
            try TraceRuntime.shared.define(ProgramSpec(name: "bench_pair", clauses: [
                ClauseSpec(probes: [.sites([site("bench:loop:work:return")])], predicate: nil,
                           body: [.aggregate(aggregation: 0, keys: [], arguments: [.builtin(.elapsed)])])],
                aggregations: [AggregationDeclaration(name: "lat", function: .quantize, keyTypes: [])]))
        case .printf3:
            try TraceRuntime.shared.define(ProgramSpec(name: "bench_printf", clauses: [
                ClauseSpec(probes: [.sites([site("bench:loop:printf:tick")])], predicate: nil,
                           body: [.printf(format: "%d %d %d\n", arguments: [.argument(index: 0, type: .int), .integer(2), .argument(index: 0, type: .int)])])]))
        case .scaling:
            try TraceRuntime.shared.define(ProgramSpec(name: "bench_scale", clauses: [
                ClauseSpec(probes: [.sites([site("bench:loop:scale:tick")])], predicate: nil,
                           body: [.aggregate(aggregation: 0, keys: [.builtin(.probefunc)], arguments: [])])],
                aggregations: [AggregationDeclaration(name: "n", function: .count, keyTypes: [.string])]))
        }
    }

    @inline(never) func bare(_ i: Int) { blackHole(i) }
    /// Runs `body` under `depth` frames of its own (none a tail call), so a stack walk inside has frames to read.
    @inline(never) func nested(_ depth: Int, _ body: () -> Void) {
        if depth == 0 { body() } else { nested(depth - 1, body) }
        blackHole(depth)
    }
    /// One small allocation, as every thread of a service makes before it fires a probe (the allocator's
    /// per-thread cache is then set up outside what the new-thread cases count).
    @inline(never) func allocate(_ i: Int) {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: 4)
        p.initialize(to: i)
        blackHole(p.pointee)
        p.deallocate()
    }
    @inline(never) func withDisabledProbe(_ i: Int) { disabledEvent.fire(i); blackHole(i) }
    @inline(never) func withCountProbe(_ i: Int) { countEvent.fire(i); blackHole(i) }
    @inline(never) func withKeyedProbe(_ i: Int) { keyedEvent.fire(i); blackHole(i) }
    /// Two call paths to the keyed probe that differ in one frame (count_ustack16_two_paths).
    @inline(never) func keyedFromA(_ i: Int) { withKeyedProbe(i); blackHole(i) }
    @inline(never) func keyedFromB(_ i: Int) { withKeyedProbe(i); blackHole(i &+ 1) }
    @inline(never) func withPrintfProbe(_ i: Int) { printfEvent.fire(i); blackHole(i) }
    @inline(never) func withScaleProbe(_ i: Int) { scaleEvent.fire(i); blackHole(i) }
    @inline(never) func withFunctionProbe(_ i: Int) {
        let token = function.entry(i)
        blackHole(i)
        function.return(token, i)
    }
    let names = ["GET", "SET"]
    @inline(never) func withDisabledStringProbe(_ i: Int) { disabledStringEvent.fire(names[i & 1]); blackHole(i) }
    @inline(never) func withNamedProbe(_ i: Int) { namedEvent.fire(names[i & 1]); blackHole(i) }
    @inline(never) func withCommandProbe(_ i: Int) {
        let t = command.entry(names[i & 1], 8, 16)
        blackHole(i)
        command.return(t, 5)
    }
    @inline(never) func naiveCount(_ i: Int) {
        naive.withLock { $0["match", default: 0] += 1 }
        blackHole(i)
    }

    /// Runs `body` on a new thread and returns its result.
    func onFreshThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = Lock<T?>(nil)
        WorkerThread(name: "bench") {
            let result = body()
            box.withLock { $0 = result }
        }.join()
        return box.withLock { $0! }
    }

    struct Scaling { let nsPerOpOneThread: Double; let nsPerOpTwoThreads: Double; let ratio: Double; let exact: Bool }

    /// 1-thread vs 2-thread throughput of a keyed count, checking the merged total each time.
    func keyedScaling(iterationsPerThread n: Int) throws -> Scaling {
        func run(threads: Int) throws -> (Double, Bool) {
            try define(.scaling)
            let start = DispatchSemaphore(value: 0)
            let workers = (0..<threads).map { i in
                WorkerThread(name: "bench-scale-\(i)") {
                    start.wait()
                    for i in 0..<n { self.withScaleProbe(i) }
                }
            }
            usleep(10_000)
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<threads { start.signal() }
            for worker in workers { worker.join() }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0)
            let snapshot = try TraceRuntime.shared.snapshot(program: "bench_scale", aggregation: "n")
            var total: Int64 = 0
            for e in snapshot.entries { if case .scalar(let v) = e.value { total += v } }
            return (elapsed / Double(n * threads), total == Int64(n * threads))
        }
        var ones: [Double] = [], twos: [Double] = []
        var exact = true
        for _ in 0..<3 {
            let (one, e1) = try run(threads: 1)
            let (two, e2) = try run(threads: 2)
            ones.append(one); twos.append(two)
            exact = exact && e1 && e2
        }
        ones.sort(); twos.sort()
        let one = ones[1], two = twos[1]
        return Scaling(nsPerOpOneThread: one, nsPerOpTwoThreads: two, ratio: one / two, exact: exact)
    }
}
