// attach-testhost: the service the attach tests (Tests/AttachTests) spawn and attach to. It links TraceCore and
// TraceAgent only — what a service needs to be attachable, without a console. It declares a few probes, starts
// the trace agent, prints `ready PID SOCKETPATH` on standard output, fires the probes in a loop on the main
// thread, and stops the agent and exits when standard input closes (or it is killed).
//
//   --socket-dir DIR    where the agent listens (default: the agent's own choice)
//   --open-modes        socket 0666 in a 0755 directory, so another user can reach the uid check (tests only)
//   --max-programs N    the per-connection program limit
//   --output-records N  the per-connection output queue limit
import Dispatch
import Foundation
import TraceAgent
import TraceCore

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
    case "--open-modes":
        configuration.socketMode = 0o666
        configuration.directoryMode = 0o755
    case "--max-programs" where !arguments.isEmpty:
        configuration.limits.programs = Int(arguments.removeFirst()) ?? 64
    case "--output-records" where !arguments.isEmpty:
        configuration.limits.outputRecords = Int(arguments.removeFirst()) ?? 20_000
    default:
        FileHandle.standardError.write(Data("attach-testhost: unknown argument '\(a)'\n".utf8))
        exit(2)
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

// Run until standard input closes: the test holds the other end of a pipe.
DispatchQueue.global().async {
    var byte: UInt8 = 0
    while read(0, &byte, 1) > 0 {}
    agent.stop()
    exit(0)
}

var n = 0
while true {
    n += 1
    work.around(n % 10, n % 2 == 0 ? "even" : "odd") {
        tick.fire(n)
    }
    usleep(200)
}
