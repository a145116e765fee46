// attach-testhost: the service the attach tests (Tests/AttachTests) spawn and attach to. It declares a few
// probes, fires them from a thread in a loop, starts the trace agent, prints `ready PID SOCKETPATH` on standard
// output and runs until standard input closes (or it is killed).
//
//   --socket-dir DIR    where the agent listens (default: the agent's own choice)
//   --open-modes        socket 0666 in a 0755 directory, so another user can reach the uid check (tests only)
//   --max-programs N    the per-connection program limit
//   --output-records N  the per-connection output queue limit
//   --console           co-host a plain console reading commands from standard input (until it closes)
import Console
import Foundation
import TraceCore
import TraceSystem

let provider = TraceProvider("attachtest")
let work = provider.function("loop", "work", ("n", Int.self), ("kind", String.self))
let tick = provider.event("loop", "work", "tick", ("n", Int.self))

var configuration = TraceAgent.Configuration()
var coHostedConsole = false
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    switch a {
    case "--socket-dir" where !arguments.isEmpty:
        configuration.directory = arguments.removeFirst()
    case "--open-modes":
        configuration.socketMode = 0o666
        configuration.directoryMode = 0o755
    case "--max-programs" where !arguments.isEmpty:
        configuration.limits.programs = Int(arguments.removeFirst()) ?? 64
    case "--console":
        coHostedConsole = true
    case "--output-records" where !arguments.isEmpty:
        configuration.limits.outputRecords = Int(arguments.removeFirst()) ?? 20_000
    default:
        FileHandle.standardError.write(Data("attach-testhost: unknown argument '\(a)'\n".utf8))
        exit(2)
    }
}

WorkerThread(name: "firing") {
    var n = 0
    while true {
        n += 1
        work.around(n % 10, n % 2 == 0 ? "even" : "odd") {
            tick.fire(n)
        }
        usleep(200)
    }
}

let agent: TraceAgent
do {
    agent = try TraceAgent.start(configuration)
} catch {
    FileHandle.standardError.write(Data("attach-testhost: \(error)\n".utf8))
    exit(1)
}
let ready = Array("ready \(getpid()) \(agent.socketPath)\n".utf8)
_ = ready.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
if coHostedConsole {
    var options = ConsoleOptions()
    options.plain = true
    options.historyFile = nil
    _ = Console.run(options: options)
} else {
    // Run until standard input closes: the test holds the other end of a pipe.
    var byte: UInt8 = 0
    while read(0, &byte, 1) > 0 {}
}
agent.stop()
exit(0)
