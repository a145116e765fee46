// The console's command interpreter: one entry in (a command, a program, a clause, a CLTRACE form), a result
// out — data for standard output, notices and errors, success, and effects the session carries out (watch,
// edit, sleep, quit). It talks to TraceCore only through a TraceBackend, and prints nothing itself.
// Split by aspect: Interpreter+Programs, +Aggregations, +Settings, +Help.
import TraceCore
import TraceSystem
import TraceAgent

/// What running one entry produced.
public struct CommandResult: Sendable, Equatable {
    /// Data: tables, aggregations, values (standard output in plain mode). Empty or ending in "\n".
    public var output: String
    /// Confirmations and errors (standard error in plain mode). Empty or ending in "\n".
    public var messages: String
    /// False if the entry failed (a script's exit status is then non-zero).
    public var succeeded: Bool
    /// What the session must do next, in order.
    public var effects: [SessionEffect]

    /// Creates a result.
    public init(output: String = "", messages: String = "", succeeded: Bool = true, effects: [SessionEffect] = []) {
        self.output = output; self.messages = messages; self.succeeded = succeeded; self.effects = effects
    }

    /// A failure with `error: message`.
    static func failure(_ message: String) -> CommandResult {
        CommandResult(messages: "error: " + message + "\n", succeeded: false)
    }

    /// A success with a notice.
    static func notice(_ message: String) -> CommandResult {
        CommandResult(messages: message + "\n")
    }

    /// Appends another result (for `load` and several names in one command).
    mutating func append(_ other: CommandResult) {
        output += other.output
        messages += other.messages
        succeeded = succeeded && other.succeeded
        effects += other.effects
    }
}

/// Something the session does after a command: the interpreter does not own the terminal or the clock.
public enum SessionEffect: Sendable, Equatable {
    /// Leave the console.
    case quit
    /// Leave the console after `detach`: the service keeps the programs (or has deleted them), so the end of the
    /// session is not the end of their tracing and nothing is printed for them.
    case detached
    /// Start (or replace) the live view.
    case watch(WatchRequest)
    /// End the live view.
    case unwatch
    /// Put text in the line editor's buffer (in plain mode: print it).
    case edit(String)
    /// Wait, while tracing goes on.
    case sleep(Duration)
    /// Wait until every enabled program that can call `exit()` has called it (at most the duration, if given).
    case waitForExit(Duration?)
}

/// What `watch` shows and how often.
public struct WatchRequest: Sendable, Equatable {
    /// Whole programs (every aggregation, as they are at each refresh) and single aggregations.
    public var targets: [WatchTarget]
    /// Time between refreshes.
    public var interval: Duration
    /// How tables and histograms are drawn (`as rates`, `as heatmap`).
    public var view: WatchView
    /// Show each interval's values rather than the totals since the start (`delta`).
    public var perInterval: Bool
    /// Creates a request.
    public init(targets: [WatchTarget], interval: Duration, view: WatchView = .table, perInterval: Bool = false) {
        self.targets = targets; self.interval = interval; self.view = view; self.perInterval = perInterval
    }
}

/// One thing a live view shows.
public enum WatchTarget: Sendable, Equatable {
    /// Every aggregation of a program.
    case program(String)
    /// One aggregation of a program.
    case aggregation(program: String, name: String)

    /// The program it belongs to.
    public var program: String {
        switch self {
        case .program(let p), .aggregation(let p, _): return p
        }
    }
}

/// Runs console entries against a TraceBackend. Thread-safe (completion may ask from another thread).
public final class Interpreter: @unchecked Sendable {   // its mutable state is behind the `state` Lock; the backend is Sendable
    /// The backend every request goes to.
    public let backend: any TraceBackend

    struct State {
        /// Programs defined with `-z`, so that `edit` and `save` keep the flag.
        var zeroMatchPrograms: Set<String> = []
        /// The default `watch` interval (`set refresh`).
        var refresh: Duration = .seconds(1)
        /// How deep `load` is nested.
        var loadDepth = 0
        /// `$0`, `$1`… of programs: the script and its arguments (`--script FILE ARG…`, `load FILE ARG…`).
        var macroArguments: [String] = []
        /// `#pragma D option` lines and declarations typed outside any program, put before the programs after them.
        var preamble: [String] = []
    }
    let state = Lock(State())
    /// Set by Ctrl-C while an entry runs: its sleeps and waits end early.
    public let interruption = Interruption()
    /// Watch histories, saved snapshots and the width of `show … as VIEW` (Commands/ViewState.swift).
    let views = ViewState()

    /// How deep `load` may nest (a file that loads itself stops here).
    static let maxLoadDepth = 8

    /// An interpreter on `backend`.
    public init(backend: any TraceBackend) {
        self.backend = backend
    }

    /// Sets the script and its arguments that `$0`, `$1`… of programs stand for.
    public func setMacroArguments(_ arguments: [String]) {
        state.withLock { $0.macroArguments = arguments }
    }

    /// The default interval of `watch` (`set refresh`).
    public var refreshInterval: Duration { state.withLock { $0.refresh } }

    /// Runs one entry (possibly several lines) and returns what it produced.
    public func execute(_ entry: String) -> CommandResult {
        switch EntryParser.parse(entry) {
        case .empty:
            return CommandResult()
        case .invalid(let error):
            return .failure(error.message)
        case .unknown(let word):
            return unknownCommand(word)
        case .program(let name, let allowZero, let source, let prefix):
            return defineProgram(name: name, allowZeroMatches: allowZero, source: withMacroArguments(source), prefix: prefix)
        case .clause(let source, let prefix):
            return defineProgram(name: nil, allowZeroMatches: false, source: withMacroArguments(source), prefix: prefix)
        case .lisp(let source, let prefix):
            return runLisp(source, prefix: prefix)
        case .preamble(let source):
            return addPreamble(source)
        case .command(let name, let arguments):
            do {
                return try run(name, arguments)
            } catch {
                return .failure(error.message)
            }
        }
    }

    /// A program's text with the script arguments substituted for `$1`, `$$1` ….
    private func withMacroArguments(_ source: String) -> String {
        MacroArguments.substitute(source, state.withLock { $0.macroArguments })
    }

    private func run(_ name: String, _ args: [String]) throws(CommandError) -> CommandResult {
        switch name {
        case "help": return try help(args)
        case "probes": return try probes(args)
        case "enable": return try enable(args)
        case "disable": return try disable(args)
        case "delete": return try delete(args)
        case "programs": return try programs(args)
        case "edit": return try edit(args)
        case "show": return try show(args)
        case "watch": return try watch(args)
        case "flamegraph": return try flamegraph(args)
        case "unwatch":
            try noArguments("unwatch", args)
            return CommandResult(effects: [.unwatch])
        case "clear": return try clear(args)
        case "trunc": return try trunc(args)
        case "get": return try get(args)
        case "set": return try set(args)
        case "save": return try save(args)
        case "load": return try load(args)
        case "sleep": return try sleep(args)
        case "wait": return try wait(args)
        case "detach": return try detach(args)   // attach: Attach/Interpreter+Detach.swift
        case "snapshot": return try takeSnapshot(args)   // Interpreter+Snapshots.swift
        case "diff": return try diff(args)
        case "export": return try export(args)   // metrics: Interpreter+Exports.swift
        case "unexport": return try unexport(args)
        case "exports": return try exports(args)
        case "quit":
            try noArguments("quit", args)
            return CommandResult(effects: [.quit])
        default: return unknownCommand(name)
        }
    }

    private func unknownCommand(_ word: String) -> CommandResult {
        if word.contains(":") || word == "BEGIN" || word == "END" || word == "ERROR" || word.hasPrefix("tick-") {
            return .failure("'\(word)' needs a clause body: \(word) { … }")
        }
        let nearest = EditDistance.nearest(to: word, among: CommandTable.names)
        return .failure("unknown command '\(word)'" + Self.didYouMean(nearest) + "; type help for the list")
    }

    // MARK: Helpers shared by the command files

    /// ` (did you mean 'a', 'b'?)`, or "" when there is nothing near.
    static func didYouMean(_ names: [String], quote: Bool = true) -> String {
        guard !names.isEmpty else { return "" }
        return " (did you mean \(names.map { quote ? "'\($0)'" : $0 }.joined(separator: ", "))?)"
    }

    func noArguments(_ command: String, _ args: [String]) throws(CommandError) {
        guard args.isEmpty else { throw CommandError("\(command) takes no arguments") }
    }

    func usage(_ command: String) -> CommandError {
        CommandError("usage: " + (CommandTable.command(command)?.usage ?? command))
    }

    /// Performs a request, turning a failure into a CommandError with the backend's message.
    func request(_ r: BackendRequest) throws(CommandError) -> BackendResponse {
        let response = backend.perform(r)
        if case .failure(let error) = response { throw CommandError(error.description) }
        return response
    }

    /// Every program's status, in definition order.
    func allPrograms() throws(CommandError) -> [ProgramInfo] {
        guard case .programs(let list) = try request(.listPrograms) else { throw unexpected() }
        return list
    }

    /// The program named `name`, or the backend's "no program named" error with suggestions.
    func program(_ name: String, in list: [ProgramInfo]) throws(CommandError) -> ProgramInfo {
        if let p = list.first(where: { $0.name == name }) { return p }
        throw CommandError(BackendError.noSuchProgram(name, suggestions: EditDistance.nearest(to: name, among: list.map(\.name))).description)
    }

    func unexpected() -> CommandError { CommandError("the backend gave an unexpected answer") }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
