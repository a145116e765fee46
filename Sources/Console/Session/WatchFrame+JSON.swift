// A watch frame as JSON (`--json` without a terminal; docs/output.md, "Watch frames as JSON"): one object on
// one line per refresh,
//   {"frame": 3, "time": 1764583200.5, "program": "lat", "state": "enabled", "uptime_seconds": 2.5,
//    "firings_per_second": 2740, "drops": 0, "errors": 0, "every_seconds": 0.5, "view": "table", "delta": false,
//    "aggregations": [A, …]}
// with each A as the view draws it: under `as heatmap` a histogram as the heatmap JSON holding the interval
// this frame ended (none in the first frame, which only starts one; `show … as heatmap --json` prints them
// all); a count/sum table with rates as the rates JSON; with `delta` and no interval ended yet, the
// aggregation JSON with no entries; else the aggregation JSON (with `delta`, of the last interval's values).
import Foundation
import TraceCore
import TraceAgent

extension WatchFrame {
    /// The next frame as one JSON object on one line (no newline).
    mutating func json(backend: any TraceBackend, endsInterval: Bool = true) -> String {
        let endsAnInterval = endsInterval && frameNumber > 0
        let content = read(backend: backend, endsInterval: endsInterval)
        let h = content.header
        var out = "{\"frame\": \(frameNumber), \"time\": " + ViewJSON.format3(Date().timeIntervalSince1970)
        out += ", \"program\": " + AggregationFormatter.jsonString(request.targets.first?.program ?? "")
        out += ", \"state\": \"\(content.state)\", \"uptime_seconds\": " + ViewJSON.format3(h.uptimeSeconds)
        out += ", \"firings_per_second\": " + ViewJSON.format3(h.firingsPerSecond) + ", \"drops\": \(h.drops), \"errors\": \(h.errors)"
        out += ", \"every_seconds\": " + ViewJSON.format3(DurationText.seconds(request.interval))
        out += ", \"view\": \"\(request.view.rawValue)\", \"delta\": \(request.perInterval), \"aggregations\": ["
        out += content.views.map { aggregation($0.snapshot, $0.recorded, endsAnInterval: endsAnInterval) }.joined(separator: ", ")
        return out + "]}"
    }

    /// One aggregation as this request's view draws it.
    private func aggregation(_ s: AggregationSnapshot, _ recorded: AggregationHistory?, endsAnInterval: Bool) -> String {
        switch drawing(s, recorded) {
        case .heatmap:
            return ViewJSON.heatmap(s, intervals: endsAnInterval ? recorded?.intervals.last.map { [$0] } ?? [] : [])
        case .waiting:
            var waiting = s
            waiting.entries = []
            return AggregationFormatter.json(waiting)
        case .rates(let series):
            return ViewJSON.rates(s, rates: series)
        case .plain:
            return AggregationFormatter.json(s)
        }
    }
}
