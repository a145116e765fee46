// The weight (increment) of quantize, lquantize and llquantize: each value adds the weight to its bucket
// instead of 1 (the Dynamic Tracing Guide: quantize(expr, incr)), so totals are sums of weights.
import Testing
@testable import TraceCore

@Suite(.serialized) struct HistogramWeightTests {
    let service = TestService("hweight")

    @Test func eachValueAddsItsWeight() throws {
        let spec = try TraceLanguage.compile(name: "hweight_sum", source: """
            hweight:book:match:fill { @q = quantize(price, qty); @l = lquantize(price, 0, 100, 10, qty); @ll = llquantize(price, 10, 0, 2, 10, 2); }
            """)
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("hweight_sum") }
        service.fill.fire(5, 3, "A")      // bucket 4 of quantize, [0,10) of lquantize
        service.fill.fire(6, 4, "A")
        service.fill.fire(70, 10, "B")    // 64, [70,80)
        let all = Dictionary(uniqueKeysWithValues: TraceRuntime.shared.aggregations(of: "hweight_sum").map { ($0.name, $0) })
        guard case .histogram(let q)? = all["q"]?.entries.first?.value, case .histogram(let l)? = all["l"]?.entries.first?.value,
              case .histogram(let ll)? = all["ll"]?.entries.first?.value else { Issue.record("no histograms"); return }
        func count(_ h: HistogramValue, at bound: Int64) -> Int64? { h.layout.lowerBounds.firstIndex(of: bound).map { h.counts[$0] } }
        #expect(count(q, at: 4) == 7 && count(q, at: 64) == 10 && q.total == 17)
        #expect(count(l, at: 0) == 7 && count(l, at: 70) == 10 && l.total == 17)
        #expect(ll.total == 6)
    }

    /// A clause whose body is one `quantize` runs on the direct path; its histogram's sum is still the sum of the
    /// values (what /metrics exports as `_sum` and JSON as "sum").
    @Test func aDirectQuantizeKeepsTheSumOfItsValues() throws {
        let spec = try TraceLanguage.compile(name: "hweight_direct", source: "hweight:book:match:fill { @q = quantize(price); }")
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("hweight_direct") }
        service.fill.fire(5, 3, "A")
        service.fill.fire(6, 4, "A")
        service.fill.fire(70, 10, "B")
        guard case .histogram(let q)? = TraceRuntime.shared.aggregations(of: "hweight_direct").first?.entries.first?.value else {
            Issue.record("no histogram"); return
        }
        #expect(q.total == 3)
        #expect(q.sum == 81)
    }
}
