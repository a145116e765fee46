// One frame of the live view: the watched programs' statuses and aggregations, laid out by LiveViewRenderer.
// Firings per second are measured between frames.
import TraceCore
import TraceAgent

/// Builds frames for a watch request, remembering the previous sample to compute rates (package-visible for
/// the benchmark's render case).
package struct WatchFrame {
    let request: WatchRequest
    private var lastFirings: Int64?
    private var lastTime: ContinuousClock.Instant?

    package init(request: WatchRequest) { self.request = request }

    /// The lines of the next frame for a window of `width` × `height`.
    package mutating func render(backend: any TraceBackend, width: Int, height: Int, unicode: Bool) -> [String] {
        let programs: [ProgramInfo]
        if case .programs(let list) = backend.perform(.listPrograms) { programs = list } else { programs = [] }
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
        var label = primaryName
        if primary == nil { label += " (deleted)" } else if primary?.enabled == false { label += " (disabled)" }
        let header = LiveViewHeader(program: label, uptimeSeconds: Double(primary?.uptimeNanoseconds ?? 0) / 1e9,
                                    firingsPerSecond: rate,
                                    drops: mine.reduce(Int64(0)) { $0 + $1.totalDrops },
                                    errors: mine.reduce(Int64(0)) { $0 + $1.errors })
        // The renderer qualifies aggregations of programs other than the header's; the label may carry a state.
        let named = snapshots.map { s -> AggregationSnapshot in
            var s = EntryOrder.presorted(s, descending: true)
            if s.program == primaryName { s.program = label }
            return s
        }
        return LiveViewRenderer.render(header: header, snapshots: named, width: width, height: height, unicode: unicode)
    }
}
