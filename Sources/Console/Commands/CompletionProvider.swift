// Tab completion at the prompt: command names; program names and `@aggregation` names after the commands that
// take them; `set` options; help topics; probe descriptions field by field (`orders:` lists the modules,
// `orders:book:` the functions); and inside a clause (its body or predicate) the built-in variables, the
// functions, the argument names of the probes the clause matches, and the aggregations typed so far.
import Terminal
import TraceCore
import TraceAgent

/// Answers the line editor's completion requests from the backend's probes and programs.
final class CompletionProvider: Sendable {
    private let backend: any TraceBackend

    init(backend: any TraceBackend) { self.backend = backend }

    /// Candidates for the word before `cursor` (a Character offset in `entry`).
    func complete(_ entry: String, cursor: Int) -> Completion {
        let chars = Array(entry)
        let end = max(0, min(cursor, chars.count))
        var start = end
        while start > 0, Self.isWordCharacter(chars[start - 1]) { start -= 1 }
        let word = String(chars[start..<end])
        let before = Array(chars[..<start])
        let candidates = self.candidates(word: word, before: before)
        let matching = Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
        return Completion(candidates: matching, replaceStart: start)
    }

    static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || "_-:*?@.".contains(c)
    }

    private func candidates(word: String, before: [Character]) -> [String] {
        let text = String(before)
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("(") { return lispCandidates(word: word, before: words) }
        guard let first = words.first else {
            // The first word: a command, or the start of a bare clause.
            return CommandTable.names + ["exit"] + descriptionCandidates(word, special: true)
        }
        if first.contains("{") || !(CommandTable.names.contains(first) || first == "exit") {
            return clauseCandidates(word: word, clauses: String(trimmed), entry: text)
        }
        let argumentIndex = words.count - 1   // how many arguments come before the word
        switch first {
        case "program":
            if argumentIndex == 0 { return programNames() }
            // Skip `program NAME [-z]` and complete in the clauses after it.
            var rest = Substring(trimmed.dropFirst("program".count))
            rest = rest.drop { $0.isWhitespace }
            rest = rest.drop { !$0.isWhitespace && $0 != "{" }
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("-z") { rest = rest.dropFirst(2) }
            return clauseCandidates(word: word, clauses: String(rest), entry: text)
        case "enable", "disable", "delete", "programs":
            return programNames()
        case "edit":
            return argumentIndex == 0 ? programNames() : []
        case "save":
            return argumentIndex == 0 ? [] : programNames()
        case "show":
            if words.last == "as" { return WatchView.words }
            return aggregationNames() + programNames() + ["desc", "asc", "--json", "as"]
        case "watch":
            if words.last == "every" { return ["500ms", "1s", "2s", "5s"] }
            if words.last == "as" { return WatchView.words }
            return aggregationNames() + programNames() + ["every", "as", "delta"]
        case "snapshot":   // views: Interpreter+Snapshots.swift
            return argumentIndex == 0 ? aggregationNames() : argumentIndex == 1 ? ["as"] : []
        case "diff":
            return aggregationNames() + ["--json"]
        case "clear", "trunc":
            return argumentIndex == 0 ? aggregationNames() : []
        case "set":
            if argumentIndex == 0 { return Interpreter.setOptions }
            if argumentIndex == 1 && words[1] == "budget" { return programNames() }
            if argumentIndex == 2 && words[1] == "budget" { return ["off", "1%", "5%", "10%"] }
            return []
        case "help":
            return argumentIndex == 0 ? Help.topicNames + Help.aliasNames : []
        case "probes":
            return argumentIndex == 0 ? descriptionCandidates(word, special: false) : []
        default:
            return []
        }
    }

    // MARK: Names from the backend

    private func programs() -> [ProgramInfo] {
        if case .programs(let list) = backend.perform(.listPrograms) { return list }
        return []
    }

    private func programNames() -> [String] { programs().map(\.name) }

    /// `@name` for every aggregation, and `program.@name` for each too (the only form of a shared name).
    private func aggregationNames() -> [String] {
        let list = programs()
        let shared = Interpreter.sharedNames(list)
        var names: [String] = []
        for p in list {
            for a in p.aggregations {
                names.append("\(p.name).@\(a)")
                if !shared.contains(a) { names.append("@" + a) }
            }
        }
        return names
    }

    private func probes(_ pattern: String?) -> [ProbeInfo] {
        if case .probes(let list) = backend.perform(.listProbes(pattern: pattern)) { return list }
        return []
    }

    // MARK: Probe descriptions

    /// Completions of the field being typed: the fields before it fixed (globs allowed), from the provider on.
    func descriptionCandidates(_ word: String, special: Bool) -> [String] {
        let fields = word.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let k = fields.count - 1
        guard k < 4 else { return [] }
        var out: [String] = []
        if k == 0 && special { out += ["BEGIN", "END", "ERROR", "tick-1s", "interval:"] }
        let fixed = Array(fields[..<k])
        let matcher = ProbeDescription((fixed + Array(repeating: "", count: 4 - k)).joined(separator: ":"))
        let head = fixed.isEmpty ? "" : fixed.joined(separator: ":") + ":"
        for p in probes(nil) {
            guard let matcher, matcher.matches(provider: p.provider, module: p.module, function: p.function, name: p.name) else { continue }
            let value = [p.provider, p.module, p.function, p.name][k]
            out.append(head + value + (k < 3 ? ":" : ""))
        }
        return out
    }

    // MARK: Inside clauses

    /// Where the cursor is in D-like clauses: in a probe description (the clause's header) or in its body or predicate.
    private func clauseCandidates(word: String, clauses: String, entry: String) -> [String] {
        var depth = 0
        var inPredicate = false
        var headerStart = clauses.startIndex
        var i = clauses.startIndex
        var inString = false
        while i < clauses.endIndex {
            let c = clauses[i]
            let next = clauses.index(after: i)
            if inString {
                if c == "\\" && next < clauses.endIndex { i = clauses.index(after: next); continue }
                if c == "\"" || c.isNewline { inString = false }
                i = next
                continue
            }
            switch c {
            case "\"": inString = true
            case "{":
                if depth == 0 && !inPredicate && clauses[headerStart..<i].allSatisfy(\.isWhitespace) {
                    // A `{` that wraps the program (`program NAME { clauses }`) is not a clause body.
                    headerStart = next
                } else {
                    depth += 1
                    inPredicate = false
                }
            case "}":
                if depth > 0 {
                    depth -= 1
                    if depth == 0 { headerStart = next }
                }
            case "/" where depth == 0:
                if !inPredicate && next < clauses.endIndex && clauses[next] == "/" {
                    // a comment to the end of the line
                    while i < clauses.endIndex && !clauses[i].isNewline { i = clauses.index(after: i) }
                    continue
                }
                inPredicate.toggle()
            default: break
            }
            i = next
        }
        if inString { return [] }
        if depth == 0 && !inPredicate { return descriptionCandidates(word, special: true) }
        // In a body or predicate: the header is the text from the clause start to its `/` or `{`.
        let header = clauses[headerStart...].prefix { $0 != "/" && $0 != "{" }
        return bodyCandidates(header: String(header), entry: entry)
    }

    private func bodyCandidates(header: String, entry: String) -> [String] {
        var out = TraceLanguage.builtinNames + TraceLanguage.functionNames.map { $0 + "(" }
        for description in header.split(separator: ",") {
            let d = description.trimmingWhitespace
            guard !d.isEmpty, !["BEGIN", "END", "ERROR"].contains(d), !d.hasPrefix("tick-") else { continue }
            for p in probes(d) { out += p.arguments.map(\.name) }
        }
        // Aggregations named so far in this entry.
        var i = entry.startIndex
        while let at = entry[i...].firstIndex(of: "@") {
            let nameEnd = entry[entry.index(after: at)...].firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? entry.endIndex
            out.append(String(entry[at..<nameEnd]))
            i = nameEnd
        }
        return out
    }

    // MARK: CLTRACE

    private func lispCandidates(word: String, before words: [String]) -> [String] {
        if let last = words.last, [":entry", ":exit", ":probe", "((:entry", "((:exit", "((:probe", "(:entry", "(:exit", "(:probe"].contains(last) {
            return descriptionCandidates(word, special: false)
        }
        let forms = ["define-program", "getagg", "getvar", "agg!", "setvar", "print", "trace", "when", "exit", "list",
                     ":entry", ":exit", ":probe", ":begin", ":end", ":when", ":count", ":sum", ":avg", ":min", ":max",
                     ":stddev", ":quantize", ":lquantize", "fn-name", "and", "or", "not"]
        return forms.map { word.hasPrefix("(") ? "(" + $0 : $0 } + TraceLanguage.builtinNames
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    var trimmingWhitespace: String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
