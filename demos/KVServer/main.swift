// kvserver: the RESP key-value demo service. Parses flags and runs the server; the tracing
// console will be co-hosted here later (its flags --script and --json are accepted and ignored).
import DemoServices
import Glibc

let usage = """
    usage: kvserver [--no-console] [--port N] [--threads N] [--duration D]
      --port N       TCP port on 127.0.0.1 (default 6380; 0 picks a free one)
      --threads N    event loop threads (default: one per core)
      --duration D   stop after D (5s, 500ms, 2m); default: run until SIGINT/SIGTERM
      --no-console   run the service alone
    """

func fail(_ message: String) -> Never {
    StandardError.print("kvserver: \(message)\n\(usage)")
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}

var configuration = KVServer.Configuration()
let duration: Int?
let headless: Bool
do {
    let flags = try DemoCommandLine(arguments, valueFlags: ["--port", "--threads", "--duration"], switchFlags: ["--no-console"])
    if let text = flags.values["--port"] {
        guard let port = Int(text), (0...65535).contains(port) else { fail("--port needs a port number, not '\(text)'") }
        configuration.port = port
    }
    configuration.threads = try flags.positiveInt("--threads", default: configuration.threads)
    duration = try flags.duration("--duration")
    headless = flags.switches.contains("--no-console")
} catch {
    fail(error.description)
}

if !headless {
    StandardError.print("kvserver: the console is not part of this build yet; running the service alone (Ctrl-C to stop)")
}
let server = KVServer(configuration: configuration)
do {
    let port = try server.start()
    StandardError.print("kvserver: listening on \(configuration.host):\(port) with \(configuration.threads) event loops")
} catch {
    StandardError.print("kvserver: cannot listen on \(configuration.host):\(configuration.port): \(error)")
    exit(1)
}
_ = ShutdownSignal.wait(duration: duration)
server.stop()
StandardError.print("kvserver: stopped")
