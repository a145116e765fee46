// kvserver: the RESP key-value demo service, co-hosting the tracing console.
import Console
import TraceAgent
import DemoServices
import Glibc

let usage = """
    usage: kvserver [--no-console] [--port N] [--threads N] [console options]
      --port N       TCP port on 127.0.0.1 (default 6380; 0 picks a free one)
      --threads N    event loop threads (default: one per core)
      --metrics ADDR:PORT  serve exported aggregations to Prometheus at http://ADDR:PORT/metrics
                     (127.0.0.1 unless ADDR says otherwise; docs/fleet.md)
      --no-console   run the service alone (then --duration D stops it after D)

    """ + ConsoleOptions.usage

func fail(_ message: String) -> Never {
    StandardError.print("kvserver: \(message)\n\(usage)")
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
let (demoArguments, consoleArguments) = ConsoleArguments.split(
    arguments, demoValueFlags: ["--port", "--threads", "--metrics"], demoSwitches: ["--no-console"])

var configuration = KVServer.Configuration()
let duration: Int?
let headless: Bool
var metricsAddress: String?
do {
    let flags = try DemoCommandLine(demoArguments, valueFlags: ["--port", "--threads", "--duration", "--metrics"], switchFlags: ["--no-console"])
    if let text = flags.values["--port"] {
        guard let port = Int(text), (0...65535).contains(port) else { fail("--port needs a port number, not '\(text)'") }
        configuration.port = port
    }
    configuration.threads = try flags.positiveInt("--threads", default: configuration.threads)
    duration = try flags.duration("--duration")
    headless = flags.switches.contains("--no-console")
    metricsAddress = flags.values["--metrics"]
} catch {
    fail(error.description)
}

var options = ConsoleOptions()
if !headless {
    do {
        options = try ConsoleOptions.parse(arguments: consoleArguments)
    } catch {
        fail(error.description)
    }
} else if !consoleArguments.isEmpty {
    fail("\(consoleArguments[0]) is a console option; it does nothing with --no-console")
}

let server = KVServer(configuration: configuration)
do {
    let port = try server.start()
    StandardError.print("kvserver: listening on \(configuration.host):\(port) with \(configuration.threads) event loops")
} catch {
    StandardError.print("kvserver: cannot listen on \(configuration.host):\(configuration.port): \(error)")
    exit(1)
}

/// Starts the /metrics endpoint when --metrics asks for it (what `export` publishes; docs/fleet.md).
func startMetrics(_ metricsAddress: String?) -> MetricsServer? {
    guard let metricsAddress else { return nil }
    do {
        let server = try MetricsServer.start(try MetricsServer.Configuration(address: metricsAddress))
        StandardError.print("kvserver: serving metrics at http://\(server.address)/metrics")
        return server
    } catch {
        StandardError.print("kvserver: cannot serve metrics on \(metricsAddress): \(error)")
        exit(1)
    }
}
let metrics = startMetrics(metricsAddress)
// Consoles attach with `trace-console attach PID` (docs/attach.md).
let agent = TraceAgent.startReporting(as: "kvserver")
if headless {
    if agent != nil { StandardError.print("kvserver: attach with: trace-console attach \(getpid())") }
    _ = ShutdownSignal.wait(duration: duration)
    agent?.stop()
    metrics?.stop()
    server.stop()
    StandardError.print("kvserver: stopped")
    exit(0)
}
let status = Console.run(options: options)
agent?.stop()
metrics?.stop()
server.stop()
exit(status)
