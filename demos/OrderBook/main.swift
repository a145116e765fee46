// orderbook: the limit-order-book demo service. Parses flags and runs the service; the tracing
// console will be co-hosted here later (its flags --script and --json are accepted and ignored).
import DemoServices
import Glibc

let usage = """
    usage: orderbook [--no-console] [--rate N] [--clients N] [--duration D]
      --rate N       orders per second, all clients together (default 3000)
      --clients N    client threads (default 4; client 3 has a slow risk path)
      --duration D   stop after D (5s, 500ms, 2m); default: run until SIGINT/SIGTERM
      --no-console   run the service alone
    """

func fail(_ message: String) -> Never {
    StandardError.print("orderbook: \(message)\n\(usage)")
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}

var configuration = OrderBookService.Configuration()
let duration: Int?
let headless: Bool
do {
    let flags = try DemoCommandLine(arguments, valueFlags: ["--rate", "--clients", "--duration"], switchFlags: ["--no-console"])
    configuration.rate = try flags.positiveInt("--rate", default: configuration.rate)
    configuration.clients = try flags.positiveInt("--clients", default: configuration.clients)
    duration = try flags.duration("--duration")
    headless = flags.switches.contains("--no-console")
} catch {
    fail(error.description)
}

if !headless {
    StandardError.print("orderbook: the console is not part of this build yet; running the service alone (Ctrl-C to stop)")
}
let service = OrderBookService(configuration: configuration)
service.start()
StandardError.print("orderbook: \(configuration.clients) clients, \(configuration.rate) orders/s")
_ = ShutdownSignal.wait(duration: duration)
service.stop()
StandardError.print("orderbook: \(service.stats.totals)")
