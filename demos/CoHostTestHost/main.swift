// cohost-testhost: a service that both starts the trace agent and co-hosts a plain console reading commands from
// standard input, for the attach test that checks the two consoles never take each other's output. It declares
// the same probes as attach-testhost, fires them from a thread, prints `ready PID SOCKETPATH`, and exits when
// standard input closes.
//
//   --socket-dir DIR    where the agent listens
import Console
import Foundation
import TraceAgent
import TraceCore
import TraceSystem

let provider = TraceProvider("attachtest")
let work = provider.function("loop", "work", ("n", Int.self), ("kind", String.self))
let tick = provider.event("loop", "work", "tick", ("n", Int.self))

var configuration = TraceAgent.Configuration()
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    switch a {
    case "--socket-dir" where !arguments.isEmpty:
        configuration.directory = arguments.removeFirst()
    default:
        FileHandle.standardError.write(Data("cohost-testhost: unknown argument '\(a)'\n".utf8))
        exit(2)
    }
}

let agent: TraceAgent
do {
    agent = try TraceAgent.start(configuration)
} catch {
    FileHandle.standardError.write(Data("cohost-testhost: \(error)\n".utf8))
    exit(1)
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

let ready = Array("ready \(getpid()) \(agent.socketPath)\n".utf8)
_ = ready.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
var options = ConsoleOptions()
options.plain = true
options.historyFile = nil
_ = Console.run(options: options)
agent.stop()
exit(0)
