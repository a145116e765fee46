// trace-console's command line:
//   trace-console list
//   trace-console attach PID [--socket PATH] [console options: --script FILE --duration D --json --plain …]
//   trace-console attach PID PID… | --all NAME [--departed keep|drop] [console options]   (one console, merged)
//   trace-console help
// `--as-uid N` (hidden, root only) drops to user N before connecting: the attach tests use it to check that
// the agent refuses another user.
import Console
import TraceAgent

/// What trace-console was asked to do.
enum ToolCommand: Equatable {
    case list
    case attach(pid: Int32, socket: String?, asUID: UInt32?, options: ConsoleOptions)
    /// Several processes, by pid or (`all`) every live one with that executable name.
    case attachMany(pids: [Int32], all: String?, departed: FleetBackend.Departure, options: ConsoleOptions)
    case help

    static let usage = """
        usage:
          trace-console list                    list the processes with a trace agent (pid, name, state, socket)
          trace-console attach PID [OPTIONS]    attach a console to process PID's trace agent
          trace-console attach PID PID… [OPTIONS]
          trace-console attach --all NAME [OPTIONS]
                                                one console over several processes (every live one named NAME):
                                                programs defined in each, aggregations merged (docs/fleet.md)
          trace-console help                    print this

        attach options:
          --socket PATH    the agent's socket (default: found from PID in $XDG_RUNTIME_DIR/trace-console,
                           /run/user/UID/trace-console or /tmp/trace-console-UID)
          --departed keep|drop
                           several processes: when one exits, keep its last data in the totals (default)
                           or drop it

        """ + ConsoleOptions.usage + """

        In the console, detach leaves (deleting your programs), detach --keep leaves them enabled; quit = detach.

        """

    /// Parses the arguments after the program name.
    static func parse(_ arguments: [String]) throws(ConsoleOptionsError) -> ToolCommand {
        guard let first = arguments.first else { return .help }
        switch first {
        case "list":
            guard arguments.count == 1 else { throw ConsoleOptionsError("list takes no arguments") }
            return .list
        case "help", "--help", "-h":
            return .help
        case "attach":
            var pids: [Int32] = []
            var rest = Array(arguments.dropFirst())
            while let word = rest.first, !word.hasPrefix("-") {
                guard let pid = Int32(word), pid > 0 else { throw ConsoleOptionsError("invalid process id '\(word)' for attach") }
                if !pids.contains(pid) { pids.append(pid) }
                rest.removeFirst()
            }
            let all = try take("--all", from: &rest)
            let departedText = try take("--departed", from: &rest)
            if pids.count > 1 || all != nil {
                if all != nil && !pids.isEmpty { throw ConsoleOptionsError("attach takes process ids or --all NAME, not both") }
                var departed = FleetBackend.Departure.keep
                if let departedText {
                    guard let d = FleetBackend.Departure(rawValue: departedText) else {
                        throw ConsoleOptionsError("invalid value '\(departedText)' for --departed (keep or drop)")
                    }
                    departed = d
                }
                if rest.contains(where: { $0 == "--socket" || $0.hasPrefix("--socket=") }) {
                    throw ConsoleOptionsError("--socket names one agent; with several processes each is found from its pid")
                }
                return .attachMany(pids: pids, all: all, departed: departed, options: try ConsoleOptions.parse(arguments: rest))
            }
            guard let pid = pids.first else {
                throw ConsoleOptionsError("attach needs a process id: trace-console attach PID")
            }
            if departedText != nil { throw ConsoleOptionsError("--departed is for a console attached to several processes") }
            let socket = try take("--socket", from: &rest)
            let uidText = try take("--as-uid", from: &rest)
            var asUID: UInt32?
            if let uidText {
                guard let n = UInt32(uidText) else { throw ConsoleOptionsError("invalid uid '\(uidText)' for --as-uid") }
                asUID = n
            }
            let options = try ConsoleOptions.parse(arguments: rest)
            return .attach(pid: pid, socket: socket, asUID: asUID, options: options)
        default:
            throw ConsoleOptionsError("unknown command '\(first)' (trace-console list, attach PID…, attach --all NAME, help)")
        }
    }

    /// Removes `--name VALUE` or `--name=VALUE` from `arguments`; its value.
    private static func take(_ name: String, from arguments: inout [String]) throws(ConsoleOptionsError) -> String? {
        var value: String?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == name {
                guard i + 1 < arguments.count else { throw ConsoleOptionsError("option '\(name)' needs a value") }
                value = arguments[i + 1]
                arguments.removeSubrange(i...(i + 1))
            } else if a.hasPrefix(name + "=") {
                value = String(a.dropFirst(name.count + 1))
                arguments.remove(at: i)
            } else {
                i += 1
            }
        }
        return value
    }
}
