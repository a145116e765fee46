// stddev() is exact for large values: the population standard deviation of ten values 5·10⁹ + 0, 100, … 900
// is √82500 = 287.2…, which DTrace prints as 287 (a Double sum of squares lost it and gave 293).
import Testing
@testable import TraceCore

@Suite(.serialized) struct StandardDeviationTests {
    let service = TestService("sdev")

    @Test func largeValuesKeepEveryDigit() throws {
        let spec = try TraceLanguage.compile(name: "sdev_large", source: "sdev:loop:step:tick { @sd = stddev(n); @sdk[n % 200] = stddev(n * 10); }")
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("sdev_large") }
        for i in 0..<10 { service.tick.fire(5_000_000_000 + i * 100) }
        let all = TraceRuntime.shared.aggregations(of: "sdev_large")
        guard case .deviation(let c, let s, let q)? = all.first(where: { $0.name == "sd" })?.entries.first?.value else {
            Issue.record("no stddev row"); return
        }
        #expect(StandardDeviation.integer(count: c, sum: s, sumOfSquares: q) == 287)
        #expect(abs(StandardDeviation.exact(count: c, sum: s, sumOfSquares: q) - 287.228) < 0.001)
        // Keyed by n % 200: 5·10¹⁰ + {0, 2000, …, 8000} and + {1000, …, 9000}, each √(8·10⁶) = 2828.4…
        let keyed = all.first { $0.name == "sdk" }!
        #expect(keyed.entries.count == 2)
        for e in keyed.entries {
            guard case .deviation(let c, let s, let q) = e.value else { Issue.record("not a deviation"); continue }
            #expect(StandardDeviation.integer(count: c, sum: s, sumOfSquares: q) == 2828)
        }
    }

    @Test func theClassicExampleAndNegativeValues() {
        // 2 4 4 4 5 5 7 9: stddev 2; the same values negated: still 2.
        #expect(StandardDeviation.integer(count: 8, sum: 40, sumOfSquares: 232) == 2)
        #expect(StandardDeviation.integer(count: 8, sum: -40, sumOfSquares: 232) == 2)
        #expect(StandardDeviation.integer(count: 0, sum: 0, sumOfSquares: 0) == 0)
        #expect(StandardDeviation.squareRoot(UInt128(1) << 126) == UInt128(1) << 63)
        #expect(StandardDeviation.squareRoot(99) == 9)
    }
}
