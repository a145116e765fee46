// cohost-testhost: a service that both starts the trace agent and co-hosts a plain console reading commands from
// standard input, for the attach test that checks the two consoles never take each other's output. It declares
// the same probes as attach-testhost, fires them from a thread, prints `ready PID SOCKETPATH`, and exits when
// standard input closes.
//
//   --socket-dir DIR    where the agent listens
//   --terminal          take standard input (a pty, in a new session) as the controlling terminal, so that Ctrl-C
//                       there would be SIGINT, and run the console's line editor on it instead of plain text
//   --exec PROG ARG…    take the terminal as --terminal does, then run PROG in this process (no service here)
//   --impostor UID DIR PID   (root only) become UID, create DIR (0700) with a listening socket DIR/PID.sock named
//                       after another process, print `ready MYPID PATH`, and answer every connection with
//                       escape sequences (no service here): what a hostile local user would set up
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
    case "--impostor" where arguments.count >= 3:
        let uid = UInt32(arguments[0]) ?? 65534, dir = arguments[1], victim = arguments[2]
        guard setgroups(0, nil) == 0, setgid(uid) == 0, setuid(uid) == 0 else {
            FileHandle.standardError.write(Data("cohost-testhost: cannot become uid \(uid)\n".utf8))
            exit(2)
        }
        mkdir(dir, 0o700)
        let path = dir + "/" + victim + ".sock"
        do {
            let fd = try Syscall.unixStreamSocket()
            try Syscall.bind(fd, path: path)
            try Syscall.listen(fd, backlog: 8)
            let line = Array("ready \(getpid()) \(path)\n".utf8)
            _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            let hostile = Array("\u{1B}]0;pwned\u{07}\u{1B}[2J".utf8)
            while true {
                guard let client = try Syscall.accept(fd) else { continue }
                _ = hostile.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                close(client)
            }
        } catch {
            FileHandle.standardError.write(Data("cohost-testhost: impostor: \(error)\n".utf8))
            exit(2)
        }
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
