// The view commands through the interpreter: `watch … as VIEW … delta`, `show … as VIEW`, `snapshot`, `diff`
// with their bad forms and exact errors, and `--interval`'s reports, which add up to the totals.
import Foundation
import Testing
import TraceCore
@testable import Console
import TraceAgent

enum ViewCommandProbes {
    static let provider = TraceProvider("civc")
    static let op = provider.event("svc", "op", "done", ("v", Int.self))
    static func declare() { _ = op }
}

@Suite(.serialized) struct ViewCommandTests {
    func define(_ i: Interpreter) {
        ViewCommandProbes.declare()
        #expect(i.execute("program civc_v { civc:svc:op:done { @n = count(); @h = quantize(v); @by[v] = count(); } }").succeeded)
    }

    @Test func watchViewsAndTheirBadForms() {
        withInterpreter(prefix: "civc_", provider: "civc") { i, _ in
            define(i)
            #expect(i.execute("watch @h as heatmap every 100ms").effects
                    == [.watch(WatchRequest(targets: [.aggregation(program: "civc_v", name: "h")], interval: .milliseconds(100), view: .heatmap))])
            #expect(i.execute("watch civc_v every 1s delta").effects
                    == [.watch(WatchRequest(targets: [.program("civc_v")], interval: .seconds(1), perInterval: true))])
            #expect(i.execute("watch @by as rates").effects
                    == [.watch(WatchRequest(targets: [.aggregation(program: "civc_v", name: "by")], interval: .seconds(1), view: .rates))])
            #expect(i.execute("watch @h as pie").messages == "error: unknown view 'pie' (heatmap or rates)\n")
            #expect(i.execute("watch @h as heatmaps").messages == "error: unknown view 'heatmaps' (heatmap or rates) (did you mean 'heatmap'?)\n")
            #expect(i.execute("watch @h as").messages == "error: usage: watch @AGG as heatmap|rates\n")
            #expect(i.execute("show @n as heatmap").messages
                    == "error: @n is a count aggregation: a heatmap needs quantize, lquantize or llquantize\n")
            #expect(i.execute("show @h as heatmap").messages
                    == "error: no heatmap recorded for @h yet: watch @h as heatmap records one, interval by interval\n")
            #expect(i.execute("show @h as rates").messages == "error: @h is a quantize aggregation: rates need count or sum\n")
            #expect(i.execute("show @by as rates").messages == "error: no rates recorded for @by yet: watch @by records them, interval by interval\n")
            #expect(i.execute("show civc_v as rates").messages == "error: show … as rates takes aggregations (@name), not 'civc_v'\n")
        }
    }

    @Test func showAsAViewPrintsWhatTheWatchRecorded() {
        withInterpreter(prefix: "civc_", provider: "civc") { i, backend in
            define(i)
            var frame = WatchFrame(request: WatchRequest(targets: [.program("civc_v")], interval: .seconds(1), view: .rates), history: i.views.history)
            _ = frame.render(backend: backend, width: 80, height: 40, unicode: false)
            for _ in 0..<6 { ViewCommandProbes.op.fire(4) }
            _ = frame.render(backend: backend, width: 80, height: 40, unicode: false)
            for _ in 0..<2 { ViewCommandProbes.op.fire(4) }
            for _ in 0..<3 { ViewCommandProbes.op.fire(9) }
            let lines = frame.render(backend: backend, width: 80, height: 40, unicode: false)
            // Sorted by the current rate: 9 fired 3 times in the last interval, 4 twice.
            let rows = lines.filter { $0.hasPrefix("  9 ") || $0.hasPrefix("  4 ") }
            #expect(rows.count == 2 && rows[0].hasPrefix("  9  3  ") && rows[0].hasSuffix("  #") && rows[1].hasPrefix("  4  8  ") && rows[1].hasSuffix("  #-"))
            let shown = i.execute("show @by as rates")
            #expect(shown.output.hasPrefix("@by:\n  9  3  "))
            #expect(i.execute("show @h as heatmap").output.hasPrefix("@h: heatmap, 2 intervals of "))
            let json = i.execute("show @h as heatmap --json").output
            #expect(json.hasPrefix("{\"program\": \"civc_v\", \"aggregation\": \"h\", \"function\": \"quantize\", \"view\": \"heatmap\", \"intervals\": [{\"end\": "))
            #expect(json.contains("\"value\": {\"buckets\": [[4, 6]], \"count\": 6,") && json.contains("\"value\": {\"buckets\": [[4, 2], [8, 3]], \"count\": 5,"))
        }
    }

    @Test func snapshotAndDiffAcrossARedefinition() {
        withInterpreter(prefix: "civc_", provider: "civc") { i, _ in
            define(i)
            for _ in 0..<4 { ViewCommandProbes.op.fire(100) }
            #expect(i.execute("snapshot").messages == "no snapshots (snapshot @AGG as NAME takes one)\n")
            #expect(i.execute("snapshot @h as base").messages == "@h saved as snapshot 'base' (4 values)\n")
            #expect(i.execute("snapshot @by as keys").messages == "@by saved as snapshot 'keys' (1 key)\n")
            #expect(i.execute("snapshot @h as base").messages == "@h saved again as snapshot 'base' (4 values)\n")
            #expect(i.execute("snapshot").output == "base\nkeys\n")
            #expect(i.execute("snapshot @h").messages == "error: usage: snapshot @AGG as NAME\n")
            #expect(i.execute("snapshot @h as 1x").messages == "error: invalid snapshot name '1x' (a letter, then letters, digits, _ or -)\n")
            #expect(i.execute("program civc_v { civc:svc:op:done { @n = count(); @h = quantize(v); @by[v] = count(); } }").succeeded)
            for _ in 0..<4 { ViewCommandProbes.op.fire(1000) }
            // The snapshot is the baseline whichever side it is written on.
            let diff = i.execute("diff base @h")
            #expect(diff.output.hasPrefix("@h: snapshot 'base' → @h now\n"))
            #expect(diff.output.contains("\np50 96 → 768 (+700 %)\n"))
            #expect(i.execute("diff @h base") == diff)
            #expect(i.execute("diff @by keys").output == "@by: snapshot 'keys' → @by now\n  keys that changed most:\n  100   4 → 0 (−100 %)\n  1000  0 → 4 (from 0)\n")
            #expect(i.execute("diff @h bsae").messages == "error: no snapshot named 'bsae' (did you mean 'base'?)\n")
            #expect(i.execute("diff @n base").messages
                    == "error: cannot compare snapshot 'base' (quantize) with @n now (count): they need the same function and keys\n")
            let usage = "error: usage: diff A B [--json] (each A, B a snapshot NAME or an aggregation @name: diff @lat before)\n"
            #expect(i.execute("diff @h").messages == usage)
            #expect(i.execute("diff").messages == usage)
            #expect(i.execute("diff @h base --json").output.hasPrefix("{\"program\": \"civc_v\", \"aggregation\": \"h\", \"function\": \"quantize\", \"view\": \"diff\", "))
        }
    }

    @Test func intervalReportsAddUpToTheTotals() {
        withInterpreter(prefix: "civc_", provider: "civc") { i, _ in
            ViewCommandProbes.declare()
            #expect(i.execute("program civc_i { civc:svc:op:done { @n = count(); } }").succeeded)
            var report = IntervalReport(interpreter: i, json: false)
            for _ in 0..<5 { ViewCommandProbes.op.fire(1) }
            #expect(report.next().output == "-- interval 1 --\n@n: 5\n\n")
            for _ in 0..<3 { ViewCommandProbes.op.fire(1) }
            #expect(report.next().output == "-- interval 2 --\n@n: 3\n\n")
            #expect(report.next().output == "-- interval 3 --\n@n: 0\n\n")
            #expect(i.execute("show @n").output == "@n: 8\n")
            var json = IntervalReport(interpreter: i, json: true)
            #expect(json.next().output == "{\"interval\": 1, \"program\": \"civc_i\", \"aggregation\": \"n\", \"function\": \"count\", \"entries\": [{\"key\": [], \"value\": 8}]}\n")
        }
    }

    @Test func watchHistoriesAreFreedWithTheirProgram() {
        withInterpreter(prefix: "civc_", provider: "civc") { i, backend in
            define(i)
            #expect(i.execute("program civc_w { civc:svc:op:done { @h = quantize(v); } }").succeeded)
            let history = i.views.history
            var frame = WatchFrame(request: WatchRequest(targets: [.program("civc_v"), .program("civc_w")], interval: .seconds(1)),
                                   history: history)
            // 600 intervals: each histogram keeps its last 512.
            for _ in 0...600 {
                ViewCommandProbes.op.fire(3)
                _ = frame.render(backend: backend, width: 80, height: 40, unicode: false)
            }
            #expect(history.size == (histories: 4, intervals: 1024))   // @n, @h, @by of civc_v; @h of civc_w
            #expect(i.execute("delete civc_v").succeeded)
            #expect(history.size == (histories: 1, intervals: 512))
            #expect(i.execute("show civc_w.@h as heatmap").output.hasPrefix("@h: heatmap, 512 intervals of 1s"))
            // Deleted by someone else (another console): the next frame lets its history go.
            _ = backend.perform(.delete(program: "civc_w"))
            _ = frame.render(backend: backend, width: 80, height: 40, unicode: false)
            #expect(history.size == (histories: 0, intervals: 0))
        }
    }

    @Test func eachWatchFrameAsJSON() throws {
        try withInterpreter(prefix: "civc_", provider: "civc") { i, backend in
            define(i)
            func object(_ line: String) throws -> [String: Any] {
                #expect(!line.contains("\n"))
                return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            }
            func aggregations(_ frame: [String: Any]) -> [String: [String: Any]] {
                let list = frame["aggregations"] as? [[String: Any]] ?? []
                return Dictionary(uniqueKeysWithValues: list.map { ($0["aggregation"] as? String ?? "", $0) })
            }
            var heatmap = WatchFrame(request: WatchRequest(targets: [.program("civc_v")], interval: .milliseconds(500), view: .heatmap),
                                     history: ViewHistory())
            var delta = WatchFrame(request: WatchRequest(targets: [.program("civc_v")], interval: .milliseconds(500), perInterval: true),
                                   history: ViewHistory())
            for _ in 0..<6 { ViewCommandProbes.op.fire(4) }
            // The first frame starts the intervals: the heatmap holds none, `delta` no entries yet.
            let first = try object(heatmap.json(backend: backend))
            #expect(first["frame"] as? Int == 1 && first["program"] as? String == "civc_v" && first["state"] as? String == "enabled")
            #expect(first["view"] as? String == "heatmap" && first["delta"] as? Bool == false && first["every_seconds"] as? Double == 0.5)
            #expect(first["drops"] as? Int == 0 && first["errors"] as? Int == 0 && first["firings_per_second"] is Double)
            #expect((aggregations(first)["h"]?["intervals"] as? [Any])?.isEmpty == true)
            #expect((aggregations(first)["n"]?["entries"] as? [[String: Any]])?.first?["value"] as? Int == 6)
            let firstDelta = try object(delta.json(backend: backend))
            #expect((aggregations(firstDelta)["n"]?["entries"] as? [Any])?.isEmpty == true && firstDelta["delta"] as? Bool == true)
            for _ in 0..<2 { ViewCommandProbes.op.fire(4) }
            for _ in 0..<3 { ViewCommandProbes.op.fire(9) }
            // Each later frame: the heatmap the interval it ended; `delta` that interval's values; keyed counts with rates.
            let second = try object(heatmap.json(backend: backend))
            #expect(second["frame"] as? Int == 2)
            let intervals = try #require(aggregations(second)["h"]?["intervals"] as? [[String: Any]])
            #expect(intervals.count == 1)
            let value = try #require(intervals.first?["value"] as? [String: Any])
            #expect(value["buckets"] as? [[Int]] == [[4, 2], [8, 3]] && value["count"] as? Int == 5)
            #expect(intervals.first?["end"] is Double && intervals.first?["seconds"] is Double)
            let n = try #require(aggregations(second)["n"]?["entries"] as? [[String: Any]])
            #expect(n.first?["value"] as? Int == 11)   // a scalar count is the aggregation JSON, its total
            let by = try #require(aggregations(second)["by"])
            #expect(by["view"] as? String == "rates")
            #expect((by["entries"] as? [[String: Any]])?.map { $0["intervals"] as? [Int] } == [[3], [2]])
            let secondDelta = try object(delta.json(backend: backend))
            let interval = try #require(aggregations(secondDelta)["n"]?["entries"] as? [[String: Any]])
            #expect(interval.first?["value"] as? Int == 5)
            #expect(i.execute("delete civc_v").succeeded)
            let gone = try object(heatmap.json(backend: backend))
            #expect(gone["state"] as? String == "deleted" && (gone["aggregations"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aScriptWatchWithJSONPrintsAnObjectPerRefresh() throws {
        ViewCommandProbes.declare()
        let out = CapturedOutput()
        let backend = ScopedBackend(prefix: "civc_", provider: "civc")
        backend.deleteAll()
        defer { backend.deleteAll() }
        var options = ConsoleOptions()
        options.json = true
        let script = ["program civc_j { civc:svc:op:done { @n = count(); } }", "watch @n every 100ms", "sleep 450ms", "unwatch"]
        let session = ConsoleSession(options: options, backend: backend,
                                     source: .entries(script.enumerated().map { ScriptEntry(text: $0.element, firstLine: $0.offset + 1) }, file: nil),
                                     output: out, display: PlainWatchDisplay(output: out, columns: 80, json: true), pumpInterval: .milliseconds(10))
        #expect(session.run() == 0)
        // Nothing but JSON lines on standard output: frames numbered from 1, then (the script's end being the end
        // of tracing) @n as the end of a run prints it.
        var lines = out.dataText.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let last = try lines.popLast().flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(last?["aggregation"] as? String == "n" && last?["frame"] == nil, "\(out.dataText)")
        #expect(lines.count >= 3, "\(out.dataText)")
        for (n, line) in lines.enumerated() {
            let frame = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(frame?["frame"] as? Int == n + 1 && frame?["program"] as? String == "civc_j", "\(line)")
        }
    }
}
