// The views' pieces with known inputs and exact output: interval differences, sparklines, the heatmap's
// lines, rate rows, the diff of two histograms and of two tables, and each view's JSON.
import Foundation
import Testing
import TraceCore
@testable import Console

/// A quantize histogram with `counts[value] = n` for values that are powers of two.
func quantized(_ values: [Int64: Int64]) -> HistogramValue {
    let layout = HistogramLayout(kind: .quantize)
    var counts = [Int64](repeating: 0, count: layout.count)
    for (v, n) in values { counts[layout.bucket(of: v)] += n }
    return HistogramValue(layout: layout, counts: counts)
}

func table(_ rows: [(String, Int64)], function: AggregationFunction = .count) -> AggregationSnapshot {
    AggregationSnapshot(program: "p", name: "t", function: function, keyTypes: [.string],
                        entries: rows.map { AggregationEntry(key: [.string($0.0)], value: .scalar($0.1)) })
}

func histogramSnapshot(_ h: HistogramValue) -> AggregationSnapshot {
    AggregationSnapshot(program: "p", name: "ns", function: .quantize, keyTypes: [], entries: [AggregationEntry(key: [], value: .histogram(h))])
}

@Suite struct ViewFormattingTests {
    @Test func intervalValuesAreTheDifferenceKeyByKey() {
        let before = table([("a", 10), ("b", 5)]), after = table([("a", 14), ("b", 5), ("c", 2)])
        let d = IntervalDelta.between(before, after)
        #expect(d.entries == [AggregationEntry(key: [.string("a")], value: .scalar(4)), AggregationEntry(key: [.string("b")], value: .scalar(0)),
                              AggregationEntry(key: [.string("c")], value: .scalar(2))])
        // A count that went down was cleared or redefined: it starts again.
        #expect(IntervalDelta.between(after, table([("a", 3)])).entries == [AggregationEntry(key: [.string("a")], value: .scalar(3))])
        // min and max cannot be subtracted; a different function makes the whole later read the interval's.
        #expect(IntervalDelta.between(table([("a", 9)], function: .max), table([("a", 12)], function: .max)).entries[0].value == .scalar(12))
        #expect(IntervalDelta.between(table([("a", 9)], function: .sum), table([("a", 12)], function: .count)).entries[0].value == .scalar(12))
        let h = IntervalDelta.between(histogramSnapshot(quantized([4: 3])), histogramSnapshot(quantized([4: 5, 8: 1])))
        #expect(h.entries[0].value == .histogram(quantized([4: 2, 8: 1])))
        #expect(IntervalDelta.difference(.average(count: 10, sum: 100), minus: .average(count: 4, sum: 10), function: .avg) == .average(count: 6, sum: 90))
    }

    @Test func sparklinesScaleToTheirLargestValue() {
        #expect(Sparkline.render([0, 1, 4, 8], unicode: true) == "▁▃▅█")
        #expect(Sparkline.render([0, 1, 4, 8], unicode: false) == "_:=#")
        #expect(Sparkline.render([3, 3], unicode: true) == "██")
        #expect(Sparkline.render([], unicode: true) == "")
        #expect(RateTable.rateText(1234.4) == "1,234/s")
        #expect(RateTable.rateText(2.54) == "2.5/s")
        #expect(RateTable.rateText(0) == "0/s")
    }

    @Test func rateRowsCarryTheRateAndTheSparkline() {
        let s = table([("read", 120), ("write", 30)])
        let series = IntervalSeries(series: [[.string("read")]: [10, 20, 40], [.string("write")]: [30]], seconds: 0.5)
        let style = Style(width: 80, unicode: true, program: "p")
        #expect(RateTable.rows(EntryOrder.sorted(s.entries, descending: true), rates: series, style: style)
                == ["  read   120  80/s  ▄▅█", "  write   30  60/s    █"])
        // `as rates`: the largest current rate first.
        let byRate = RateTable.byRate(s.entries, IntervalSeries(series: [[.string("read")]: [1], [.string("write")]: [9]], seconds: 1))
        #expect(byRate.map(\.key) == [[.string("write")], [.string("read")]])
    }

    @Test func theHeatmapOfThreeKnownIntervals() {
        let intervals = [quantized([4: 10]), quantized([4: 5, 8: 5]), quantized([8: 10])].enumerated().map {
            HistogramInterval(end: 1000 + Double($0.offset), seconds: 1, histogram: $0.element)
        }
        let blank = String(repeating: " ", count: 26)
        #expect(Heatmap.lines(intervals, width: 40, unicode: false) == [
            "    8 |" + blank + " 59",
            "    4 |" + blank + "95",
            "  p50 |" + blank + "_.+  12",
            "  p99 |" + blank + ".##  15",
            "  cells: 1 1  2 2  ...  8 8  9 9-10 v...",   // cut to the width, as every line
        ])
        #expect(Heatmap.lines(intervals, width: 40, unicode: true)[0] == "    8 |" + blank + " ▓█")
        // One line fewer than it needs: the busiest bucket alone.
        #expect(Heatmap.lines(intervals, width: 40, unicode: false, budget: 4).count == 4)
        #expect(Heatmap.lines(intervals, width: 60, unicode: false).last == "  cells: 1 1  2 2  ...  8 8  9 9-10 values")
        // Narrower than the intervals: the newest that fit (here one).
        #expect(Heatmap.lines(intervals, width: 12, unicode: false)[0] == "    8 |9")
        #expect(Heatmap.lines([], width: 40, unicode: false) == ["  waiting for the first interval to end"])
        #expect(Heatmap.legend(top: 2226, shades: Heatmap.unicodeShades, unicode: true) == "  cells: ░ 1–556  ▒ 557–1,112  ▓ 1,113–1,669  █ 1,670–2,226 values")
    }

    @Test func theHeatmapInColourKeepsThePlainLayout() {
        let intervals = [quantized([4: 10]), quantized([4: 5, 8: 5]), quantized([8: 10])].enumerated().map {
            HistogramInterval(end: 1000 + Double($0.offset), seconds: 1, histogram: $0.element)
        }
        func strip(_ s: String) -> String { s.replacing(/\x1B\[[0-9;]*m/, with: "") }
        // Without Unicode the cells keep their digits: without its colours, every line is the plain one.
        for width in [12, 40, 60] {
            let coloured = Heatmap.lines(intervals, width: width, unicode: false, colors: true)
            #expect(coloured.map(strip) == Heatmap.lines(intervals, width: width, unicode: false), "at \(width) columns")
            // The last colour sequence of a line is the reset (a cut line's ellipsis comes after it).
            #expect(coloured.allSatisfy { !$0.contains("\u{1B}") || $0.components(separatedBy: "\u{1B}").last!.hasPrefix("[0m") })
        }
        let color = Heatmap.colorSequences, reset = Heatmap.reset
        let blank = String(repeating: " ", count: 26)
        let lines = Heatmap.lines(intervals, width: 40, unicode: false, colors: true)
        // Digit d in the palette's colour of level d; a run of one level sets it once.
        #expect(lines[0] == "    8 |" + blank + " " + color[5] + "5" + color[9] + "9" + reset)
        #expect(lines[1] == "    4 |" + blank + color[9] + "9" + color[5] + "5" + reset)
        #expect(lines[2] == "  p50 |" + blank + "_.+  12")
        // With Unicode every cell is a block in its colour, and the legend is the scale.
        let blocks = Heatmap.lines(intervals, width: 40, unicode: true, colors: true)
        #expect(blocks[0] == "    8 |" + blank + " " + color[5] + "█" + color[9] + "█" + reset)
        #expect(Heatmap.lines(intervals, width: 60, unicode: true, colors: true).last == "  cells: 1 " + color.map { $0 + "█" }.joined() + reset + " 10 values")
        #expect(Heatmap.colorSequences[0] == "\u{1B}[38;5;54m" && Heatmap.colorSequences[9] == "\u{1B}[38;5;226m")
    }

    @Test func aDiffOfTwoHistogramsPrintsBothAndTheChanges() {
        let before = histogramSnapshot(quantized([512: 90, 4096: 10])), after = histogramSnapshot(quantized([256: 90, 1024: 10]))
        let text = HistogramDiff.text(before: before, after: after, title: "@ns: snapshot 'a' → @ns now", beforeLabel: "snapshot 'a'", afterLabel: "@ns now")
        #expect(text == """
            @ns: snapshot 'a' → @ns now
                       value  snapshot 'a'                  @ns now
                         128 |                         0    |                     0
                         256 |                         0    |@@@@@@@@@@@@@@@@@@   90
                         512 |@@@@@@@@@@@@@@@@@@      90    |                     0
                        1024 |                         0    |@@                   10
                        2048 |                         0    |                     0
                        4096 |@@                      10    |                     0
                        8192 |                         0    |                     0
            count 100 → 100 (0 %)
            p50 796 → 398 (−50 %)
            p90 1023 → 511 (−50 %)
            p99 7782 → 1945 (−75 %)
            max 8191 → 2047 (−75 %)

            """)
        #expect(HistogramDiff.change(4096, 1024) == "(−75 %)")
        #expect(HistogramDiff.change(100, 101) == "(+1 %)")
        #expect(HistogramDiff.change(0, 5) == "(from 0)")
    }

    @Test func aDiffOfTwoTablesListsTheKeysThatChangedMost() {
        let text = HistogramDiff.text(before: table([("a", 10), ("b", 5), ("c", 7)]), after: table([("a", 4), ("b", 5), ("d", 3)]),
                                      title: "@t: x → y", beforeLabel: "x", afterLabel: "y")
        #expect(text == """
            @t: x → y
              keys that changed most:
              c  7 → 0 (−100 %)
              a  10 → 4 (−60 %)
              d  0 → 3 (from 0)

            """)
        let scalar = AggregationSnapshot(program: "p", name: "n", function: .count, keyTypes: [], entries: [AggregationEntry(key: [], value: .scalar(874))])
        var more = scalar
        more.entries[0].value = .scalar(2067)
        #expect(HistogramDiff.text(before: scalar, after: more, title: "@n: x → y", beforeLabel: "x", afterLabel: "y")
                == "@n: x → y\n  874 → 2067 (+136 %)\n")
    }

    @Test func eachViewAsJSON() {
        let h = HistogramInterval(end: 1764583200.5, seconds: 1, histogram: quantized([4: 2]))
        #expect(ViewJSON.heatmap(histogramSnapshot(quantized([4: 2])), intervals: [h])
                == "{\"program\": \"p\", \"aggregation\": \"ns\", \"function\": \"quantize\", \"view\": \"heatmap\", \"intervals\": "
                + "[{\"end\": 1764583200.5, \"seconds\": 1, \"value\": {\"buckets\": [[4, 2]], \"count\": 2, \"sum\": 0, \"p50\": 6, \"p90\": 7, \"p99\": 7, \"max\": 7}}]}")
        let series = IntervalSeries(series: [[.string("a")]: [3, 4]], seconds: 0.5)
        #expect(ViewJSON.rates(table([("a", 7)]), rates: series)
                == "{\"program\": \"p\", \"aggregation\": \"t\", \"function\": \"count\", \"view\": \"rates\", \"seconds\": 0.5, "
                + "\"entries\": [{\"key\": [\"a\"], \"value\": 7, \"rate\": 8, \"intervals\": [3, 4]}]}")
        let diff = HistogramDiff.json(before: table([("a", 1)]), after: table([("a", 3)]), beforeLabel: "snapshot 'x'", afterLabel: "@t now")
        #expect(diff == "{\"program\": \"p\", \"aggregation\": \"t\", \"function\": \"count\", \"view\": \"diff\", \"before_label\": \"snapshot 'x'\", "
                + "\"after_label\": \"@t now\", \"before\": " + AggregationFormatter.json(table([("a", 1)])) + ", \"after\": "
                + AggregationFormatter.json(table([("a", 3)])) + ", \"keys\": [{\"key\": [\"a\"], \"before\": 1, \"after\": 3}]}")
    }
}
