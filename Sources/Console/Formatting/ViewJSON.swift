// The views as JSON, one object on one line each (docs/output.md, "Views as JSON"), in the form of the
// aggregation JSON (`program`, `aggregation`, `function`) plus `view`:
//   heatmap: {"view": "heatmap", "intervals": [{"end": 1764583200.5, "seconds": 1, "value": H}, …]}
//            H as a histogram's value in the aggregation JSON; `end` in seconds since 1970, oldest first.
//   rates:   {"view": "rates", "seconds": 1, "entries": [{"key": […], "value": V, "rate": R, "intervals": [v, …]}]}
//            largest rate first; `intervals` the key's last interval values, oldest first.
//   diff:    {"view": "diff", "before": {…}, "after": {…}, "changes": {…}} (HistogramDiff.json).
import TraceCore

/// JSON forms of the heatmap and rates views.
enum ViewJSON {
    static func head(_ s: AggregationSnapshot, view: String) -> String {
        "{\"program\": " + AggregationFormatter.jsonString(s.program) + ", \"aggregation\": " + AggregationFormatter.jsonString(s.name)
            + ", \"function\": " + AggregationFormatter.jsonString(s.function.name) + ", \"view\": \"\(view)\""
    }

    /// The heatmap's intervals, oldest first.
    static func heatmap(_ s: AggregationSnapshot, intervals: [HistogramInterval]) -> String {
        head(s, view: "heatmap") + ", \"intervals\": [" + intervals.map { i in
            "{\"end\": " + format3(i.end) + ", \"seconds\": " + format3(i.seconds)
                + ", \"value\": " + AggregationFormatter.jsonValue(.histogram(i.histogram)) + "}"
        }.joined(separator: ", ") + "]}"
    }

    /// Each key's value, rate and last intervals, largest rate first.
    static func rates(_ s: AggregationSnapshot, rates: IntervalSeries) -> String {
        let entries = RateTable.byRate(EntryOrder.sorted(s.entries, descending: true), rates)
        return head(s, view: "rates") + ", \"seconds\": " + format3(rates.seconds) + ", \"entries\": [" + entries.map { e in
            "{\"key\": [" + e.key.map(AggregationFormatter.jsonKey).joined(separator: ", ") + "], \"value\": "
                + AggregationFormatter.jsonValue(e.value) + ", \"rate\": " + format3(rates.rate(e.key))
                + ", \"intervals\": [" + (rates.series[e.key] ?? []).map(String.init).joined(separator: ", ") + "]}"
        }.joined(separator: ", ") + "]}"
    }

    /// A number with at most three decimals, as JSON (`1`, `0.25`, `1764583200.125`).
    static func format3(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        return AggregationFormatter.jsonNumber((d * 1000).rounded() / 1000)
    }
}
