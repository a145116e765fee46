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
    /// Blocks separated by one blank line (text), or one JSON object per line. Once `shouldStop` says so (Ctrl-C),
    /// the rest is left out: what is returned is then cut short.
    static func show(_ aggregations: [ShownAggregation], descending: Bool, json: Bool,
                     shouldStop: () -> Bool = { false }) -> String {
        var blocks: [String] = []
        for a in aggregations {
            if shouldStop() { break }
            if json {
                blocks.append(AggregationFormatter.json(a.snapshot, shouldStop: shouldStop) + "\n")
            } else {
                blocks.append(AggregationFormatter.text(EntryOrder.presorted(a.snapshot, descending: descending),
                                                        qualifiedProgram: a.qualified ? a.snapshot.program : nil,
                                                        descending: descending, shouldStop: shouldStop))
            }
        }
        return json ? blocks.joined() : AggregationFormatter.joinedBlocks(blocks)
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
