import Foundation
import Testing
@testable import Console
import TraceCore

/// Hand-built snapshots shared by the formatter tests.
enum Fixtures {
    /// quantize: 1 value in [2,4), 4 in [4,8), 3 in [16,32): 3, 4, 5, 6, 7, 16, 20, 31 (sum 92).
    static var quantize: HistogramValue {
        var counts = [Int64](repeating: 0, count: 128)
        counts[66] = 1; counts[67] = 4; counts[69] = 3
        return HistogramValue(layout: HistogramLayout(kind: .quantize), counts: counts, sum: 92)
    }

    /// lquantize(x, 0, 100, 10): 2 below 0, 1 in [0,10), 3 in [20,30), 4 at or above 100: -5, -5, 5, 25, 25, 25, 100 ×4 (sum 470).
    static var lquantize: HistogramValue {
        let layout = HistogramLayout(kind: .linear(low: 0, high: 100, step: 10))
        var counts = [Int64](repeating: 0, count: layout.count)
        counts[0] = 2; counts[1] = 1; counts[3] = 3; counts[layout.count - 1] = 4
        return HistogramValue(layout: layout, counts: counts, sum: 470)
    }

    /// llquantize(x, 10, 0, 1, 10): 1 below 1, 2 at 5, 1 in [30,40): 0, 5, 5, 35 (sum 45).
    static var llquantize: HistogramValue {
        let layout = HistogramLayout(kind: .logLinear(factor: 10, lowMagnitude: 0, highMagnitude: 1, steps: 10))
        var counts = [Int64](repeating: 0, count: layout.count)
        counts[0] = 1; counts[5] = 2; counts[12] = 1
        return HistogramValue(layout: layout, counts: counts, sum: 45)
    }

    static func quantize(_ buckets: [Int: Int64]) -> HistogramValue {
        var counts = [Int64](repeating: 0, count: 128)
        for (i, c) in buckets { counts[i] = c }
        return HistogramValue(layout: HistogramLayout(kind: .quantize), counts: counts)
    }

    static func scalar(_ function: AggregationFunction, _ value: AggregationValue, name: String = "x") -> AggregationSnapshot {
        AggregationSnapshot(program: "p1", name: name, function: function, keyTypes: [],
                            entries: [AggregationEntry(key: [], value: value)])
    }

    /// count() keyed by (int, string, int).
    static var table: AggregationSnapshot {
        AggregationSnapshot(program: "io", name: "calls", function: .count, keyTypes: [.int, .string, .int], entries: [
            AggregationEntry(key: [.int(1), .string("read"), .int(200)], value: .scalar(1200)),
            AggregationEntry(key: [.int(12), .string("write"), .int(3)], value: .scalar(7)),
            AggregationEntry(key: [.int(-5), .string("close"), .int(1)], value: .scalar(55)),
            AggregationEntry(key: [.int(3), .string("open"), .int(40)], value: .scalar(7)),
        ])
    }

    /// quantize keyed by a string: "write" has 2 values in [2,4), "read" 1 in [4,8).
    static var keyedHistogram: AggregationSnapshot {
        AggregationSnapshot(program: "lat", name: "lat", function: .quantize, keyTypes: [.string], entries: [
            AggregationEntry(key: [.string("write")], value: .histogram(quantize([66: 2]))),
            AggregationEntry(key: [.string("read")], value: .histogram(quantize([67: 1]))),
        ])
    }
}

@Suite struct HistogramFormatTests {
    @Test func quantizeGolden() {
        #expect(AggregationFormatter.histogram(Fixtures.quantize) == """
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

    @Test func lquantizeWithBothEndBuckets() {
        #expect(AggregationFormatter.histogram(Fixtures.lquantize) == """
                       value  ------------- Distribution ------------- count
                         < 0 |@@@@@@@@                                 2
                           0 |@@@@                                     1
                          10 |                                         0
                          20 |@@@@@@@@@@@@                             3
                          30 |                                         0
                          40 |                                         0
                          50 |                                         0
                          60 |                                         0
                          70 |                                         0
                          80 |                                         0
                          90 |                                         0
                      >= 100 |@@@@@@@@@@@@@@@@                         4
            count 10  p50 26  p90 100  p99 100  max 100

            """)
    }

    @Test func llquantizeGolden() {
        #expect(AggregationFormatter.histogram(Fixtures.llquantize) == """
                       value  ------------- Distribution ------------- count
                         < 1 |@@@@@@@@@@                               1
                           1 |                                         0
                           2 |                                         0
                           3 |                                         0
                           4 |                                         0
                           5 |@@@@@@@@@@@@@@@@@@@@                     2
                           6 |                                         0
                           7 |                                         0
                           8 |                                         0
                           9 |                                         0
                          10 |                                         0
                          20 |                                         0
                          30 |@@@@@@@@@@                               1
                          40 |                                         0
            count 4  p50 5  p90 36  p99 39  max 39

            """)
    }

    @Test func emptyQuantizeShowsTheBucketsAroundZero() {
        #expect(AggregationFormatter.histogram(Fixtures.quantize([:])) == """
                       value  ------------- Distribution ------------- count
                          -1 |                                         0
                           0 |                                         0
                           1 |                                         0
            count 0  p50 0  p90 0  p99 0  max 0

            """)
    }

    @Test func barsRoundToTheNearestColumnAsDTraceDoes() {
        // DTrace's own example: counts 5, 5, 4, 1 of 15 draw 13, 13, 11 and 3 columns.
        let rows = AggregationFormatter.histogram(Fixtures.quantize([77: 5, 78: 5, 79: 4, 80: 1]))
            .split(separator: "\n").map { $0.filter { $0 == "@" }.count }
        #expect(rows == [0, 0, 13, 13, 11, 3, 0, 0])
    }

    @Test func keyedHistogramText() {
        #expect(AggregationFormatter.text(Fixtures.keyedHistogram) == """
            @lat:
              read
                       value  ------------- Distribution ------------- count
                           2 |                                         0
                           4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1
                           8 |                                         0
            count 1  p50 6  p90 7  p99 7  max 7

              write
                       value  ------------- Distribution ------------- count
                           1 |                                         0
                           2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 2
                           4 |                                         0
            count 2  p50 3  p90 3  p99 3  max 3

            """)
    }

    @Test func unkeyedHistogramTextIsTheHistogramUnderTheName() {
        let snapshot = AggregationSnapshot(program: "lat", name: "lat", function: .quantize, keyTypes: [],
                                           entries: [AggregationEntry(key: [], value: .histogram(Fixtures.quantize))])
        #expect(AggregationFormatter.text(snapshot, qualifiedProgram: "lat")
                == "lat.@lat:\n" + AggregationFormatter.histogram(Fixtures.quantize))
    }
}

@Suite struct PercentileTests {
    @Test func interpolatesInsideTheBucket() {
        #expect(Percentiles(Fixtures.quantize) == Percentiles(count: 8, p50: 7, p90: 27, p99: 31, max: 31))
        // 100 values in [1024, 2048): p50 halfway, p90 at nine tenths.
        #expect(Percentiles(Fixtures.quantize([75: 100])) == Percentiles(count: 100, p50: 1536, p90: 1945, p99: 2037, max: 2047))
    }

    @Test func zeroNegativeAndExtremeBuckets() {
        #expect(Percentiles(Fixtures.quantize([64: 3])) == Percentiles(count: 3, p50: 0, p90: 0, p99: 0, max: 0))
        // (-4, -2] holds -3 and -2 (DTrace labels it -2): the median rank 1 of 2 is halfway, at -2.
        #expect(Percentiles(Fixtures.quantize([62: 2])) == Percentiles(count: 2, p50: -2, p90: -2, p99: -2, max: -2))
        #expect(Percentiles(Fixtures.quantize([0: 1])) == Percentiles(count: 1, p50: Int64.min, p90: Int64.min, p99: Int64.min, max: Int64.min))
        #expect(Percentiles(Fixtures.quantize([127: 1])).max == Int64.max)
    }

    @Test func endBucketsReportTheirBound() {
        #expect(Percentiles(Fixtures.lquantize) == Percentiles(count: 10, p50: 26, p90: 100, p99: 100, max: 100))
        let layout = HistogramLayout(kind: .linear(low: 50, high: 60, step: 5))
        var counts = [Int64](repeating: 0, count: layout.count)
        counts[0] = 4
        #expect(Percentiles(HistogramValue(layout: layout, counts: counts)) == Percentiles(count: 4, p50: 49, p90: 49, p99: 49, max: 49))
    }

    @Test func emptyIsAllZero() {
        #expect(Percentiles(Fixtures.quantize([:])) == Percentiles(count: 0, p50: 0, p90: 0, p99: 0, max: 0))
    }
}

@Suite struct AggregationTextTests {
    @Test func scalarFormsForEachFunction() {
        #expect(AggregationFormatter.text(Fixtures.scalar(.count, .scalar(1234), name: "calls")) == "@calls: 1234\n")
        #expect(AggregationFormatter.text(Fixtures.scalar(.sum, .scalar(-12), name: "bytes")) == "@bytes: -12\n")
        #expect(AggregationFormatter.text(Fixtures.scalar(.min, .scalar(3), name: "lo")) == "@lo: 3\n")
        #expect(AggregationFormatter.text(Fixtures.scalar(.max, .scalar(9_000_000_000), name: "hi")) == "@hi: 9000000000\n")
        // avg and stddev print the truncated integer, as DTrace does.
        #expect(AggregationFormatter.text(Fixtures.scalar(.avg, .average(count: 3, sum: 10), name: "mean")) == "@mean: 3\n")
        #expect(AggregationFormatter.text(Fixtures.scalar(.avg, .average(count: 2, sum: -7), name: "mean")) == "@mean: -3\n")
        #expect(AggregationFormatter.text(Fixtures.scalar(.stddev, .deviation(count: 8, sum: 40, sumOfSquares: 232), name: "sd")) == "@sd: 2\n")
        #expect(AggregationFormatter.text(Fixtures.scalar(.stddev, .deviation(count: 2, sum: 3, sumOfSquares: 5), name: "sd")) == "@sd: 0\n")   // √0.25
    }

    @Test func scalarNamesAnonymousQualifiedAndEmpty() {
        #expect(AggregationFormatter.text(Fixtures.scalar(.count, .scalar(5), name: "")) == "@: 5\n")
        #expect(AggregationFormatter.text(Fixtures.scalar(.count, .scalar(5), name: "calls"), qualifiedProgram: "lat") == "lat.@calls: 5\n")
        let empty = AggregationSnapshot(program: "p", name: "calls", function: .count, keyTypes: [], entries: [])
        #expect(AggregationFormatter.text(empty) == "@calls:\n")
    }

    @Test func threeKeyTableAscending() {
        #expect(AggregationFormatter.text(Fixtures.table) == """
            @calls:
              3   open   40      7
              12  write  3       7
              -5  close  1      55
              1   read   200  1200

            """)
    }

    @Test func threeKeyTableDescendingKeepsTiesByKey() {
        #expect(AggregationFormatter.text(Fixtures.table, qualifiedProgram: "io", descending: true) == """
            io.@calls:
              1   read   200  1200
              -5  close  1      55
              3   open   40      7
              12  write  3       7

            """)
    }

    @Test func keyedAverageSortsByTheFractionalMean() {
        let s = AggregationSnapshot(program: "p", name: "mean", function: .avg, keyTypes: [.string], entries: [
            AggregationEntry(key: [.string("b")], value: .average(count: 2, sum: 5)),   // 2.5
            AggregationEntry(key: [.string("a")], value: .average(count: 1, sum: 2)),   // 2
        ])
        #expect(AggregationFormatter.text(s) == "@mean:\n  a  2\n  b  2\n")
    }

    @Test func blocksAreSeparatedByOneBlankLine() {
        let a = AggregationFormatter.text(Fixtures.scalar(.count, .scalar(1), name: "a"))
        let b = AggregationFormatter.text(Fixtures.scalar(.count, .scalar(2), name: "b"))
        #expect(AggregationFormatter.joinedBlocks([a, b]) == "@a: 1\n\n@b: 2\n")
    }
}

@Suite struct PrintaTests {
    @Test func rowsWithoutFormatAreTheTableAlone() {
        #expect(AggregationFormatter.rows(Fixtures.table) == """
              3   open   40      7
              12  write  3       7
              -5  close  1      55
              1   read   200  1200

            """)
    }

    @Test func rowsWithFormat() throws {
        let format = try PrintfFormat.parse("%-6s pid=%d %@d calls (%@x)\n", allowAggregationValue: true)
        let snapshot = AggregationSnapshot(program: "p", name: "c", function: .count, keyTypes: [.string, .int], entries: [
            AggregationEntry(key: [.string("write"), .int(7)], value: .scalar(300)),
            AggregationEntry(key: [.string("read"), .int(12)], value: .scalar(31)),
        ])
        #expect(AggregationFormatter.rows(snapshot, format: format) == """
            read   pid=12 31 calls (1f)
            write  pid=7 300 calls (12c)

            """)
    }

    @Test func rowsWithFormatUseTheIntegerAverage() throws {
        let format = try PrintfFormat.parse("%s=%5@d\n", allowAggregationValue: true)
        let snapshot = AggregationSnapshot(program: "p", name: "m", function: .avg, keyTypes: [.string], entries: [
            AggregationEntry(key: [.string("x")], value: .average(count: 4, sum: 42)),
        ])
        #expect(AggregationFormatter.rows(snapshot, format: format) == "x=   10\n")
    }

    @Test func histogramRowsWithFormat() throws {
        let format = try PrintfFormat.parse("%s:%@d\n", allowAggregationValue: true)
        let snapshot = AggregationSnapshot(program: "lat", name: "lat", function: .quantize, keyTypes: [.string], entries: [
            AggregationEntry(key: [.string("read")], value: .histogram(Fixtures.quantize([67: 1]))),
        ])
        #expect(AggregationFormatter.rows(snapshot, format: format) == """
            read:
                       value  ------------- Distribution ------------- count
                           2 |                                         0
                           4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1
                           8 |                                         0
            count 1  p50 6  p90 7  p99 7  max 7

            """)
    }
}
