// `--interval D` in a script: every D, each aggregation's values of the last D — what `dtrace -i`-style users
// get from printing and clearing on a tick. Nothing is cleared: each report is the difference from the
// previous read (IntervalDelta), so no firing between a print and a clear is lost, and the reports add up to
// the totals. The last report, after every program stopped, covers the last (possibly shorter) interval.
//
// Text: a line `-- interval 3 --`, then the aggregations as `show` prints them. JSON: the aggregation's
// JSON object with `"interval": 3` first.
import TraceCore

/// Reports of each interval's values, numbered from 1.
struct IntervalReport {
    let interpreter: Interpreter
    let json: Bool
    private var previous: [String: AggregationSnapshot] = [:]
    private var number = 0

    init(interpreter: Interpreter, json: Bool) {
        self.interpreter = interpreter
        self.json = json
    }

    /// The next interval's report: every aggregation minus its previous read.
    mutating func next() -> CommandResult {
        number += 1
        var shown: [ShownAggregation] = []
        do throws(CommandError) {
            let list = try interpreter.allPrograms()
            let shared = Interpreter.sharedNames(list)
            for p in list {
                for s in try interpreter.snapshots(of: p.name) {
                    let key = s.program + "\u{0}" + s.name
                    shown.append(ShownAggregation(snapshot: IntervalDelta.between(previous[key], s), qualified: shared.contains(s.name)))
                    previous[key] = s
                }
            }
        } catch {
            return .failure(error.message)
        }
        if json {
            return CommandResult(output: shown.map { "{\"interval\": \(number), " + AggregationFormatter.json($0.snapshot).dropFirst() + "\n" }.joined())
        }
        return CommandResult(output: "-- interval \(number) --\n" + AggregationText.show(shown, descending: false, json: false) + "\n")
    }
}
