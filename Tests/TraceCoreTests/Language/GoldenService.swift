@testable import TraceCore

/// A deterministic order service: fired from the calling thread with known inputs, so every run fires
/// the same probes with the same arguments in the same order. `golden` (provider `gsvc`) serves the
/// golden suite; `fuzz` (provider `fzsvc`, the same probes) serves the fuzz test, so that neither fires
/// the other's programs.
final class OrderService: Sendable {
    static let golden = OrderService("gsvc")
    static let fuzz = OrderService("fzsvc")

    let submit: FunctionProbe<String, Int, Int>
    let match: FunctionProbe<Int, Int, Int, String>
    let fill: EventProbe<Int, Int, String>
    let reject: EventProbe<String, String>

    /// Declares the service's probes eagerly.
    init(_ providerName: String) {
        let provider = TraceProvider(providerName)
        submit = provider.function("gateway", "submit", ("client", String.self), ("side", Int.self), ("qty", Int.self))
        match = provider.function("book", "match", ("side", Int.self), ("price", Int.self), ("qty", Int.self), ("client", String.self))
        fill = provider.event("book", "match", "fill", ("price", Int.self), ("qty", Int.self), ("venue", String.self))
        reject = provider.event("risk", "check", "reject", ("client", String.self), ("reason", String.self))
    }

    struct Order {
        var client: String
        var side: Int
        var price: Int
        var qty: Int
    }

    static let clients = ["acme", "bolt", "core", "dyna", "echo"]
    static let venues = ["XNYS", "BATS", "ARCA"]

    /// Order i: five clients in a fixed shuffle, alternating sides, prices 100…140, sizes 10…200.
    static func order(_ i: Int) -> Order {
        Order(client: clients[(i * 7) % 5], side: 1 + i % 2, price: 100 + (i * 37) % 41, qty: 10 * ((i * 11) % 20 + 1))
    }

    /// Submits `count` orders. An order over 180 is rejected by the risk check; the others are
    /// submitted and matched, every third one fills half its size, and match returns the filled size.
    func run(_ count: Int = 24) {
        for i in 0..<count {
            let o = OrderService.order(i)
            if o.qty > 180 {
                reject.fire(o.client, "size")
                continue
            }
            let submitted = submit.entry(o.client, o.side, o.qty)
            let matching = match.entry(o.side, o.price, o.qty, o.client)
            var filled = 0
            if i % 3 == 0 {
                filled = o.qty / 2
                fill.fire(o.price, filled, OrderService.venues[(i / 3) % 3])
            }
            match.return(matching, filled)
            submit.return(submitted, i)
        }
    }
}
