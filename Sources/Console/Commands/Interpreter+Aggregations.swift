// Reading aggregations and variables: show, watch, clear, trunc, get — and `@agg` / `program.@agg` names.
import Foundation
import TraceCore
import TraceAgent

/// An aggregation named at the prompt, resolved to its program.
struct AggregationReference: Equatable {
    var program: String
    /// Without `@` ("" for the anonymous aggregation).
    var name: String
}

extension Interpreter {
    /// Whether a word names an aggregation (`@lat`, `@`, `prog.@lat`) rather than a program.
    static func isAggregationWord(_ word: String) -> Bool { word.hasPrefix("@") || word.contains(".@") }

    /// Resolves `@name` or `program.@name`; a bare `@name` must belong to exactly one program.
    func resolveAggregation(_ word: String, in list: [ProgramInfo]) throws(CommandError) -> AggregationReference {
        let programName: String?
        let name: String
        if word.hasPrefix("@") {
            programName = nil
            name = String(word.dropFirst())
        } else if let range = word.range(of: ".@") {
            programName = String(word[..<range.lowerBound])
            name = String(word[range.upperBound...])
        } else {
            throw CommandError("'\(word)' is not an aggregation: write @name or program.@name")
        }
        if let programName {
            let p = try program(programName, in: list)
            guard p.aggregations.contains(name) else {
                throw CommandError("program '\(p.name)' has no aggregation @\(name)"
                                   + Self.didYouMean(EditDistance.nearest(to: name, among: p.aggregations).map { "@" + $0 }, quote: false))
            }
            return AggregationReference(program: p.name, name: name)
        }
        let owners = list.filter { $0.aggregations.contains(name) }
        if owners.count == 1 { return AggregationReference(program: owners[0].name, name: name) }
        if owners.isEmpty {
            let all = Set(list.flatMap(\.aggregations)).sorted()
            throw CommandError("no aggregation @\(name)" + Self.didYouMean(EditDistance.nearest(to: name, among: all).map { "@" + $0 }, quote: false))
        }
        throw CommandError("@\(name) is in several programs: write " + owners.map { "\($0.name).@\(name)" }.joined(separator: " or "))
    }

    /// Aggregation names that more than one program has (shown as `program.@name`).
    static func sharedNames(_ list: [ProgramInfo]) -> Set<String> {
        var seen: [String: Int] = [:]
        for p in list { for a in Set(p.aggregations) { seen[a, default: 0] += 1 } }
        return Set(seen.filter { $0.value > 1 }.keys)
    }

    /// `@name`, or `program.@name` where the name is shared.
    static func displayName(_ ref: AggregationReference, shared: Set<String>) -> String {
        (shared.contains(ref.name) ? ref.program + "." : "") + "@" + ref.name
    }

    func snapshots(of program: String) throws(CommandError) -> [AggregationSnapshot] {
        guard case .snapshots(let list) = try request(.aggregations(program: program)) else { throw unexpected() }
        return list
    }

    func snapshot(_ ref: AggregationReference) throws(CommandError) -> AggregationSnapshot {
        guard case .snapshots(let list) = try request(.aggregation(program: ref.program, name: ref.name)),
              let first = list.first else { throw unexpected() }
        return first
    }

    // MARK: show

    func show(_ args: [String]) throws(CommandError) -> CommandResult {
        if args.contains("as") { return try showView(args) }   // Interpreter+Views.swift
        var descending = false, json = false, byPid = false
        var stackForm: StackForm?
        var words: [String] = []
        var args = args
        if args.count >= 2, args[args.count - 2] == "by" {
            guard args.last == "pid" else { throw CommandError("show can break aggregations down by pid only (show @AGG by pid)") }
            byPid = true
            args.removeLast(2)
        }
        var rest = args[...]
        while let a = rest.popFirst() {
            switch a {
            case "desc": descending = true
            case "asc": descending = false
            case "--json": json = true
            case "--folded": stackForm = .folded
            case "--tree": stackForm = .tree(width: stackForm?.width)
            case "--width": stackForm = .tree(width: try Self.treeWidth(rest.popFirst()))
            default:
                if a.hasPrefix("-") {
                    throw CommandError("unknown option '\(a)' for show" + Self.didYouMean(EditDistance.nearest(to: a, among: ["--json", "--folded", "--tree", "--width", "desc", "asc"])))
                }
                words.append(a)
            }
        }
        let list = try allPrograms()
        let shared = Self.sharedNames(list)
        var shown: [ShownAggregation] = []
        if words.isEmpty {
            for p in list {
                for s in try snapshots(of: p.name) { shown.append(ShownAggregation(snapshot: s, qualified: shared.contains(s.name))) }
            }
            if shown.isEmpty { return json ? CommandResult() : .notice(list.isEmpty ? "no programs defined" : "no aggregations") }
        }
        for w in words {
            if Self.isAggregationWord(w) {
                let ref = try resolveAggregation(w, in: list)
                shown.append(ShownAggregation(snapshot: try snapshot(ref), qualified: shared.contains(ref.name)))
            } else {
                let p = try program(w, in: list)
                let all = try snapshots(of: p.name)
                if all.isEmpty && words.count == 1 && !json {
                    return .notice("program '\(p.name)' has no aggregations")
                }
                for s in all { shown.append(ShownAggregation(snapshot: s, qualified: shared.contains(s.name))) }
            }
        }
        if byPid { shown = try byProcess(shown) }   // Attach/Interpreter+Fleet.swift
        if let stackForm { return try stackOutput(shown, stackForm) }
        let interruption = self.interruption
        return CommandResult(output: AggregationText.show(shown, descending: descending, json: json,
                                                          shouldStop: { interruption.isInterrupted }))
    }

    /// What DTrace prints at exit: every aggregation of every program that no `printa`/`print` has shown, as
    /// the end of a script's tracing prints them (docs/console.md).
    func finalReport(json: Bool) -> CommandResult {
        do {
            let list = try allPrograms()
            let shared = Self.sharedNames(list)
            var shown: [ShownAggregation] = []
            for p in list {
                for s in try snapshots(of: p.name) where !s.printed {
                    shown.append(ShownAggregation(snapshot: s, qualified: shared.contains(s.name)))
                }
            }
            return CommandResult(output: AggregationText.show(shown, descending: false, json: json))
        } catch {
            return .failure(error.message)
        }
    }

    // MARK: watch

    func watch(_ args: [String]) throws(CommandError) -> CommandResult {
        var interval = refreshInterval
        var view = WatchView.table, perInterval = false
        var words: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "as" {   // views: Interpreter+Views.swift
                view = try Self.viewWord(i + 1 < args.count ? args[i + 1] : nil, for: "watch")
                i += 2
                continue
            }
            if a == "delta" {
                perInterval = true
                i += 1
                continue
            }
            if a == "every" {
                guard i + 1 < args.count else { throw CommandError("usage: watch [@AGG… | PROGRAM…] every DURATION") }
                interval = try Self.refreshDuration(args[i + 1], for: "watch")
                i += 2
                continue
            }
            if a.hasPrefix("-") {
                throw CommandError("unknown option '\(a)' for watch (watch [@AGG… | PROGRAM…] [every DURATION])")
            }
            words.append(a)
            i += 1
        }
        let list = try allPrograms()
        var targets: [WatchTarget] = []
        if words.isEmpty {
            guard let last = list.last else { throw CommandError("nothing to watch: no programs defined") }
            targets = [.program(last.name)]
        }
        for w in words {
            if Self.isAggregationWord(w) {
                let ref = try resolveAggregation(w, in: list)
                targets.append(.aggregation(program: ref.program, name: ref.name))
            } else {
                targets.append(.program(try program(w, in: list).name))
            }
        }
        return CommandResult(effects: [.watch(WatchRequest(targets: targets, interval: interval, view: view, perInterval: perInterval))])
    }

    /// A refresh interval: a duration of at least 10ms.
    static func refreshDuration(_ text: String, for what: String) throws(CommandError) -> Duration {
        guard let d = DurationText.parse(text) else {
            throw CommandError("invalid duration '\(text)' for \(what) (a number and a unit: 500ms, 1s, 2m)")
        }
        guard d >= .milliseconds(10) else { throw CommandError("\(what) interval '\(text)' is too short (at least 10ms)") }
        return d
    }

    // MARK: clear, trunc

    func clear(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count == 1 else { throw args.isEmpty ? usage("clear") : CommandError("clear takes one aggregation") }
        let list = try allPrograms()
        let ref = try resolveAggregation(args[0], in: list)
        _ = try request(.clear(program: ref.program, aggregation: ref.name))
        return .notice("\(Self.displayName(ref, shared: Self.sharedNames(list))) cleared")
    }

    func trunc(_ args: [String]) throws(CommandError) -> CommandResult {
        guard (1...2).contains(args.count) else { throw args.isEmpty ? usage("trunc") : CommandError("usage: trunc @AGG [N]") }
        var keep = 0
        if args.count == 2 {
            guard let n = Int(args[1]), n >= 0 else {
                throw CommandError("invalid count '\(args[1])' for trunc (a whole number, 0 or more)")
            }
            keep = n
        }
        let list = try allPrograms()
        let ref = try resolveAggregation(args[0], in: list)
        _ = try request(.trunc(program: ref.program, aggregation: ref.name, keep: keep))
        let name = Self.displayName(ref, shared: Self.sharedNames(list))
        return .notice(keep == 0 ? "\(name) truncated: all keys dropped" : "\(name) truncated to its \(Self.plural(keep, "largest key"))")
    }

    // MARK: get

    func get(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count == 1 else { throw args.isEmpty ? usage("get") : CommandError("get takes one variable name") }
        let word = args[0]
        let list = try allPrograms()
        var found: [(program: String, value: WireValue)] = []
        var name = word
        if let dot = word.firstIndex(of: ".") {
            let p = try program(String(word[..<dot]), in: list)
            name = String(word[word.index(after: dot)...])
            guard case .value(let v) = try request(.global(program: p.name, name: name)) else { throw unexpected() }
            guard let v else { throw CommandError("program '\(p.name)' has no global variable '\(name)'") }
            found = [(p.name, v)]
        } else {
            for p in list {
                guard case .value(let v) = try request(.global(program: p.name, name: name)) else { throw unexpected() }
                if let v { found.append((p.name, v)) }
            }
        }
        guard let first = found.first else { throw CommandError("no program has a global variable '\(name)'") }
        guard found.count == 1 else {
            throw CommandError("'\(name)' is a global of several programs: write " + found.map { "\($0.program).\(name)" }.joined(separator: " or "))
        }
        let text: String
        switch first.value {
        case .int(let v): text = String(v)
        case .string(let s): text = "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return CommandResult(output: "\(name) = \(text)\n")
    }
}
