import Foundation
import Testing
@testable import Console
import TraceCore

@Suite struct AggregationJSONTests {
    /// Checks the line is one valid JSON object and returns it.
    @discardableResult
    func parsed(_ line: String) throws -> [String: Any] {
        #expect(!line.contains("\n"))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func countWithStringAndIntegerKeysEscaped() throws {
        let s = AggregationSnapshot(program: "p1", name: "calls", function: .count, keyTypes: [.string, .int], entries: [
            AggregationEntry(key: [.string("a\"b\\c\n\u{1}é"), .int(-1)], value: .scalar(9)),
            AggregationEntry(key: [.string("read"), .int(3)], value: .scalar(5)),
        ])
        let line = AggregationFormatter.json(s)
        #expect(line == #"{"program": "p1", "aggregation": "calls", "function": "count", "entries": [{"key": ["read", 3], "value": 5}, {"key": ["a\"b\\c\n\u0001é", -1], "value": 9}]}"#)
        let object = try parsed(line)
        let entries = try #require(object["entries"] as? [[String: Any]])
        let key = try #require(entries[1]["key"] as? [Any])
        #expect(key[0] as? String == "a\"b\\c\n\u{1}é")
        #expect((key[1] as? NSNumber)?.int64Value == -1)
    }

    @Test func scalarFunctions() throws {
        let cases: [(AggregationFunction, AggregationValue, String)] = [
            (.sum, .scalar(-12), "-12"),
            (.min, .scalar(3), "3"),
            (.max, .scalar(9_000_000_000_000), "9000000000000"),
            (.avg, .average(count: 4, sum: 10), "2.5"),
            (.avg, .average(count: 2, sum: 10), "5"),
            (.avg, .average(count: 0, sum: 0), "0"),
            (.stddev, .deviation(count: 8, sum: 40, sumOfSquares: 232), "2"),
            (.stddev, .deviation(count: 2, sum: 3, sumOfSquares: 5), "0.5"),
        ]
        for (function, value, text) in cases {
            let line = AggregationFormatter.json(Fixtures.scalar(function, value))
            #expect(line == #"{"program": "p1", "aggregation": "x", "function": "\#(function.name)", "entries": [{"key": [], "value": \#(text)}]}"#)
            let entries = try #require(try parsed(line)["entries"] as? [[String: Any]])
            #expect((entries[0]["value"] as? NSNumber)?.doubleValue == Double(text))
        }
    }

    @Test func quantize() throws {
        let s = AggregationSnapshot(program: "lat", name: "lat", function: .quantize, keyTypes: [],
                                    entries: [AggregationEntry(key: [], value: .histogram(Fixtures.quantize))])
        let line = AggregationFormatter.json(s)
        #expect(line == #"{"program": "lat", "aggregation": "lat", "function": "quantize", "entries": [{"key": [], "value": {"buckets": [[2, 1], [4, 4], [16, 3]], "count": 8, "sum": 92, "p50": 7, "p90": 27, "p99": 31, "max": 31}}]}"#)
        try parsed(line)
    }

    @Test func lquantizeUnderflowBucketHasTheSmallestInt64() throws {
        let s = AggregationSnapshot(program: "p", name: "fd", function: .lquantize(low: 0, high: 100, step: 10), keyTypes: [.string],
                                    entries: [AggregationEntry(key: [.string("w")], value: .histogram(Fixtures.lquantize))])
        let line = AggregationFormatter.json(s)
        #expect(line == #"{"program": "p", "aggregation": "fd", "function": "lquantize", "entries": [{"key": ["w"], "value": {"buckets": [[-9223372036854775808, 2], [0, 1], [20, 3], [100, 4]], "count": 10, "sum": 470, "p50": 26, "p90": 100, "p99": 100, "max": 100}}]}"#)
        let entries = try #require(try parsed(line)["entries"] as? [[String: Any]])
        let value = try #require(entries[0]["value"] as? [String: Any])
        let buckets = try #require(value["buckets"] as? [[NSNumber]])
        #expect(buckets[0][0].int64Value == Int64.min)
    }

    @Test func llquantize() throws {
        let s = AggregationSnapshot(program: "p", name: "", function: .llquantize(factor: 10, lowMagnitude: 0, highMagnitude: 1, steps: 10),
                                    keyTypes: [], entries: [AggregationEntry(key: [], value: .histogram(Fixtures.llquantize))])
        let line = AggregationFormatter.json(s)
        #expect(line == #"{"program": "p", "aggregation": "", "function": "llquantize", "entries": [{"key": [], "value": {"buckets": [[-9223372036854775808, 1], [5, 2], [30, 1]], "count": 4, "sum": 45, "p50": 5, "p90": 36, "p99": 39, "max": 39}}]}"#)
        try parsed(line)
    }

    @Test func entriesSortedByValueThenKeyAndEmpty() throws {
        let line = AggregationFormatter.json(Fixtures.table)
        #expect(line == #"{"program": "io", "aggregation": "calls", "function": "count", "entries": [{"key": [3, "open", 40], "value": 7}, {"key": [12, "write", 3], "value": 7}, {"key": [-5, "close", 1], "value": 55}, {"key": [1, "read", 200], "value": 1200}]}"#)
        try parsed(line)
        let empty = AggregationSnapshot(program: "p", name: "c", function: .count, keyTypes: [.int], entries: [])
        #expect(AggregationFormatter.json(empty) == #"{"program": "p", "aggregation": "c", "function": "count", "entries": []}"#)
        try parsed(AggregationFormatter.json(empty))
    }
}
