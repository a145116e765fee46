// Golden tests of the formatting as seen through the console (`show`): a quantize histogram, an lquantize
// with both end buckets, a 3-key table, a scalar, and JSON — real programs, fired with known values. The
// expected outputs are the files in Golden/ beside this one.
import TestSupport
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

    /// `Golden/NAME.txt` beside this file: what `show` prints, compared whole (`TRACE_RECORD_GOLDEN=1` rewrites it).
    func golden(_ name: String) -> GoldenFile { GoldenFile("\(name).txt", in: "Golden", beside: #filePath) }

    @Test func quantizeHistogram() {
        run { i in
            #expect(i.execute("program cigold_q { cigold:golden:value:fire { @h = quantize(v); } }").succeeded)
            for v in [2, 4, 5, 6, 7, 16, 17, 18] { GoldenProbes.value.fire(v, 0, "", 0) }
            golden("quantize").check(i.execute("show @h").output)
        }
    }

    @Test func lquantizeWithBothEndBuckets() {
        run { i in
            #expect(i.execute("program cigold_l { cigold:golden:value:fire { @l = lquantize(v, 0, 50, 10); } }").succeeded)
            for v in [-5, -1, 3, 20, 25, 29, 49, 50, 70, 1000] { GoldenProbes.value.fire(v, 0, "", 0) }
            golden("lquantize").check(i.execute("show cigold_l").output)
        }
    }

    @Test func threeKeyTableAscendingAndDescending() {
        run { i in
            #expect(i.execute("program cigold_t { cigold:golden:value:fire { @calls[a, b, c] = sum(v); @total = count(); } }").succeeded)
            let rows: [(Int, Int, String, Int)] = [(1200, 1, "read", 200), (7, 12, "write", 3), (55, -5, "close", 1), (7, 3, "open", 40)]
            for (v, a, b, c) in rows { GoldenProbes.value.fire(v, a, b, c) }
            golden("table").check(i.execute("show cigold_t").output)
            golden("table-descending").check(i.execute("show @calls desc").output)
        }
    }

    @Test func jsonLines() {
        run { i in
            #expect(i.execute("program cigold_j { cigold:golden:value:fire { @by[b, a] = count(); @q = quantize(v); @m = avg(v); } }").succeeded)
            for (v, a, b) in [(1, 1, "x"), (2, 1, "x"), (3, 2, "y\"q")] { GoldenProbes.value.fire(v, a, b, 0) }
            golden("json").check(i.execute("show cigold_j --json").output)
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
