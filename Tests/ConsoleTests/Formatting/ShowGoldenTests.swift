// Golden tests of the formatting as seen through the console (`show`): a quantize histogram, an lquantize
// with both end buckets, a 3-key table, a scalar, and JSON — real programs, fired with known values.
import Testing
import TraceCore
@testable import Console

enum GoldenProbes {
    static let provider = TraceProvider("cigold")
    static let value = provider.event("golden", "value", "fire", ("v", Int.self), ("a", Int.self), ("b", String.self), ("c", Int.self))
    static func declare() { _ = value }
}

@Suite(.serialized) struct ShowGoldenTests {
    init() { GoldenProbes.declare() }

    func run<R>(_ body: (Interpreter) throws -> R) rethrows -> R {
        try withInterpreter(prefix: "cigold_", provider: "cigold") { i, _ in try body(i) }
    }

    @Test func quantizeHistogram() {
        run { i in
            #expect(i.execute("program cigold_q { cigold:golden:value:fire { @h = quantize(v); } }").succeeded)
            for v in [2, 4, 5, 6, 7, 16, 17, 18] { GoldenProbes.value.fire(v, 0, "", 0) }
            #expect(i.execute("show @h").output == """
                @h:
                           value  ------------- Distribution ------------- count
                               1 |                                         0
                               2 |@@@@@                                    1
                               4 |@@@@@@@@@@@@@@@@@@@@                     4
                               8 |                                         0
                              16 |@@@@@@@@@@@@@@@                          3
                              32 |                                         0
                count 8  p50 7  p90 27  p99 31  max 31

                """)
        }
    }

    @Test func lquantizeWithBothEndBuckets() {
        run { i in
            #expect(i.execute("program cigold_l { cigold:golden:value:fire { @l = lquantize(v, 0, 50, 10); } }").succeeded)
            for v in [-5, -1, 3, 20, 25, 29, 49, 50, 70, 1000] { GoldenProbes.value.fire(v, 0, "", 0) }
            #expect(i.execute("show cigold_l").output == """
                @l:
                           value  ------------- Distribution ------------- count
                             < 0 |@@@@@@@@                                 2
                               0 |@@@@                                     1
                              10 |                                         0
                              20 |@@@@@@@@@@@@                             3
                              30 |                                         0
                              40 |@@@@                                     1
                           >= 50 |@@@@@@@@@@@@                             3
                count 10  p50 26  p90 50  p99 50  max 50

                """)
        }
    }

    @Test func threeKeyTableAscendingAndDescending() {
        run { i in
            #expect(i.execute("program cigold_t { cigold:golden:value:fire { @calls[a, b, c] = sum(v); @total = count(); } }").succeeded)
            let rows: [(Int, Int, String, Int)] = [(1200, 1, "read", 200), (7, 12, "write", 3), (55, -5, "close", 1), (7, 3, "open", 40)]
            for (v, a, b, c) in rows { GoldenProbes.value.fire(v, a, b, c) }
            #expect(i.execute("show cigold_t").output == """
                @calls:
                  3   open   40      7
                  12  write  3       7
                  -5  close  1      55
                  1   read   200  1200

                @total: 4

                """)
            #expect(i.execute("show @calls desc").output == """
                @calls:
                  1   read   200  1200
                  -5  close  1      55
                  3   open   40      7
                  12  write  3       7

                """)
        }
    }

    @Test func jsonLines() {
        run { i in
            #expect(i.execute("program cigold_j { cigold:golden:value:fire { @by[b, a] = count(); @q = quantize(v); @m = avg(v); } }").succeeded)
            for (v, a, b) in [(1, 1, "x"), (2, 1, "x"), (3, 2, "y\"q")] { GoldenProbes.value.fire(v, a, b, 0) }
            #expect(i.execute("show cigold_j --json").output == """
                {"program": "cigold_j", "aggregation": "by", "function": "count", "entries": [{"key": ["y\\"q", 2], "value": 1}, {"key": ["x", 1], "value": 2}]}
                {"program": "cigold_j", "aggregation": "q", "function": "quantize", "entries": [{"key": [], "value": {"buckets": [[1, 1], [2, 2]], "count": 3, "p50": 2, "p90": 3, "p99": 3, "max": 3}}]}
                {"program": "cigold_j", "aggregation": "m", "function": "avg", "entries": [{"key": [], "value": 2}]}

                """)
        }
    }

    @Test func sharedNamesAreQualified() {
        run { i in
            _ = i.execute("program cigold_a { cigold:golden:value:fire { @n = count(); } }")
            _ = i.execute("program cigold_b { cigold:golden:value:fire /v > 1/ { @n = count(); @only_b = max(v); } }")
            for v in [1, 2, 3] { GoldenProbes.value.fire(v, 0, "", 0) }
            #expect(i.execute("show").output == "cigold_a.@n: 3\n\ncigold_b.@n: 2\n\n@only_b: 3\n")
            #expect(i.execute("show @n").messages == "error: @n is in several programs: write cigold_a.@n or cigold_b.@n\n")
            #expect(i.execute("show cigold_b.@n").output == "cigold_b.@n: 2\n")
        }
    }
}
