// The exposition text of each aggregating function, exactly: counters, gauges, histograms with their `le`
// bounds, labels and their escaping, units, and the OpenMetrics variant; and the metric naming rules.
import Testing
import TraceCore
@testable import TraceAgent

@Suite struct ExpositionTests {
    func text(_ export: MetricExport, _ snapshot: AggregationSnapshot, _ format: ExpositionFormat = .prometheusText) -> String {
        var w = ExpositionWriter(format: format)
        w.family(export, snapshot)
        return w.finish()
    }

    func snapshot(_ function: AggregationFunction, _ keyTypes: [ValueType] = [], _ entries: [AggregationEntry]) -> AggregationSnapshot {
        AggregationSnapshot(program: "p1", name: "x", function: function, keyTypes: keyTypes, entries: entries)
    }

    @Test func countIsACounterWithLabelsEscaped() {
        let s = snapshot(.count, [.string, .int], [AggregationEntry(key: [.string("a\"b\\c\nd"), .int(-3)], value: .scalar(7))])
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "ops", labels: ["who", "n"]), s) == """
            # HELP ops_total count() of p1.@x, exported by trace-console
            # TYPE ops_total counter
            ops_total{who="a\\"b\\\\c\\nd",n="-3"} 7

            """)
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "ops"), s).contains("ops_total{key0=\"a\\\"b\\\\c\\nd\",key1=\"-3\"} 7\n"))
    }

    @Test func sumIsACounterOrAGaugeAndMinMaxAvgStddevGauges() {
        let sum = snapshot(.sum, [], [AggregationEntry(key: [], value: .scalar(2_500_000_000))])
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "busy", unit: .seconds), sum).hasSuffix("# TYPE busy_seconds_total counter\nbusy_seconds_total 2.5\n"))
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "depth", gauge: true), sum).hasSuffix("# TYPE depth gauge\ndepth 2500000000\n"))
        let avg = snapshot(.avg, [], [AggregationEntry(key: [], value: .average(count: 4, sum: 10))])
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "size", unit: .bytes), avg).hasSuffix("# TYPE size_bytes gauge\nsize_bytes 2.5\n"))
        let dev = snapshot(.stddev, [], [AggregationEntry(key: [], value: .deviation(count: 2, sum: 4, sumOfSquares: 10))])
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "spread"), dev).hasSuffix("spread 1\n"))
        let max = snapshot(.max, [], [AggregationEntry(key: [], value: .scalar(42))])
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "deepest"), max).hasSuffix("# TYPE deepest gauge\ndeepest 42\n"))
    }

    @Test func quantizeBucketsAreCumulativeWithInclusiveUpperBounds() {
        var counts = [Int64](repeating: 0, count: 128)
        counts[64] = 1   // 0
        counts[66] = 2   // [2, 4)
        counts[68] = 3   // [8, 16)
        let h = HistogramValue(layout: HistogramLayout(kind: .quantize), counts: counts, sum: 50)
        let s = snapshot(.quantize, [], [AggregationEntry(key: [], value: .histogram(h))])
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "lat"), s) == """
            # HELP lat quantize() of p1.@x, exported by trace-console
            # TYPE lat histogram
            lat_bucket{le="0"} 1
            lat_bucket{le="1"} 1
            lat_bucket{le="3"} 3
            lat_bucket{le="7"} 3
            lat_bucket{le="15"} 6
            lat_bucket{le="+Inf"} 6
            lat_sum 50
            lat_count 6

            """)
        let seconds = text(MetricExport(program: "p1", aggregation: "x", name: "lat_ns", unit: .seconds), s)
        #expect(seconds.contains("lat_seconds_bucket{le=\"1.5e-08\"} 6\n"))
        #expect(seconds.contains("lat_seconds_sum 5e-08\n"))
    }

    @Test func lquantizeUnderflowAndOverflow() {
        let layout = HistogramLayout(kind: .linear(low: 0, high: 20, step: 10))
        let h = HistogramValue(layout: layout, counts: [1, 2, 3, 4], sum: 99)
        let s = snapshot(.lquantize(low: 0, high: 20, step: 10), [.int], [AggregationEntry(key: [.int(5)], value: .histogram(h))])
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "fills", labels: ["client"]), s).hasSuffix("""
            fills_bucket{client="5",le="-1"} 1
            fills_bucket{client="5",le="9"} 3
            fills_bucket{client="5",le="19"} 6
            fills_bucket{client="5",le="+Inf"} 10
            fills_sum{client="5"} 99
            fills_count{client="5"} 10

            """))
    }

    @Test func openMetricsNamesTheCounterFamilyWithoutTotalAndEnds() {
        let s = snapshot(.count, [], [AggregationEntry(key: [], value: .scalar(3))])
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "ops"), s, .openMetrics) == """
            # HELP ops count() of p1.@x, exported by trace-console
            # TYPE ops counter
            ops_total 3
            # EOF

            """)
        let g = snapshot(.max, [], [AggregationEntry(key: [], value: .scalar(3))])
        #expect(text(MetricExport(program: "p1", aggregation: "x", name: "wait", unit: .seconds), g, .openMetrics).contains("# UNIT wait_seconds seconds\n"))
    }

    @Test func acceptHeaderChoosesTheFormat() {
        #expect(ExpositionFormat.negotiated(accept: nil) == .prometheusText)
        #expect(ExpositionFormat.negotiated(accept: "text/plain;version=0.0.4") == .prometheusText)
        #expect(ExpositionFormat.negotiated(accept: "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5") == .openMetrics)
        #expect(ExpositionFormat.negotiated(accept: "application/openmetrics-text; q=0, text/plain") == .prometheusText)
    }

    @Test func names() {
        #expect(MetricNaming.sanitized("riskCheck.ns") == "risk_check_ns")
        #expect(MetricNaming.defaultName(program: "p1", aggregation: "") == "p1")
        #expect(MetricNaming.defaultName(program: "9x", aggregation: "lat-ms") == "agg_9x_lat_ms")
        #expect(MetricNaming.baseName("lat_ns", unit: .seconds, shape: .histogram) == "lat_seconds")
        #expect(MetricNaming.baseName("ops_total", unit: nil, shape: .counter) == "ops")
        #expect(MetricNaming.isValidMetricName("orders_total"))
        #expect(!MetricNaming.isValidMetricName("Orders"))
        #expect(!MetricNaming.isValidLabelName("__name"))
        #expect(!MetricNaming.isValidLabelName("1a"))
    }
}
