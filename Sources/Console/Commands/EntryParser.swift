// What kind of entry the user typed: a command, a program definition, a bare clause, a CLTRACE form.
//
// `program NAME [-z] SOURCE`: SOURCE is everything after the name and flag — `{ clauses }` or clauses —
// and is compiled as typed; `sourcePrefix` is the text before it, so error positions can be moved back
// onto the line the user typed. A `#pragma D option` line or declarations (`int x;`) typed alone are a
// preamble: the interpreter puts them before the programs defined after them.
import TraceCore

/// An entry, classified.
enum ParsedEntry: Equatable {
    /// Blank, or a `#` comment line.
    case empty
    /// A console command and its arguments.
    case command(name: String, arguments: [String])
    /// `program NAME [-z] SOURCE`.
    case program(name: String, allowZeroMatches: Bool, source: String, sourcePrefix: String)
    /// A clause typed bare (an anonymous program `p1`, `p2`, …).
    case clause(source: String, sourcePrefix: String)
    /// A CLTRACE form: `(define-program …)`, `(getagg …)`, `(getvar …)`.
    case lisp(source: String, sourcePrefix: String)
    /// D for the programs defined after it: a `#pragma D option` line or declarations (`int x;`, `self int y;`).
    case preamble(source: String)
    /// Not a command, nor something that looks like a clause.
    case unknown(word: String)
    /// A malformed entry, with the message to print.
    case invalid(CommandError)
}

/// Classifies entries.
enum EntryParser {
    static func parse(_ entry: String) -> ParsedEntry {
        let chars = Array(entry)
        var i = 0
        while i < chars.count, chars[i].isWhitespace { i += 1 }
        guard i < chars.count else { return .empty }
        if chars[i] == "#" && !entry.contains("\n") {
            return entry.drop { $0.isWhitespace }.hasPrefix("#pragma") ? .preamble(source: trimmedEnd(String(chars[i...]))) : .empty
        }
        if chars[i] == "(" {
            return .lisp(source: trimmedEnd(String(chars[i...])), sourcePrefix: String(chars[..<i]))
        }
        var j = i
        while j < chars.count, !chars[j].isWhitespace, chars[j] != "{" { j += 1 }
        let word = String(chars[i..<j])
        if word == "program" { return parseProgram(chars, after: j) }
        if word == "exit" && isOnlyWord(chars, after: j) { return .command(name: "quit", arguments: []) }
        if CommandTable.command(word) != nil {
            switch CommandWords.split(String(chars[j...])) {
            case .success(let arguments): return .command(name: word, arguments: arguments)
            case .failure(let error): return .invalid(error)
            }
        }
        if !looksLikeClause(entry) && TraceLanguage.isDeclaration(entry) {
            return .preamble(source: trimmedEnd(String(chars[i...])))
        }
        if looksLikeClause(entry) {
            return .clause(source: trimmedEnd(String(chars[i...])), sourcePrefix: String(chars[..<i]))
        }
        return .unknown(word: word)
    }

    /// A clause has a body: a `{` somewhere (the language reports everything else about it).
    static func looksLikeClause(_ entry: String) -> Bool { entry.contains("{") }

    private static func isOnlyWord(_ chars: [Character], after j: Int) -> Bool {
        chars[j...].allSatisfy(\.isWhitespace)
    }

    static let programUsage = "usage: program NAME [-z] { clauses }"

    private static func parseProgram(_ chars: [Character], after start: Int) -> ParsedEntry {
        var i = start
        func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        skipSpace()
        let nameStart = i
        while i < chars.count, !chars[i].isWhitespace, chars[i] != "{" { i += 1 }
        let name = String(chars[nameStart..<i])
        guard !name.isEmpty else { return .invalid(CommandError(programUsage)) }
        guard isValidProgramName(name) else {
            return .invalid(CommandError("invalid program name '\(name)': use letters, digits, '_' and '-', starting with a letter or '_'"))
        }
        skipSpace()
        var allowZero = false
        while i < chars.count, chars[i] == "-" {
            let flagStart = i
            while i < chars.count, !chars[i].isWhitespace, chars[i] != "{" { i += 1 }
            let flag = String(chars[flagStart..<i])
            guard flag == "-z" else {
                return .invalid(CommandError("unknown option '\(flag)' for program (did you mean '-z'?)"))
            }
            allowZero = true
            skipSpace()
        }
        let source = trimmedEnd(String(chars[i...]))
        guard !source.isEmpty else { return .invalid(CommandError("program '\(name)' has no clauses: \(programUsage)")) }
        return .program(name: name, allowZeroMatches: allowZero, source: source, sourcePrefix: String(chars[..<i]))
    }

    /// Letters, digits, `_` and `-`, starting with a letter or `_` (CLTRACE names have dashes).
    static func isValidProgramName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") && $0.isASCII }
    }

    static func trimmedEnd(_ s: String) -> String {
        var s = Substring(s)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
