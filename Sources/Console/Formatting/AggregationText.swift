// Aggregations as `show`, `(getagg …)` and the end of a `--duration` run print them (docs/output.md), and
// trace output records as the console prints them. All through AggregationFormatter.
import TraceCore
import TraceAgent

/// One aggregation to print, and whether its name must be qualified (`lat.@calls`) because another program
/// has an aggregation of the same name.
struct ShownAggregation {
    var snapshot: AggregationSnapshot
    var qualified: Bool
}

/// The console's text and JSON forms of aggregations and trace output.
enum AggregationText {
    /// Blocks separated by one blank line (text), or one JSON object per line.
    static func show(_ aggregations: [ShownAggregation], descending: Bool, json: Bool) -> String {
        if json {
            return aggregations.map { AggregationFormatter.json($0.snapshot) + "\n" }.joined()
        }
        return AggregationFormatter.joinedBlocks(aggregations.map {
            AggregationFormatter.text(EntryOrder.presorted($0.snapshot, descending: descending),
                                      qualifiedProgram: $0.qualified ? $0.snapshot.program : nil, descending: descending)
        })
    }

    /// What a trace output record prints: data (printf text, printa rows) or a notice (errors, exits).
    static func render(_ record: TraceOutput) -> (data: String, notice: String) {
        switch record.kind {
        case .text(let s):
            return (s, "")
        case .aggregation(let snapshot, let format, let withName):
            if withName { return (AggregationFormatter.text(snapshot), "") }
            let parsed = format.flatMap { try? PrintfFormat.parse($0, allowAggregationValue: true) }
            return (AggregationFormatter.rows(snapshot, format: parsed), "")
        case .error(let s):
            return ("", s.hasSuffix("\n") ? s : s + "\n")
        case .exited:
            return ("", "program '\(record.program)' called exit() and is now disabled\n")
        case .overBudget(let s):
            return ("", s.hasSuffix("\n") ? s : s + "\n")
        }
    }
}
