// orderbook: the limit-order-book demo service, co-hosting the tracing console.
import Console
import TraceAgent
import DemoServices
import Glibc

let usage = """
    usage: orderbook [--no-console] [--rate N] [--clients N] [console options]
      --rate N       orders per second, all clients together (default 3000)
      --clients N    client threads (default 4; client 3 has a slow risk path)
      --no-console   run the service alone (then --duration D stops it after D)

    """ + ConsoleOptions.usage

func fail(_ message: String) -> Never {
    StandardError.print("orderbook: \(message)\n\(usage)")
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
let (demoArguments, consoleArguments) = ConsoleArguments.split(
    arguments, demoValueFlags: ["--rate", "--clients"], demoSwitches: ["--no-console"])

var configuration = OrderBookService.Configuration()
let duration: Int?
let headless: Bool
do {
    let flags = try DemoCommandLine(demoArguments, valueFlags: ["--rate", "--clients", "--duration"], switchFlags: ["--no-console"])
    configuration.rate = try flags.positiveInt("--rate", default: configuration.rate)
    configuration.clients = try flags.positiveInt("--clients", default: configuration.clients)
    duration = try flags.duration("--duration")
    headless = flags.switches.contains("--no-console")
} catch {
    fail(error.description)
}

let service = OrderBookService(configuration: configuration)
if headless {
    if !consoleArguments.isEmpty { fail("\(consoleArguments[0]) is a console option; it does nothing with --no-console") }
    service.start()
    // Consoles attach with `trace-console attach PID` (docs/attach.md).
    let agent = TraceAgent.startReporting(as: "orderbook")
    StandardError.print("orderbook: \(configuration.clients) clients, \(configuration.rate) orders/s"
                        + (agent == nil ? "" : "; attach with: trace-console attach \(getpid())"))
    _ = ShutdownSignal.wait(duration: duration)
    agent?.stop()
    service.stop()
    StandardError.print("orderbook: \(service.stats.totals)")
    exit(0)
}

let options: ConsoleOptions
do {
    options = try ConsoleOptions.parse(arguments: consoleArguments)
} catch {
    fail(error.description)
}
service.start()
let agent = TraceAgent.startReporting(as: "orderbook")
let status = Console.run(options: options)
agent?.stop()
service.stop()
exit(status)
