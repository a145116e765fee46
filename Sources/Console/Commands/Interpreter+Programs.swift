// Defining programs (program, bare clauses, CLTRACE forms) and managing them: enable, disable, delete,
// programs, edit, save, load.
import Foundation
import TraceCore
import TraceAgent

extension Interpreter {
    /// `program NAME [-z] SOURCE`, or a bare clause when `name` is nil.
    func defineProgram(name: String?, allowZeroMatches: Bool, source typed: String, prefix: String) -> CommandResult {
        // The `#pragma` lines and declarations typed before go first (those the source already holds, as an
        // edited program does, once); errors are then moved back onto the user's own lines.
        let preamble = state.withLock { $0.preamble }.filter { !typed.contains($0) }
        let head = preamble.map { $0 + "\n" }.joined()
        let source = head + typed
        let response = backend.perform(.define(name: name, source: source, allowZeroMatches: allowZeroMatches))
        switch response {
        case .defined(let info):
            state.withLock { s in
                if allowZeroMatches { s.zeroMatchPrograms.insert(info.name) } else { s.zeroMatchPrograms.remove(info.name) }
            }
            return .notice(Self.definedMessage(info))
        case .failure(let error):
            return definitionFailure(Self.withoutPreamble(error, lines: head.filter { $0 == "\n" }.count), prefix: prefix, source: typed)
        default:
            return .failure(unexpected().message)
        }
    }

    /// D typed outside any program (`#pragma D option …`, `int x;`, `self int y;`): checked now, then put
    /// before every program and bare clause defined after it in this session.
    func addPreamble(_ source: String) -> CommandResult {
        let options: [ProgramOption]
        do throws(DefinitionError) {
            options = try TraceLanguage.checkPreamble(source)
        } catch {
            return CommandResult(messages: error.description + "\n", succeeded: false)
        }
        state.withLock { $0.preamble.append(source) }
        let notes = options.compactMap(\.note).map { "\nnote: " + $0 }.joined()
        return .notice("kept for the programs defined after this" + notes)
    }

    /// `error` with its positions counted from after the first `lines` lines (the preamble); an error inside
    /// them is named as being in the lines typed before.
    static func withoutPreamble(_ error: BackendError, lines: Int) -> BackendError {
        guard lines > 0, case .definition(let diagnostics, let source) = error else { return error }
        let moved = diagnostics.map { d in
            d.line > lines ? DiagnosticInfo(line: d.line - lines, column: d.column, message: d.message)
                : DiagnosticInfo(line: 1, column: 1, message: "in the #pragma and declaration lines typed before: " + d.message)
        }
        return .definition(moved, source: String(source.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(lines).joined(separator: "\n")))
    }

    /// A CLTRACE form: `(define-program …)`, `(getagg NAME)`, `(getvar :NAME)`.
    func runLisp(_ source: String, prefix: String) -> CommandResult {
        switch backend.perform(.defineLisp(source: source)) {
        case .defined(let info):
            state.withLock { _ = $0.zeroMatchPrograms.remove(info.name) }
            return .notice(Self.definedMessage(info))
        case .lispQuery(.aggregation(let name)):
            do { return try show(["@" + name]) } catch { return .failure(error.message) }
        case .lispQuery(.variable(let name)):
            do { return try get([name]) } catch { return .failure(error.message) }
        case .failure(let error):
            return definitionFailure(error, prefix: prefix, source: source)
        default:
            return .failure(unexpected().message)
        }
    }

    /// `program 'lat' enabled: matched 4 probes`, as DTrace answers.
    static func definedMessage(_ info: DefinitionInfo) -> String {
        let verb = info.replaced ? "redefined and enabled" : "enabled"
        let notes = (info.notes ?? []).map { "\nnote: " + $0 }.joined()
        return "program '\(info.name)' \(info.enabled ? verb : "defined"): matched \(plural(info.matchedProbes, "probe"))" + notes
    }

    /// A definition error rendered against the text the user typed: positions moved past `prefix`
    /// (`program NAME `), so the caret sits under the user's own text.
    func definitionFailure(_ error: BackendError, prefix: String, source: String) -> CommandResult {
        guard case .definition(let diagnostics, _) = error else { return .failure(error.description) }
        var prefixLines = 0
        var lastLineColumns = 0
        for c in prefix {
            if c.isNewline { prefixLines += 1; lastLineColumns = 0 } else { lastLineColumns += 1 }
        }
        let moved = diagnostics.map { d in
            DiagnosticInfo(line: d.line + prefixLines, column: d.line == 1 ? d.column + lastLineColumns : d.column, message: d.message)
        }
        return CommandResult(messages: BackendError.definition(moved, source: prefix + source).description + "\n", succeeded: false)
    }

    // MARK: enable, disable, delete

    func enable(_ args: [String]) throws(CommandError) -> CommandResult {
        guard !args.isEmpty else { throw usage("enable") }
        var result = CommandResult()
        for name in args {
            let list = try allPrograms()
            do {
                let p = try program(name, in: list)
                if p.enabled {
                    result.append(.notice("program '\(name)' is already enabled"))
                    continue
                }
                _ = try request(.enable(program: name))
                result.append(.notice("program '\(name)' enabled"))
            } catch {
                result.append(.failure(error.message))
            }
        }
        return result
    }

    func disable(_ args: [String]) throws(CommandError) -> CommandResult {
        guard !args.isEmpty else { throw usage("disable") }
        var result = CommandResult()
        for name in args {
            let list = try allPrograms()
            do {
                let p = try program(name, in: list)
                if !p.enabled {
                    result.append(.notice("program '\(name)' is already disabled"))
                    continue
                }
                _ = try request(.disable(program: name))
                result.append(.notice("program '\(name)' disabled"))
            } catch {
                result.append(.failure(error.message))
            }
        }
        return result
    }

    func delete(_ args: [String]) throws(CommandError) -> CommandResult {
        guard !args.isEmpty else { throw usage("delete") }
        var result = CommandResult()
        for name in args {
            do {
                _ = try request(.delete(program: name))
                state.withLock { _ = $0.zeroMatchPrograms.remove(name) }
                views.history.forget(program: name)   // its watch histories (Session/ViewHistory.swift)
                result.append(.notice("program '\(name)' deleted"))
            } catch {
                result.append(.failure(error.message))
            }
        }
        return result
    }

    // MARK: programs

    func programs(_ args: [String]) throws(CommandError) -> CommandResult {
        let list = try allPrograms()
        var shown = list
        if !args.isEmpty {
            shown = []
            for name in args { shown.append(try program(name, in: list)) }
        }
        guard !shown.isEmpty else { return .notice("no programs defined") }
        let rows = shown.map { p -> [String] in
            let share = p.uptimeNanoseconds > 0 ? Double(p.clauseNanoseconds) / Double(p.uptimeNanoseconds) * 100 : 0
            var cpu = FixedPoint.fixed(share, places: 1, trim: false) + "%"
            if let budget = p.budget { cpu += " of " + Self.percent(budget) }
            return [p.name, p.enabled ? "enabled" : "disabled", String(p.probesMatched), String(p.firings),
                    String(p.errors), String(p.totalDrops), p.memoryBytes.map(ByteCount.text) ?? "?",
                    DurationText.elapsed(p.clauseNanoseconds), cpu]
        }
        let table = TextTable.render(header: ["NAME", "STATE", "PROBES", "FIRINGS", "ERRORS", "DROPS", "MEMORY", "CLAUSE TIME", "CPU"],
                                     rows: rows, rightAligned: [2, 3, 4, 5, 6, 7, 8])
        return CommandResult(output: table)
    }

    /// `5%`, `0.5%`: a share of one core.
    static func percent(_ fraction: Double) -> String {
        FixedPoint.fixed(fraction * 100, places: 2) + "%"
    }

    // MARK: edit, save, load

    /// The entry that defines `p` again, as typed: `program NAME [-z] SOURCE`, or the CLTRACE form itself.
    func definitionText(_ p: ProgramInfo) -> String {
        let source = p.source.drop { $0.isWhitespace }
        if source.hasPrefix("(") { return String(source) }
        let zero = state.withLock { $0.zeroMatchPrograms.contains(p.name) }
        return "program \(p.name)\(zero ? " -z" : "") \(source)"
    }

    func edit(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count == 1 else { throw args.isEmpty ? usage("edit") : CommandError("edit takes one program name") }
        let p = try program(args[0], in: try allPrograms())
        return CommandResult(effects: [.edit(definitionText(p))])
    }

    func save(_ args: [String]) throws(CommandError) -> CommandResult {
        guard let path = args.first else { throw usage("save") }
        let list = try allPrograms()
        var chosen: [ProgramInfo] = []
        if args.count > 1 {
            for name in args.dropFirst() { chosen.append(try program(name, in: list)) }
        } else {
            chosen = list
        }
        guard !chosen.isEmpty else { throw CommandError("no programs to save") }
        var text = "# TraceConsole programs; run them again with: load \(path)\n"
        for p in chosen {
            text += "\n" + definitionText(p) + "\n"
            if !p.enabled { text += "disable \(p.name)\n" }
        }
        try FileText.write(text, to: path)
        return .notice("saved \(Self.plural(chosen.count, "program")) to \(path)")
    }

    func load(_ args: [String]) throws(CommandError) -> CommandResult {
        guard !args.isEmpty else { throw usage("load") }
        // `load FILE ARG…`: the file's programs see ARG… as $1…; without arguments they keep the current ones.
        let previous = state.withLock { s -> [String] in
            let previous = s.macroArguments
            if args.count > 1 { s.macroArguments = args }
            return previous
        }
        defer { state.withLock { $0.macroArguments = previous } }
        let depth = state.withLock { s -> Int in
            s.loadDepth += 1
            return s.loadDepth
        }
        defer { state.withLock { $0.loadDepth -= 1 } }
        guard depth <= Self.maxLoadDepth else { throw CommandError("load nested more than \(Self.maxLoadDepth) deep (a file that loads itself?)") }
        let text = try FileText.read(args[0])
        var result = CommandResult()
        for entry in ScriptEntries.split(text) {
            var r = execute(entry, file: args[0])
            // `sleep` in a loaded file waits here, so that what follows it runs later, as in a script.
            for effect in r.effects { if case .sleep(let d) = effect { interruption.sleep(d) } }
            r.effects.removeAll { if case .sleep = $0 { return true } else { return false } }
            result.append(r)
            if r.effects.contains(.quit) || r.effects.contains(.detached) || interruption.isInterrupted { break }
        }
        return result
    }
}
