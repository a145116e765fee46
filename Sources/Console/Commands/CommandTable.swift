// The console's commands: names, usage lines and one-line summaries (help, completion, "did you mean").

/// One console command as help and completion know it.
struct CommandInfo: Sendable {
    var name: String
    var usage: String
    var summary: String
}

/// Every command, in the order help lists them.
enum CommandTable {
    static let all: [CommandInfo] = [
        CommandInfo(name: "help", usage: "help [TOPIC]", summary: "this list, or help on a command or language feature"),
        CommandInfo(name: "probes", usage: "probes [PATTERN]", summary: "list declared probes with their arguments and state"),
        CommandInfo(name: "program", usage: "program NAME [-z] { clauses }", summary: "define (or redefine) and enable a program"),
        CommandInfo(name: "enable", usage: "enable NAME…", summary: "enable disabled programs"),
        CommandInfo(name: "disable", usage: "disable NAME…", summary: "stop programs firing, keeping their data"),
        CommandInfo(name: "delete", usage: "delete NAME…", summary: "delete programs and their data"),
        CommandInfo(name: "programs", usage: "programs [NAME…]", summary: "list programs: state, probes, firings, errors, drops, clause time"),
        CommandInfo(name: "edit", usage: "edit NAME", summary: "put a program's source in the editor to change and re-submit"),
        CommandInfo(name: "show", usage: "show [@AGG… | PROGRAM…] [desc] [--json | --folded | --tree] [by pid]", summary: "print aggregations once"),
        CommandInfo(name: "watch", usage: "watch [@AGG… | PROGRAM…] [every DURATION]", summary: "pin refreshing aggregations above the prompt"),
        CommandInfo(name: "flamegraph", usage: "flamegraph @AGG FILE.svg", summary: "write a stack aggregation as an interactive SVG flame graph"),
        // views: `watch … as heatmap|rates`, `delta`, snapshots and diffs (Interpreter+Views, +Snapshots).
        CommandInfo(name: "snapshot", usage: "snapshot @AGG as NAME", summary: "keep a copy of an aggregation to diff against later"),
        CommandInfo(name: "diff", usage: "diff A B [--json]", summary: "compare a snapshot with now, or two aggregations: percentiles, changed keys"),
        CommandInfo(name: "unwatch", usage: "unwatch", summary: "stop watching (also Esc on an empty line)"),
        CommandInfo(name: "clear", usage: "clear @AGG", summary: "zero an aggregation's values, keeping its keys"),
        CommandInfo(name: "trunc", usage: "trunc @AGG [N]", summary: "drop an aggregation's keys, or keep the N largest"),
        CommandInfo(name: "get", usage: "get VAR", summary: "print a program's global variable"),
        CommandInfo(name: "set", usage: "set [OPTION VALUE]", summary: "show or change limits, the refresh interval and budgets"),
        CommandInfo(name: "save", usage: "save FILE [NAME…]", summary: "write program definitions to a file"),
        CommandInfo(name: "load", usage: "load FILE [ARG…]", summary: "run the commands in a file (programs saved with save); ARGs are $1…"),
        CommandInfo(name: "sleep", usage: "sleep DURATION", summary: "wait, while programs keep tracing (for scripts)"),
        // metrics: what the service publishes on /metrics (Interpreter+Exports.swift).
        CommandInfo(name: "export", usage: "export PROGRAM.@AGG [as NAME] [labels K1,K2…] [unit seconds|bytes] [gauge]",
                    summary: "publish an aggregation on the service's /metrics endpoint"),
        CommandInfo(name: "unexport", usage: "unexport PROGRAM.@AGG", summary: "stop publishing an aggregation"),
        CommandInfo(name: "exports", usage: "exports", summary: "list the exported aggregations and their metric names"),
        CommandInfo(name: "wait", usage: "wait [DURATION]", summary: "wait until the programs call exit(), as dtrace does (at most DURATION)"),
        // attach: an attached console's way out (Attach/Interpreter+Detach.swift).
        CommandInfo(name: "detach", usage: "detach [--keep]", summary: "leave an attached service; --keep leaves your programs enabled there"),
        CommandInfo(name: "quit", usage: "quit", summary: "leave the console (also Ctrl-D on an empty line)"),
    ]

    /// Every command name. The alias `exit` for `quit` is not among them: the entry parser and completion add it.
    static let names: [String] = all.map(\.name)

    /// The command named `name`, if any.
    static func command(_ name: String) -> CommandInfo? { all.first { $0.name == name } }
}
