// console-testhost: a small instrumented service that co-hosts the console, for trying the console and for
// the example sessions in docs/console.md. A background thread "matches orders" about 2 000 times a second.
//
//   swift run console-testhost                       # interactive
//   echo 'show' | swift run console-testhost --duration 2s
import Foundation
import Console
import TraceCore
import TraceSystem

let provider = TraceProvider("orders")
let match = provider.function("book", "match", ("side", Int.self), ("price", Int.self), ("qty", Int.self), ("client", String.self))
let submit = provider.function("gateway", "submit", ("client", String.self), ("side", Int.self), ("qty", Int.self))
let fill = provider.event("book", "match", "fill", ("price", Int.self), ("qty", Int.self), ("venue", String.self))
let reject = provider.event("risk", "check", "reject", ("client", String.self), ("reason", String.self))

let options: ConsoleOptions
do {
    options = try ConsoleOptions.parse(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("console-testhost: \(error)\n".utf8))
    exit(2)
}

/// A deterministic little order flow: client "slowco" takes a slow path every 50th order.
WorkerThread(name: "service") {
    let clients = ["acme", "globex", "initech", "slowco"]
    var n = 0
    while true {
        n += 1
        let client = clients[n % clients.count]
        let side = n % 3 == 0 ? 2 : 1
        let qty = (n * 37) % 500 + 1
        let price = 100 + (n * 13) % 40
        submit.around(client, side, qty) {
            match.around(side, price, qty, client) {
                var spin = client == "slowco" && n % 50 == 0 ? 200_000 : 2_000
                while spin > 0 { spin -= 1 }
                if n % 4 != 0 { fill.fire(price, qty, n % 2 == 0 ? "XNYS" : "XNAS") }
            }
        }
        if qty > 480 { reject.fire(client, "size") }
        usleep(500)
    }
}
exit(Console.run(options: options))
