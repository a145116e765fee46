// orderbook: the limit-order-book demo service, co-hosting the tracing console.
import Console
import TraceAgent
import DemoServices
import Glibc

let usage = """
    usage: orderbook [--no-console] [--rate N] [--clients N] [console options]
      --rate N       orders per second, all clients together (default 3000)
      --clients N    client threads (default 4; client 3 has a slow risk path)
      --metrics ADDR:PORT  serve exported aggregations to Prometheus at http://ADDR:PORT/metrics
                     (127.0.0.1 unless ADDR says otherwise; docs/fleet.md)
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
    arguments, demoValueFlags: ["--rate", "--clients", "--metrics"], demoSwitches: ["--no-console"])

var configuration = OrderBookService.Configuration()
let duration: Int?
let headless: Bool
var metricsAddress: String?
do {
    let flags = try DemoCommandLine(demoArguments, valueFlags: ["--rate", "--clients", "--duration", "--metrics"], switchFlags: ["--no-console"])
    configuration.rate = try flags.positiveInt("--rate", default: configuration.rate)
    configuration.clients = try flags.positiveInt("--clients", default: configuration.clients)
    duration = try flags.duration("--duration")
    headless = flags.switches.contains("--no-console")
    metricsAddress = flags.values["--metrics"]
} catch {
    fail(error.description)
}

/// Starts the /metrics endpoint when --metrics asks for it (what `export` publishes; docs/fleet.md).
func startMetrics(_ metricsAddress: String?) -> MetricsServer? {
    guard let metricsAddress else { return nil }
    do {
        let server = try MetricsServer.start(try MetricsServer.Configuration(address: metricsAddress))
        StandardError.print("orderbook: serving metrics at http://\(server.address)/metrics")
        return server
    } catch {
        StandardError.print("orderbook: cannot serve metrics on \(metricsAddress): \(error)")
        exit(1)
    }
}

let service = OrderBookService(configuration: configuration)
if headless {
    if !consoleArguments.isEmpty { fail("\(consoleArguments[0]) is a console option; it does nothing with --no-console") }
    let metrics = startMetrics(metricsAddress)
    service.start()
    // Consoles attach with `trace-console attach PID` (docs/attach.md).
    let agent = TraceAgent.startReporting(as: "orderbook")
    StandardError.print("orderbook: \(configuration.clients) clients, \(configuration.rate) orders/s"
                        + (agent == nil ? "" : "; attach with: trace-console attach \(getpid())"))
    _ = ShutdownSignal.wait(duration: duration)
    agent?.stop()
    metrics?.stop()
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
let metrics = startMetrics(metricsAddress)
service.start()
let agent = TraceAgent.startReporting(as: "orderbook")
let status = Console.run(options: options)
agent?.stop()
metrics?.stop()
service.stop()
exit(status)
