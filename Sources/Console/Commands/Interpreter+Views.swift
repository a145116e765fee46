// `watch … as VIEW` / `show … as VIEW`: the view words, and `show @agg as heatmap|rates [--json]`, which
// prints what the watch recorded interval by interval.
import TraceCore
import TraceAgent

extension Interpreter {
    /// The view named after `as` (`heatmap`, `rates`).
    static func viewWord(_ word: String?, for command: String) throws(CommandError) -> WatchView {
        guard let word else { throw CommandError("usage: \(command) @AGG as heatmap|rates") }
        guard word != "table", let view = WatchView(rawValue: word) else {
            throw CommandError("unknown view '\(word)' (heatmap or rates)" + didYouMean(EditDistance.nearest(to: word, among: WatchView.words)))
        }
        return view
    }

    /// `show @AGG… as heatmap|rates [--json]`.
    func showView(_ args: [String]) throws(CommandError) -> CommandResult {
        let at = args.firstIndex(of: "as")!
        let view: WatchView? = try Self.viewWord(at + 1 < args.count ? args[at + 1] : nil, for: "show")
        var json = false
        var words: [String] = []
        var i = 0
        while i < args.count {
            switch args[i] {
            case "as":
                i += 1
            case "--json": json = true
            default:
                guard Self.isAggregationWord(args[i]) else {
                    throw CommandError("show … as \(view?.rawValue ?? "VIEW") takes aggregations (@name), not '\(args[i])'")
                }
                words.append(args[i])
            }
            i += 1
        }
        guard let view, !words.isEmpty else { throw CommandError("usage: show @AGG as heatmap|rates [--json]") }
        let list = try allPrograms()
        let shared = Self.sharedNames(list)
        let layout = views.layout
        var blocks: [String] = []
        for w in words {
            let ref = try resolveAggregation(w, in: list)
            let s = try snapshot(ref)
            let name = Self.displayName(ref, shared: shared)
            let recorded = views.history.history(program: ref.program, name: ref.name)
            switch view {
            case .heatmap:
                guard s.function.isHistogram else {
                    throw CommandError("\(name) is a \(s.function.name) aggregation: a heatmap needs quantize, lquantize or llquantize")
                }
                guard let intervals = recorded?.intervals, !intervals.isEmpty else {
                    throw CommandError("no heatmap recorded for \(name) yet: watch \(name) as heatmap records one, interval by interval")
                }
                if json { blocks.append(ViewJSON.heatmap(s, intervals: intervals) + "\n"); continue }
                let every = recorded?.every.map(DurationText.format) ?? ""
                blocks.append("\(name): heatmap, \(Self.plural(intervals.count, "interval")) of \(every), newest at the right\n"
                              + Heatmap.lines(intervals, width: layout.columns, unicode: layout.unicode, colors: layout.colors, compact: true).joined(separator: "\n") + "\n")
            case .rates, .table:
                guard s.function == .count || s.function == .sum else {
                    throw CommandError("\(name) is a \(s.function.name) aggregation: rates need count or sum")
                }
                guard let recorded, let latest = recorded.latest else {
                    throw CommandError("no rates recorded for \(name) yet: watch \(name) records them, interval by interval")
                }
                let series = IntervalSeries(series: recorded.series, seconds: latest.seconds)
                if json { blocks.append(ViewJSON.rates(s, rates: series) + "\n"); continue }
                let style = Style(width: Int.max / 4, unicode: layout.unicode, program: "")
                let rows = RateTable.rows(RateTable.byRate(EntryOrder.sorted(s.entries, descending: true), series), rates: series, style: style)
                blocks.append("\(name):\n" + rows.map { $0 + "\n" }.joined())
            }
        }
        return CommandResult(output: json ? blocks.joined() : blocks.joined(separator: "\n"))
    }
}
