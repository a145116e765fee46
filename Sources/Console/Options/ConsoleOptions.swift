// The console's command-line options, so a demo service can pass its flags through:
//   --script FILE [ARG…]  run the commands in FILE (plain text output), then exit; ARGs are the programs' $1…
//   --duration D     after the commands, keep tracing for D (5s, 500ms, 2m), then print every aggregation
//   --json           print those aggregations as JSON lines (without a terminal, watch frames too)
//   --interval D     in a script, print each aggregation's values of the last D every D (Session/IntervalReport)
//   --history FILE   where the line editor keeps history (default ~/.trace_console_history)
//   --no-history     keep history in memory only
//   --plain          never use the terminal's line editor (plain text in and out)
//   --help           print the usage and exit
import Foundation
import TraceCore

/// How the console is started: script or interactive, output form, history, and the file descriptors it uses.
public struct ConsoleOptions: Sendable, Equatable {
    /// A file of commands to run instead of reading the terminal (`--script`).
    public var scriptPath: String?
    /// The words after `--script FILE`: the programs' `$1`, `$2`… (and `$$1` as a string).
    public var scriptArguments: [String] = []
    /// How long to keep tracing after the commands have run, before printing every aggregation (`--duration`).
    public var duration: Duration?
    /// In a script, print every aggregation's values of each interval of this length (`--interval`).
    public var interval: Duration?
    /// Print the final aggregations, and without a terminal the watch frames, as JSON lines (`--json`).
    public var json = false
    /// The history file (`--history`); nil keeps history in memory only (`--no-history`).
    public var historyFile: String? = ConsoleOptions.defaultHistoryFile
    /// Never use the line editor, even on a terminal (`--plain`).
    public var plain = false
    /// `--help` was given: print `usage` and exit.
    public var showUsage = false
    /// Where commands are read from (standard input by default).
    public var inputFD: Int32 = 0
    /// Where output goes (standard output by default).
    public var outputFD: Int32 = 1
    /// Where notices and errors go in plain mode (standard error by default).
    public var errorFD: Int32 = 2
    /// The terminal type (nil: the TERM environment variable); `dumb` means plain mode.
    public var terminalType: String?
    /// Whether the live view may use Unicode bars and ellipses (nil: decided from LANG/LC_ALL/LC_CTYPE).
    public var unicode: Bool?
    /// Whether heatmaps on a terminal may use 256 colours (nil: decided from TERM, COLORTERM and NO_COLOR).
    public var colors: Bool?

    /// The defaults: interactive on a terminal, history in `~/.trace_console_history`.
    public init() {}

    /// `~/.trace_console_history` (nil when there is no home directory).
    public static var defaultHistoryFile: String? {
        guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return nil }
        return (home.hasSuffix("/") ? home : home + "/") + ".trace_console_history"
    }

    /// The option names `parse` accepts.
    public static let optionNames = ["--script", "--duration", "--interval", "--json", "--history", "--no-history", "--plain", "--help"]

    /// The usage text printed by `--help`.
    public static let usage = """
        options:
          --script FILE [ARG…]  run the commands in FILE, then exit (plain text output); ARGs are $1, $2…
          --duration D     after the commands, keep tracing for D (5s, 500ms, 2m), stop, print every aggregation
          --interval D     in a script, every D print each aggregation's values of the last D (as dtrace -i)
          --json           print those aggregations as JSON lines (without a terminal, watch frames too)
          --history FILE   keep the command history in FILE (default ~/.trace_console_history)
          --no-history     keep the command history in memory only
          --plain          plain text in and out, even on a terminal
          --help           print this and exit

        """

    /// Parses command-line arguments (without the program name); `--opt VALUE` and `--opt=VALUE` both work.
    public static func parse(arguments: [String]) throws(ConsoleOptionsError) -> ConsoleOptions {
        var options = ConsoleOptions()
        var i = 0
        func value(_ name: String, inline: String?) throws(ConsoleOptionsError) -> String {
            if let inline { return inline }
            i += 1
            guard i < arguments.count else { throw ConsoleOptionsError("option '\(name)' needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            let argument = arguments[i]
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            switch name {
            case "--script":
                options.scriptPath = try value(name, inline: inline)
            case "--duration":
                let text = try value(name, inline: inline)
                guard let d = DurationText.parse(text) else {
                    throw ConsoleOptionsError("invalid duration '\(text)' for --duration (a number and a unit: 500ms, 5s, 2m)")
                }
                options.duration = d
            case "--interval":
                let text = try value(name, inline: inline)
                guard let d = DurationText.parse(text), d >= .milliseconds(10) else {
                    throw ConsoleOptionsError("invalid interval '\(text)' for --interval (at least 10ms: 500ms, 1s, 2m)")
                }
                options.interval = d
            case "--history":
                options.historyFile = try value(name, inline: inline)
            case "--json", "--no-history", "--plain", "--help":
                if inline != nil { throw ConsoleOptionsError("option '\(name)' takes no value") }
                switch name {
                case "--json": options.json = true
                case "--no-history": options.historyFile = nil
                case "--plain": options.plain = true
                default: options.showUsage = true
                }
            default:
                let nearest = EditDistance.nearest(to: name, among: optionNames)
                let hint = nearest.isEmpty ? "" : " (did you mean \(nearest.map { "'\($0)'" }.joined(separator: ", "))?)"
                if name.hasPrefix("-") && name != "-" && Int(name) == nil { throw ConsoleOptionsError("unknown option '\(name)'\(hint)") }
                if options.scriptPath != nil {
                    // `--script FILE ARG…`: the rest are the script's arguments, as `dtrace -s FILE ARG…` takes them.
                    options.scriptArguments = Array(arguments[i...])
                    return options
                }
                throw ConsoleOptionsError("unexpected argument '\(name)'\(hint)")
            }
            i += 1
        }
        return options
    }
}

/// A command line the console cannot use, with a message naming the nearest option.
public struct ConsoleOptionsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. `unknown option '--jsn' (did you mean '--json'?)`.
    public var message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
