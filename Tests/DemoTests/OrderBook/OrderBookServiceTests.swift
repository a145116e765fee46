import DemoServices
import Glibc
import Testing
import TraceCore

extension LiveServiceTests {
    /// The service for ~1.5 s under a program on its `orders` probes.
    @Suite struct OrderBookServiceTests {
        @Test func probesSeeFillsBoundedBySubmissionsAndTheSlowClient() throws {
            var configuration = OrderBookService.Configuration()
            configuration.rate = 4_000
            configuration.clients = 4
            let service = OrderBookService(configuration: configuration)   // declares the `orders` probes
            let name = "demo_orderbook"
            let ms = TraceCore.Expression.integer(1_000_000)
            try TraceTest.define(ProgramSpec(name: name, clauses: [
                TraceTest.clause("orders:gateway:submit:entry", nil, [TraceTest.aggregate(0), TraceTest.aggregate(1, [TraceTest.int("qty")])]),
                TraceTest.clause("orders:gateway:amend:entry", nil, [TraceTest.aggregate(2, [TraceTest.int("qty")])]),
                TraceTest.clause("orders:::fill", nil, [TraceTest.aggregate(3), TraceTest.aggregate(4, [TraceTest.int("qty")])]),
                TraceTest.clause("orders:risk:check:return", nil, [
                    TraceTest.aggregate(5, keys: [TraceTest.int("client")], [.builtin(.elapsed)]),
                    TraceTest.aggregate(6, keys: [TraceTest.int("client")]),
                ]),
                TraceTest.clause("orders:risk:check:return", .binary(.greater, .builtin(.elapsed), ms),
                                 [TraceTest.aggregate(7, keys: [TraceTest.int("client")])]),
                TraceTest.clause("orders:book:insert:rest", nil,
                                 [TraceTest.aggregate(8, keys: [TraceTest.int("price")], [TraceTest.int("depth")])]),
            ], aggregations: [
                AggregationDeclaration(name: "submits", function: .count, keyTypes: []),
                AggregationDeclaration(name: "submitqty", function: .sum, keyTypes: []),
                AggregationDeclaration(name: "amendqty", function: .sum, keyTypes: []),
                AggregationDeclaration(name: "fills", function: .count, keyTypes: []),
                AggregationDeclaration(name: "fillqty", function: .sum, keyTypes: []),
                AggregationDeclaration(name: "riskmax", function: .max, keyTypes: [.int]),
                AggregationDeclaration(name: "checks", function: .count, keyTypes: [.int]),
                AggregationDeclaration(name: "slow", function: .count, keyTypes: [.int]),
                AggregationDeclaration(name: "depth", function: .max, keyTypes: [.int]),
            ]))
            service.start()
            usleep(1_500_000)
            service.stop()    // every client and the matcher have exited: no firing is in flight
            let a = try TraceTest.finish(name)

            let totals = service.stats.totals
            let submits = a["submits"]?.scalar ?? 0, fills = a["fills"]?.scalar ?? 0
            let submitQty = a["submitqty"]?.scalar ?? 0, amendQty = a["amendqty"]?.scalar ?? 0, fillQty = a["fillqty"]?.scalar ?? 0
            #expect(submits > 1_000)
            #expect(fills > 0)
            #expect(Int(submits) == totals.submitted)
            #expect(Int(fills) == totals.fills && Int(fillQty) == totals.filledQuantity)
            // Every unit filled takes one unit from a maker and one from a taker, and every unit was submitted or amended in.
            #expect(2 * fillQty <= submitQty + amendQty)

            // Client 3's slow risk path: > 2 ms at its worst, and some of its checks over 1 ms. (How many of the
            // other clients' checks a loaded machine stretches past 1 ms depends on the scheduler, so it is not compared.)
            let maxima = a["riskmax"]?.scalars ?? [:]
            let slow = a["slow"]?.scalars ?? [:]
            let checks = a["checks"]?.scalars ?? [:]
            let slow3 = slow[[.int(3)]] ?? 0
            #expect((maxima[[.int(3)]] ?? 0) > 2_000_000)
            #expect(slow3 >= 3)
            for client in [1, 2, 4] {
                #expect((checks[[.int(Int64(client))]] ?? 0) > 100)
                #expect((slow[[.int(Int64(client))]] ?? 0) <= (checks[[.int(Int64(client))]] ?? 0), "client \(client): \(slow) slow checks, \(checks) checks")
            }

            // The deep level (client 1's round price below the market) is the deepest.
            let depths = a["depth"]?.scalars ?? [:]
            let deepPrice = service.reference.center - configuration.behaviour.deepLevelOffset
            let deepest = depths.max { $0.value < $1.value }
            #expect(deepest?.key == [.int(Int64(deepPrice))], "depths: \(depths.sorted { $0.value > $1.value }.prefix(5))")
        }

        @Test func stopIsPromptAndRestartable() {
            var configuration = OrderBookService.Configuration()
            configuration.rate = 500
            let service = OrderBookService(configuration: configuration, probes: OrderBookProbes(provider: "orders_restart"))
            service.start()
            usleep(100_000)
            let t0 = MonotonicClock.nanoseconds()
            service.stop()
            service.stop()
            #expect(MonotonicClock.nanoseconds() - t0 < 500_000_000)
            let first = service.stats.totals.submitted
            #expect(first > 0)
            service.start()
            usleep(100_000)
            service.stop()
            #expect(service.stats.totals.submitted > first)
        }
    }
}
