// The console's pre-sort gives the formatters' order exactly (for text in normalized form).
import Testing
import TraceCore
@testable import Console

@Suite struct EntryOrderTests {
    @Test func matchesTheFormattersOrder() {
        var generator = SystemRandomNumberGenerator()
        let strings = ["", "a", "ab", "b", "a\u{0}", "é", "z", "日本", "A", "a b"]
        for _ in 0..<50 {
            var entries: [AggregationEntry] = []
            var seen = Set<[KeyComponent]>()
            for _ in 0..<60 {
                let key: [KeyComponent] = [
                    Bool.random(using: &generator) ? .int(Int64.random(in: -3...3, using: &generator)) : .string(strings.randomElement(using: &generator)!),
                    .int(Int64.random(in: Int64.min...Int64.max, using: &generator) % 3),
                ]
                guard seen.insert(key).inserted else { continue }
                entries.append(AggregationEntry(key: key, value: .scalar(Int64.random(in: 0...3, using: &generator))))
            }
            let snapshot = AggregationSnapshot(program: "p", name: "n", function: .count, keyTypes: [.string, .int], entries: entries)
            for descending in [false, true] {
                #expect(EntryOrder.presorted(snapshot, descending: descending).entries
                        == EntryOrder.sorted(entries, descending: descending))
            }
        }
    }
}
