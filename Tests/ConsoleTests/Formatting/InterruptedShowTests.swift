// Ctrl-C during a long `show` stops the formatting itself, not just the printing: each form (rows, keyed
// histograms, JSON, stacks, folded stacks and call trees) looks at the interruption before every row and makes
// no more rows once it is set.
import Testing
import TraceCore
@testable import Console

@Suite struct InterruptedShowTests {
    /// 100 000 keys counted once each.
    static let big = AggregationSnapshot(program: "p", name: "x", function: .count, keyTypes: [.int],
                                         entries: (0..<100_000).map { AggregationEntry(key: [.int(Int64($0))], value: .scalar(1)) })

    /// Runs `render` with a stop check that says stop from its `after`-th question on; how often it was asked.
    static func questions(after: Int, _ render: (() -> Bool) -> String) -> (asked: Int, text: String) {
        var asked = 0
        let text = render {
            asked += 1
            return asked >= after
        }
        return (asked, text)
    }

    @Test func rowsStopOnceInterrupted() {
        let shown = [ShownAggregation(snapshot: Self.big, qualified: false)]
        let whole = AggregationText.show(shown, descending: false, json: false)
        #expect(whole.split(separator: "\n").count == 100_001)
        let cut = Self.questions(after: 10) { AggregationText.show(shown, descending: false, json: false, shouldStop: $0) }
        #expect(cut.asked == 10, "no question after the answer was stop")
        #expect(cut.text.split(separator: "\n").count < 10)
    }

    @Test func jsonStopsOnceInterrupted() {
        let shown = [ShownAggregation(snapshot: Self.big, qualified: false)]
        let cut = Self.questions(after: 10) { AggregationText.show(shown, descending: false, json: true, shouldStop: $0) }
        #expect(cut.asked == 10)
        #expect(cut.text.components(separatedBy: "\"key\"").count - 1 < 10)
    }

    @Test func keyedHistogramsAndStacksStopOnceInterrupted() {
        var h = AggregationSnapshot(program: "p", name: "h", function: .quantize, keyTypes: [.int], entries: [])
        h.entries = (0..<1_000).map { i in
            AggregationEntry(key: [.int(Int64(i))], value: .histogram(Fixtures.quantize))
        }
        let hist = Self.questions(after: 5) { AggregationFormatter.text(h, shouldStop: $0) }
        #expect(hist.asked == 5)
        #expect(hist.text.components(separatedBy: "Distribution").count - 1 == 4)

        let stacks = AggregationSnapshot(program: "p", name: "s", function: .count, keyTypes: [.stack],
                                         entries: (0..<1_000).map { AggregationEntry(key: [.stack(["m`f\($0)+0x1"])], value: .scalar(1)) })
        let cut = Self.questions(after: 5) { AggregationFormatter.text(stacks, shouldStop: $0) }
        #expect(cut.asked == 5)
        #expect(cut.text.components(separatedBy: "m`f").count - 1 == 4)
        let folded = Self.questions(after: 5) { StackText.folded(stacks, shouldStop: $0) }
        #expect(folded.asked == 5)
        #expect(folded.text.split(separator: "\n").count == 4)
        let tree = Self.questions(after: 5) { StackText.tree(stacks, width: 100, minimumPercent: 0, shouldStop: $0) }
        #expect(tree.asked == 5)
        #expect(tree.text.split(separator: "\n").count == 4)
    }
}
