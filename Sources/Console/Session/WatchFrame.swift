// One frame of the live view: the watched programs' statuses and aggregations, laid out by LiveViewRenderer.
// Firings per second are measured between frames. A frame that ends an interval records every aggregation
// it read in the ViewHistory; the request's view then draws from it: rates and sparklines for count/sum
// tables, a heatmap for histograms (`as heatmap`), each interval's values (`delta`).
import Foundation
import Terminal
import TraceCore
import TraceAgent

/// Builds frames for a watch request, remembering the previous sample to compute rates (package-visible for
/// the benchmark's render case).
package struct WatchFrame {
    let request: WatchRequest
    /// Where each interval's values are recorded (shared with the interpreter's `show … as VIEW`).
    let history: ViewHistory
    private var lastFirings: Int64?
    private var lastTime: ContinuousClock.Instant?
    private var started = false
    /// How many frames were read (the JSON frames' numbers).
    private(set) var frameNumber = 0

    package init(request: WatchRequest) { self.init(request: request, history: ViewHistory()) }

    init(request: WatchRequest, history: ViewHistory) {
        self.request = request
        self.history = history
    }

    /// What one frame shows: the header (its program label carrying a state) and each aggregation as read,
    /// with what was recorded for it.
    struct Content {
        var header: LiveViewHeader
        /// The watched programs' state, for JSON: `enabled`, `disabled` or `deleted`.
        var state: String
        var views: [(snapshot: AggregationSnapshot, recorded: AggregationHistory?)]
    }

    /// The lines of the next frame for a window of `width` × `height`. `endsInterval` false (a redraw after a
    /// resize) draws the frame without recording an interval; `colors` colours heatmaps (256 colours).
    package mutating func render(backend: any TraceBackend, width: Int, height: Int, unicode: Bool, colors: Bool = false,
                                 endsInterval: Bool = true) -> [String] {
        let content = read(backend: backend, endsInterval: endsInterval)
        // The renderer qualifies aggregations of programs other than the header's; the label may carry a state.
        let primaryName = request.targets.first?.program ?? ""
        let views = content.views.map { view -> (AggregationSnapshot, AggregationHistory?) in
            var shown = EntryOrder.presorted(view.snapshot, descending: true)
            if shown.program == primaryName { shown.program = content.header.program }
            return (shown, view.recorded)
        }
        var lines = LiveViewRenderer.render(header: content.header, width: width, height: height, unicode: unicode, colors: colors) { style, cap in
            views.map { snapshot, recorded in block(snapshot, recorded, style: style, cap: cap) }
        }
        if request.perInterval, !lines.isEmpty {
            lines[0] = DisplayWidth.truncate(lines[0] + "  values per \(DurationText.format(request.interval))", to: width,
                                             ellipsis: unicode ? "…" : "...")
        }
        return lines
    }

    /// Reads the programs and aggregations, measures the firing rate and, when the frame ends an interval (or is
    /// the first), records it in the history. With `delta`, tables and bars show the last interval's values.
    mutating func read(backend: any TraceBackend, endsInterval: Bool) -> Content {
        frameNumber += 1
        var programs: [ProgramInfo] = []
        if case .programs(let list) = backend.perform(.listPrograms) {
            programs = list
            history.keepOnly(programs: Set(list.map(\.name)))   // the histories of programs deleted elsewhere go
        }
        let watched = Array(Set(request.targets.map(\.program)))
        let primaryName = request.targets.first?.program ?? ""
        let primary = programs.first { $0.name == primaryName }
        let mine = programs.filter { watched.contains($0.name) }
        let firings = mine.reduce(Int64(0)) { $0 + $1.firings }
        let now = ContinuousClock.now
        var rate = 0.0
        if let lastFirings, let lastTime {
            let dt = DurationText.seconds(now - lastTime)
            if dt > 0 { rate = Double(max(0, firings - lastFirings)) / dt }
        } else if let primary, primary.uptimeNanoseconds > 0 {
            rate = Double(firings) / (Double(primary.uptimeNanoseconds) / 1e9)
        }
        lastFirings = firings
        lastTime = now

        var snapshots: [AggregationSnapshot] = []
        for target in request.targets {
            switch target {
            case .program(let p):
                if case .snapshots(let list) = backend.perform(.aggregations(program: p)) { snapshots += list }
            case .aggregation(let p, let name):
                if case .snapshots(let list) = backend.perform(.aggregation(program: p, name: name)) { snapshots += list }
            }
        }
        let state = primary == nil ? "deleted" : primary?.enabled == false ? "disabled" : "enabled"
        let label = primaryName + (state == "enabled" ? "" : " (\(state))")
        let header = LiveViewHeader(program: label, uptimeSeconds: Double(primary?.uptimeNanoseconds ?? 0) / 1e9,
                                    firingsPerSecond: rate,
                                    drops: mine.reduce(Int64(0)) { $0 + $1.totalDrops },
                                    errors: mine.reduce(Int64(0)) { $0 + $1.errors })
        if endsInterval || !started {
            history.record(snapshots, at: now, wallClock: Date().timeIntervalSince1970, every: request.interval, baseline: !started)
            started = true
        }
        let views = snapshots.map { s -> (snapshot: AggregationSnapshot, recorded: AggregationHistory?) in
            let recorded = history.history(program: s.program, name: s.name)
            if request.perInterval && request.view != .heatmap, let latest = recorded?.latest { return (latest.values, recorded) }
            return (s, recorded)
        }
        return Content(header: header, state: state, views: views)
    }

    /// How this request's view draws an aggregation (the text and the JSON frames alike).
    enum Drawing {
        /// Over time (`as heatmap`, a histogram).
        case heatmap
        /// `delta` before the first interval has ended.
        case waiting
        /// A count/sum table with a rate and sparkline per key (a keyed table, or `as rates`), once an interval ended.
        case rates(IntervalSeries)
        /// As read: the table, scalar or bars.
        case plain
    }

    /// How this request's view draws `snapshot`, given what was recorded for it.
    func drawing(_ snapshot: AggregationSnapshot, _ recorded: AggregationHistory?) -> Drawing {
        let function = snapshot.function
        if request.view == .heatmap && function.isHistogram { return .heatmap }
        if request.perInterval && recorded?.latest == nil { return .waiting }
        if function == .count || function == .sum, let recorded, let latest = recorded.latest,
           request.view == .rates || !snapshot.keyTypes.isEmpty {
            return .rates(IntervalSeries(series: recorded.series, seconds: latest.seconds))
        }
        return .plain
    }

    /// One aggregation's block in this request's view.
    private func block(_ snapshot: AggregationSnapshot, _ recorded: AggregationHistory?, style: Style, cap: Int) -> Block {
        switch drawing(snapshot, recorded) {
        case .heatmap: return .heatmap(snapshot, intervals: recorded?.intervals ?? [], every: request.interval, style: style, cap: cap)
        case .waiting: return .waiting(snapshot, style: style)
        case .rates(let series): return .rates(snapshot, rates: series, byRate: request.view == .rates, style: style, cap: cap)
        case .plain: return Block(snapshot, style: style, cap: cap)
        }
    }
}
