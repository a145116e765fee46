// The views' render cases (budget 5 ms each, as for render_1000keys): `render_heatmap_60x40`, one watch
// frame of a heatmap 60 intervals wide over 40 buckets (an lquantize with every bucket populated in every
// interval), in 256 colours (the costlier form: a colour sequence wherever the level changes), and `render_1000keys_sparklines`, one watch frame `as rates` of a 1 000-key count table whose
// keys each carry a full 16-interval sparkline. Each frame is timed as the watch renders it: read the
// aggregation, record the interval, lay out the view.
import Console
import Foundation
import TraceCore
import TraceSystem
import TraceAgent

/// The views' benchmark cases.
enum ViewRenderBenchmark {
    static let provider = TraceProvider("viewbench")
    static let value = provider.event("render", "view", "value", ("v", Int.self))
    static let key = provider.event("render", "view", "key", ("k", String.self))

    /// Median wall-clock and CPU nanoseconds of one heatmap frame 60 columns × 40 buckets, over `samples`
    /// frames; nil if the frame did not come out 60 columns wide.
    static func heatmap(samples: Int = 15) -> (wall: Double, cpu: Double)? {
        let backend = LocalBackend()
        let interpreter = Interpreter(backend: backend)
        let value = Self.value   // declares the probe (a static is made on first use)
        guard interpreter.execute("program view_heatmap_bench { viewbench:render:view:value { @v = lquantize(v, 0, 40, 1); } }").succeeded else { return nil }
        defer { _ = interpreter.execute("delete view_heatmap_bench") }
        var frame = WatchFrame(request: WatchRequest(targets: [.aggregation(program: "view_heatmap_bench", name: "v")],
                                                     interval: .seconds(1), view: .heatmap))
        func fill(_ round: Int) { for b in 0..<40 { for _ in 0..<(1 + (b * 7 + round) % 9) { value.fire(b) } } }
        // 61 frames: 60 intervals, every bucket in each. Labels are 3 columns ("39"), the p50/p99 values 2:
        // 2 + 3 + 2 + 60 + 2 + 2 = 71 columns leave exactly 60 for the plot.
        var lines: [String] = []
        for round in 0...60 {
            fill(round)
            lines = frame.render(backend: backend, width: 71, height: 50, unicode: true, colors: true)
        }
        guard let p50 = lines.first(where: { $0.hasPrefix("  p50 |") }), p50.count == 71,
              lines.filter({ $0.contains(" |") }).count == 42, lines.contains(where: { $0.contains("\u{1B}[38;5;226m") })   // the busiest cell's colour
        else { return complain(lines) }
        return timed(samples: samples, fill: fill) { frame.render(backend: backend, width: 71, height: 50, unicode: true, colors: true) }
    }

    /// Median wall-clock and CPU nanoseconds of `frame` over `samples` (after two warm-up frames), with
    /// `fill(round)` (untimed) before each. The CPU time (the thread's) moves less on a busy machine.
    static func timed(samples: Int, fill: (Int) -> Void, _ frame: () -> [String]) -> (wall: Double, cpu: Double) {
        var wall: [Double] = [], cpu: [Double] = []
        var sink = 0
        for round in 0..<(samples + 2) {
            fill(round)
            var a = timespec(), b = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a)
            let start = ContinuousClock.now
            let lines = frame()
            let elapsed = ContinuousClock.now - start
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b)
            sink &+= lines.count
            wall.append(Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
            cpu.append(Double(b.tv_sec - a.tv_sec) * 1e9 + Double(b.tv_nsec - a.tv_nsec))
        }
        RenderBenchmark.keepAlive(sink)
        func median(_ v: [Double]) -> Double { let s = v.dropFirst(2).sorted(); return s[s.count / 2] }
        return (median(wall), median(cpu))
    }

    /// Shows the frame that did not have the expected shape (on standard error); nil.
    static func complain(_ lines: [String]) -> (wall: Double, cpu: Double)? {
        FileHandle.standardError.write(("the frame:\n" + lines.joined(separator: "\n") + "\n").data(using: .utf8)!)
        return nil
    }

    /// Median wall-clock and CPU nanoseconds of one `as rates` frame of 1 000 keys with 16-interval sparklines.
    static func sparklines(samples: Int = 15) -> (wall: Double, cpu: Double)? {
        let backend = LocalBackend()
        let interpreter = Interpreter(backend: backend)
        let key = Self.key   // declares the probe
        guard interpreter.execute("program view_rates_bench { viewbench:render:view:key { @keys[k] = count(); } }").succeeded else { return nil }
        defer { _ = interpreter.execute("delete view_rates_bench") }
        let keys = (0..<1000).map { "key-\($0)" }
        var frame = WatchFrame(request: WatchRequest(targets: [.aggregation(program: "view_rates_bench", name: "keys")],
                                                     interval: .seconds(1), view: .rates))
        func fill(_ round: Int) { for (i, k) in keys.enumerated() { for _ in 0..<(1 + (i + round) % 4) { key.fire(k) } } }
        var lines: [String] = []
        for round in 0...16 {
            fill(round)
            lines = frame.render(backend: backend, width: 100, height: 50, unicode: true)
        }
        // Every row shown ends in a full sparkline.
        guard lines.count == 50, lines[2].hasPrefix("  key-"), lines[2].unicodeScalars.suffix(16).allSatisfy({ (0x2581...0x2588).contains($0.value) })
        else { return complain(lines) }
        return timed(samples: samples, fill: fill) { frame.render(backend: backend, width: 100, height: 50, unicode: true) }
    }
}
