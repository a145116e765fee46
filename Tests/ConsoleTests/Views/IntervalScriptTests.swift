// `--interval D` in a script: a report every D of what happened in it, numbered, and the reports add up
// exactly to what was fired; bad intervals are refused with their reason.
import Foundation
import Testing
import TraceCore
import TraceSystem
@testable import Console

enum IntervalProbes {
    static let tick = TraceProvider("civi").event("svc", "tick", "fire", ("n", Int.self))
}

@Suite(.serialized) struct IntervalScriptTests {
    @Test func intervalReportsAddUpToEveryFiring() {
        _ = IntervalProbes.tick
        let backend = ScopedBackend(prefix: "civi_", provider: "civi")
        backend.deleteAll()
        defer { backend.deleteAll() }
        var options = ConsoleOptions()
        options.duration = .milliseconds(450)
        options.interval = .milliseconds(100)
        let out = CapturedOutput()
        // One thread fires n = 1, 2, 3, …: the firings counted are max - min + 1.
        let stop = Lock(false)
        let ticker = WorkerThread(name: "interval ticker") {
            var n = 0
            while !(stop.withLock { $0 }) {
                n += 1
                IntervalProbes.tick.fire(n)
                usleep(1000)
            }
        }
        let s = ConsoleSession(options: options, backend: backend,
                               source: .entries([ScriptEntry(text: "program civi_t { civi:svc:tick:fire { @c = count(); @lo = min(n); @hi = max(n); } }", firstLine: 1)], file: nil),
                               output: out, display: PlainWatchDisplay(output: out, columns: 80), pumpInterval: .milliseconds(10))
        let status = s.run()
        stop.withLock { $0 = true }
        ticker.join()
        #expect(status == 0)
        let text = out.dataText
        // Four full intervals, then the last, shorter one after every program stopped.
        #expect((1...5).allSatisfy { text.contains("-- interval \($0) --\n") } && !text.contains("-- interval 6 --"), "\(text)")
        let counts = text.split(separator: "\n").filter { $0.hasPrefix("@c: ") }.compactMap { Int($0.dropFirst(4)) }
        let lo = text.split(separator: "\n").last { $0.hasPrefix("@lo: ") }.flatMap { Int($0.dropFirst(5)) } ?? 0
        let hi = text.split(separator: "\n").last { $0.hasPrefix("@hi: ") }.flatMap { Int($0.dropFirst(5)) } ?? 0
        #expect(counts.count == 5)
        #expect(counts.reduce(0, +) == hi - lo + 1, "\(text)")
    }

    @Test func badIntervalsAreRefused() {
        #expect(throws: ConsoleOptionsError("invalid interval '5ms' for --interval (at least 10ms: 500ms, 1s, 2m)")) {
            try ConsoleOptions.parse(arguments: ["--interval", "5ms"])
        }
        #expect(throws: ConsoleOptionsError("invalid interval 'often' for --interval (at least 10ms: 500ms, 1s, 2m)")) {
            try ConsoleOptions.parse(arguments: ["--interval=often"])
        }
        #expect((try? ConsoleOptions.parse(arguments: ["--interval", "2s"]))?.interval == .seconds(2))
    }
}
