// The `render_1000keys` case (the console's merge + render of a 1 000-key aggregation, budget 5 ms): a program
// counts 1 000 string keys fired from two threads (two shards to merge); each sample then runs
// `show PROGRAM.@keys desc` through the console's interpreter and renders one watch frame, as the console does.
import Console
import Foundation
import TraceCore
import TraceSystem
import TraceAgent

/// The console's benchmark case.
enum RenderBenchmark {
    /// The probe the benchmark program counts on (declared when the benchmark first runs).
    static let probe = TraceProvider("consolebench").event("render", "keys", "fire", ("key", String.self))

    /// The program the benchmark defines (and deletes when it is done).
    static let programName = "console_render_bench"

    /// Median nanoseconds of one merge + `show` + watch-frame render of a 1 000-key aggregation, over `samples`.
    static func run(samples: Int = 15) -> Double {
        let samples = max(1, samples)
        let backend = LocalBackend()
        let interpreter = Interpreter(backend: backend)
        let site = probe
        let defined = interpreter.execute("program \(programName) { consolebench:render:keys:fire { @keys[key] = count(); } }")
        guard defined.succeeded else { return .nan }
        defer { _ = interpreter.execute("delete \(programName)") }
        let keys = (0..<1000).map { "key-\($0 < 10 ? "00" : $0 < 100 ? "0" : "")\($0)" }
        // Half the keys on this thread, all of them (again) on another: two shards with overlapping keys.
        for (i, k) in keys.enumerated() where i % 2 == 0 { for _ in 0..<(i % 7 + 1) { site.fire(k) } }
        WorkerThread(name: "render-bench") {
            for (i, k) in keys.enumerated() { for _ in 0..<(i % 5 + 1) { site.fire(k) } }
        }.join()

        var frame = WatchFrame(request: WatchRequest(targets: [.aggregation(program: programName, name: "keys")], interval: .seconds(1)))
        var times: [Double] = []
        var sink = 0
        for _ in 0..<(samples + 2) {
            let start = ContinuousClock.now
            let shown = interpreter.execute("show \(programName).@keys desc")
            let lines = frame.render(backend: backend, width: 100, height: 50, unicode: true)
            let elapsed = ContinuousClock.now - start
            sink &+= shown.output.utf8.count &+ lines.count
            times.append(Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
        }
        keepAlive(sink)
        // The first two samples warm up.
        let sorted = times.dropFirst(2).sorted()
        return sorted[sorted.count / 2]
    }

    @inline(never)
    static func keepAlive(_ value: Int) {
        if value == Int.min { print(value) }
    }
}

