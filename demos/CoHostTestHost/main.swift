// cohost-testhost: a service that both starts the trace agent and co-hosts a plain console reading commands from
// standard input, for the attach test that checks the two consoles never take each other's output. It declares
// the same probes as attach-testhost, fires them from a thread, prints `ready PID SOCKETPATH`, and exits when
// standard input closes.
//
//   --socket-dir DIR    where the agent listens
//   --terminal          take standard input (a pty, in a new session) as the controlling terminal, so that Ctrl-C
//                       there would be SIGINT, and run the console's line editor on it instead of plain text
//   --exec PROG ARG…    take the terminal as --terminal does, then run PROG in this process (no service here)
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
var onTerminal = false

/// Makes standard input this session's controlling terminal.
func takeTerminal() {
    if ioctl(0, UInt(TIOCSCTTY), 0) != 0 {
        FileHandle.standardError.write(Data("cohost-testhost: TIOCSCTTY: \(String(cString: strerror(errno)))\n".utf8))
        exit(2)
    }
}

while !arguments.isEmpty {
    let a = arguments.removeFirst()
    switch a {
    case "--terminal":
        onTerminal = true
    case "--exec" where !arguments.isEmpty:
        takeTerminal()
        let argv = arguments.map { strdup($0) } + [nil]
        execv(arguments[0], argv)
        FileHandle.standardError.write(Data("cohost-testhost: exec \(arguments[0]): \(String(cString: strerror(errno)))\n".utf8))
        exit(2)
    case "--socket-dir" where !arguments.isEmpty:
        configuration.directory = arguments.removeFirst()
    default:
        FileHandle.standardError.write(Data("cohost-testhost: unknown argument '\(a)'\n".utf8))
        exit(2)
    }
}

if onTerminal { takeTerminal() }

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
options.plain = !onTerminal
options.historyFile = nil
_ = Console.run(options: options)
agent.stop()
exit(0)
