import Testing
import TraceCore
@testable import Console
import Terminal

enum LiveFixtures {
    static func quantize(_ buckets: [Int: Int64]) -> HistogramValue {
        var counts = [Int64](repeating: 0, count: 128)
        for (i, c) in buckets { counts[i] = c }
        return HistogramValue(layout: HistogramLayout(kind: .quantize), counts: counts)
    }

    static let header = LiveViewHeader(program: "io", uptimeSeconds: 83.4, firingsPerSecond: 12_345.6, drops: 1234, errors: 0)

    static func scalar(_ name: String, _ v: Int64, program: String = "io") -> AggregationSnapshot {
        AggregationSnapshot(program: program, name: name, function: .count, keyTypes: [],
                            entries: [AggregationEntry(key: [], value: .scalar(v))])
    }

    static var table: AggregationSnapshot {
        AggregationSnapshot(program: "io", name: "calls", function: .count, keyTypes: [.int, .string, .int], entries: [
            AggregationEntry(key: [.int(1), .string("read"), .int(200)], value: .scalar(1200)),
            AggregationEntry(key: [.int(12), .string("write"), .int(3)], value: .scalar(7)),
            AggregationEntry(key: [.int(-5), .string("close"), .int(1)], value: .scalar(55)),
            AggregationEntry(key: [.int(3), .string("open"), .int(40)], value: .scalar(7)),
        ])
    }

    static func keys(_ name: String, _ n: Int) -> AggregationSnapshot {
        AggregationSnapshot(program: "io", name: name, function: .count, keyTypes: [.string], entries: (0..<n).map {
            AggregationEntry(key: [.string("k\($0 < 10 ? "0" : "")\($0)")], value: .scalar(Int64($0)))
        })
    }

    static func histogram(program: String, _ h: HistogramValue) -> AggregationSnapshot {
        AggregationSnapshot(program: program, name: "lat", function: .quantize, keyTypes: [],
                            entries: [AggregationEntry(key: [], value: .histogram(h))])
    }

    /// 1 in [2,4), 4 in [4,8), 3 in [16,32).
    static var quantize: HistogramValue { quantize([66: 1, 67: 4, 69: 3]) }
}

@Suite struct LiveViewRendererTests {
    func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    func expectFits(_ lines: [String], width: Int, height: Int) {
        #expect(lines.count <= height)
        for line in lines { #expect(DisplayWidth.of(line) <= width, "too wide: \(line)") }
    }

    @Test func wideViewShowsEverythingLargestFirst() {
        let lines = LiveViewRenderer.render(header: LiveFixtures.header, snapshots: [
            LiveFixtures.scalar("total", 1_234_567), LiveFixtures.table, LiveFixtures.histogram(program: "lat", LiveFixtures.quantize),
        ], width: 100, height: 50, unicode: true)
        #expect(text(lines) == """
            io  up 1m23s  12,346 firings/s  1,234 drops  0 errors
            @total: 1,234,567
            @calls:
              1   read   200  1,200
              -5  close  1       55
              3   open   40       7
              12  write  3        7
            lat.@lat:
               1 |                                         0
               2 |█████                                    1
               4 |████████████████████                     4
               8 |                                         0
              16 |███████████████                          3
              32 |                                         0
              count 8  p50 7  p90 27  p99 31  max 31

            """)
        expectFits(lines, width: 100, height: 50)
    }

    @Test func width40CutsTheHeaderAndShrinksKeyColumns() {
        let fn = AggregationSnapshot(program: "io", name: "fn", function: .count, keyTypes: [.string, .int], entries: [
            AggregationEntry(key: [.string("cancelOrder"), .int(3)], value: .scalar(9)),
            AggregationEntry(key: [.string("handleIncomingOrderRequestFromGateway"), .int(1)], value: .scalar(1500)),
            AggregationEntry(key: [.string("match"), .int(22)], value: .scalar(40)),
        ])
        let lines = LiveViewRenderer.render(header: LiveFixtures.header, snapshots: [fn], width: 40, height: 10, unicode: true)
        #expect(text(lines) == """
            io  up 1m23s  12,346 firings/s  1,234 d…
            @fn:
              handleIncomingOrderRequest…  1   1,500
              match                        22     40
              cancelOrder                  3       9

            """)
        expectFits(lines, width: 40, height: 10)
    }

    @Test func width40KeyedHistogramNarrowsTheBars() {
        let keyed = AggregationSnapshot(program: "io", name: "lat", function: .quantize, keyTypes: [.string], entries: [
            AggregationEntry(key: [.string("read")], value: .histogram(LiveFixtures.quantize([67: 1]))),
            AggregationEntry(key: [.string("write")], value: .histogram(LiveFixtures.quantize([66: 2]))),
        ])
        let lines = LiveViewRenderer.render(header: LiveFixtures.header, snapshots: [keyed], width: 40, height: 30, unicode: false)
        #expect(text(Array(lines.dropFirst())) == """
            @lat:
              write
                1 |                                0
                2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 2
                4 |                                0
                count 2  p50 3  p90 3  p99 3  max 3
              read
                2 |                                0
                4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1
                8 |                                0
                count 1  p50 6  p90 7  p99 7  max 7

            """)
        expectFits(lines, width: 40, height: 30)
        // Too short for the second key: it is summarised.
        let short = LiveViewRenderer.render(header: LiveFixtures.header, snapshots: [keyed], width: 40, height: 9, unicode: false)
        #expect(Array(short.suffix(2)) == ["    count 2  p50 3  p90 3  p99 3  max 3", "  ... 1 more key"])
        expectFits(short, width: 40, height: 9)
    }

    @Test func heightLimitSummarisesTheRestOfTheKeys() {
        let lines = LiveViewRenderer.render(header: LiveFixtures.header, snapshots: [LiveFixtures.keys("keys", 50)],
                                            width: 100, height: 8, unicode: true)
        #expect(text(lines) == """
            io  up 1m23s  12,346 firings/s  1,234 drops  0 errors
            @keys:
              k49  49
              k48  48
              k47  47
              k46  46
              k45  45
              … 45 more keys

            """)
    }

    @Test func spareLinesAreDealtRoundRobin() {
        let lines = LiveViewRenderer.render(header: LiveFixtures.header, snapshots: [LiveFixtures.keys("a", 50), LiveFixtures.keys("b", 3)],
                                            width: 100, height: 8, unicode: false)
        #expect(text(Array(lines.dropFirst())) == """
            @a:
              k49  49
              k48  48
              ... 48 more keys
            @b:
              k02  2
              ... 2 more keys

            """)
    }

    @Test func aggregationsThatDoNotFitAreCounted() {
        let lines = LiveViewRenderer.render(header: LiveFixtures.header, snapshots: ["a", "b", "c", "d"].map { LiveFixtures.scalar($0, 1) },
                                            width: 100, height: 4, unicode: true)
        #expect(Array(lines.dropFirst()) == ["@a: 1", "@b: 1", "… 2 more aggregations"])
    }

    @Test func shortHistogramShowsTheBusiestBuckets() {
        let lines = LiveViewRenderer.render(header: LiveViewHeader(program: "lat", uptimeSeconds: 5, firingsPerSecond: 0),
                                            snapshots: [LiveFixtures.histogram(program: "lat", LiveFixtures.quantize)],
                                            width: 100, height: 6, unicode: false)
        #expect(text(lines) == """
            lat  up 5s  0 firings/s  0 drops  0 errors
            @lat:
              2 |@@@@@                                    1
              4 |@@@@@@@@@@@@@@@@@@@@                     4
              ... 4 more buckets
              count 8  p50 7  p90 27  p99 31  max 31

            """)
    }

    @Test func unicodeBarsUseEighths() {
        #expect(HistogramLines.bar(1, of: 3, columns: 40, unicode: true) == String(repeating: "█", count: 13) + "▍" + String(repeating: " ", count: 26))
        #expect(HistogramLines.bar(1, of: 3, columns: 40, unicode: false) == String(repeating: "@", count: 13) + String(repeating: " ", count: 27))
        #expect(HistogramLines.bar(0, of: 3, columns: 4, unicode: true) == "    ")
        #expect(HistogramLines.bar(3, of: 3, columns: 4, unicode: true) == "████")
    }

    @Test func nothingExceedsTheBoxAtAnySize() {
        let snapshots = [LiveFixtures.scalar("total", 1_234_567), LiveFixtures.table, LiveFixtures.keys("k", 40),
                         LiveFixtures.histogram(program: "lat", LiveFixtures.quantize),
                         AggregationSnapshot(program: "io", name: "wide", function: .count, keyTypes: [.string], entries: [
                             AggregationEntry(key: [.string("注文を処理する関数\nの名前")], value: .scalar(3)),
                         ])]
        for width in [1, 5, 12, 40, 100] {
            for height in [1, 2, 3, 7, 20, 60] {
                for unicode in [true, false] {
                    let lines = LiveViewRenderer.render(header: LiveFixtures.header, snapshots: snapshots, width: width, height: height, unicode: unicode)
                    #expect(lines.count <= height)
                    #expect(lines.allSatisfy { DisplayWidth.of($0) <= width && !$0.contains("\n") }, "width \(width) height \(height)")
                }
            }
        }
        #expect(LiveViewRenderer.render(header: LiveFixtures.header, snapshots: snapshots, width: 0, height: 10, unicode: true).isEmpty)
    }
}

@Suite struct FormattingHelpersTests {
    @Test func thousands() {
        #expect(NumberFormatting.thousands(Int64(0)) == "0")
        #expect(NumberFormatting.thousands(Int64(999)) == "999")
        #expect(NumberFormatting.thousands(Int64(1000)) == "1,000")
        #expect(NumberFormatting.thousands(Int64(1_234_567)) == "1,234,567")
        #expect(NumberFormatting.thousands(Int64(-1_234_567)) == "-1,234,567")
        #expect(NumberFormatting.thousands(Int64.min) == "-9,223,372,036,854,775,808")
        #expect(NumberFormatting.thousands(Int64.max) == "9,223,372,036,854,775,807")
        #expect(NumberFormatting.thousands(12_345.6) == "12,346")
    }

    @Test func durations() {
        #expect(NumberFormatting.duration(42.9) == "42s")
        #expect(NumberFormatting.duration(187) == "3m07s")
        #expect(NumberFormatting.duration(7509) == "2h05m09s")
        #expect(NumberFormatting.duration(-1) == "0s")
    }

    @Test func displayWidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("注文") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.truncate("注文を処理", to: 5) == "注文…")
        #expect(DisplayWidth.truncate("abcdef", to: 4, ellipsis: "...") == "a...")
        #expect(DisplayWidth.truncate("abcdef", to: 2, ellipsis: "...") == "..")
        #expect(DisplayWidth.truncate("abc", to: 3) == "abc")
        #expect(DisplayWidth.printable("a\nb\u{7}") == "a?b?")
    }
}
