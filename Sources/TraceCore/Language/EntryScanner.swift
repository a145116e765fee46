// Where an entry ends, read one line at a time: each character is looked at once, so a 10 000-line entry
// costs what its text costs. It tracks the open `{`, `(`, `[` (and, in CLTRACE forms, `(`), block comments,
// and a clause's predicate waiting for its body; a string left open at the end of its line (D strings do not
// span lines) is remembered, as the likely cause if the entry never closes. A closing bracket that does not
// match the innermost open one ends the entry at once, with a problem at that character.

/// An open bracket, quote, comment or predicate, where it was opened (the caller's line numbers, 1-based columns).
public struct OpenDelimiter: Sendable, Equatable {
    /// `{`, `(`, `[`, `"`, `/*`, or `/` for a predicate waiting for its body.
    public var text: String
    /// Line, as numbered by the caller of `EntryScanner.feed`.
    public var line: Int
    /// Column in that line (characters, 1-based).
    public var column: Int
}

/// Why an entry is malformed before it is parsed, with the position to point at.
public struct EntryProblem: Sendable, Equatable {
    /// Line of the character the message is about.
    public var line: Int
    /// Its column (characters, 1-based).
    public var column: Int
    /// What is wrong, e.g. `'}' does not match the '(' opened at 3:14`.
    public var message: String

    /// Creates a problem.
    public init(line: Int, column: Int, message: String) { self.line = line; self.column = column; self.message = message }
}

/// Scans an entry line by line and says whether it is complete.
public struct EntryScanner: Sendable {
    private enum Mode { case undecided, clauses, lisp }
    private var mode = Mode.undecided
    /// The entry's first word is a probe description or `program`: it needs a `{ body }` to be complete.
    private var needsBody = false
    private var isProgram = false
    private var sawBody = false
    private var stack: [OpenDelimiter] = []
    private var blockComment: OpenDelimiter?
    private var lispString: OpenDelimiter?
    private var predicate: OpenDelimiter?
    /// The last D string left open at the end of its line.
    private var strayQuote: OpenDelimiter?
    /// Where the entry's text begins.
    private var start: OpenDelimiter?
    /// A closing bracket that matched nothing: the entry ended there.
    public private(set) var mismatch: EntryProblem?
    /// Characters looked at so far (each once): what a test counts to see that scanning is linear.
    public private(set) var charactersVisited = 0

    /// An empty scanner.
    public init() {}

    /// True when the entry is whole: nothing open and, for a clause or `program`, a body seen; or it ended at a
    /// mismatched bracket.
    public var isComplete: Bool {
        if mismatch != nil { return true }
        if mode == .undecided { return true }
        return stack.isEmpty && blockComment == nil && lispString == nil && predicate == nil && (!needsBody || sawBody)
    }

    /// What is open now, outermost first (for the continuation prompt).
    public var open: [OpenDelimiter] {
        var all = stack
        if let predicate { all.append(predicate) }
        if let blockComment { all.append(blockComment) }
        if let lispString { all.append(lispString) }
        return all
    }

    /// What to report when the entry must end while still open: the stray quote if there was one (it is the
    /// likely cause), else the innermost open bracket, comment or predicate; nil when nothing is open.
    public var unclosed: EntryProblem? {
        if let quote = strayQuote, !open.isEmpty {
            return EntryProblem(line: quote.line, column: quote.column, message: "this string is not closed on its line")
        }
        guard let innermost = open.last else {
            guard needsBody && !sawBody, let start else { return nil }
            return EntryProblem(line: start.line, column: start.column, message: "this \(isProgram ? "program" : "probe description") has no body ('{ … }')")
        }
        switch innermost.text {
        case "/*": return EntryProblem(line: innermost.line, column: innermost.column, message: "this comment is not closed ('*/')")
        case "\"": return EntryProblem(line: innermost.line, column: innermost.column, message: "this string is not closed")
        case "/": return EntryProblem(line: innermost.line, column: innermost.column, message: "this predicate has no body ('{ … }') after it")
        default: return EntryProblem(line: innermost.line, column: innermost.column, message: "this '\(innermost.text)' is not closed")
        }
    }

    /// Whether a line starting with a probe description belongs to this entry: only directly inside a `program`'s
    /// braces, or while a clause's probe list waits for its body.
    public var acceptsProbeDescription: Bool {
        if blockComment != nil || lispString != nil { return true }
        if stack.isEmpty { return true }
        return isProgram && stack.count == 1 && stack[0].text == "{"
    }

    /// Whether the scanner is inside a comment or a CLTRACE string (where any text belongs to the entry).
    public var isInsideCommentOrString: Bool { blockComment != nil || lispString != nil }

    /// Feeds one line (without its newline); `lineNumber` is how the caller numbers it in problems.
    public mutating func feed(line: String, lineNumber: Int) {
        guard mismatch == nil else { return }
        let chars = Array(line)
        var i = 0
        if mode == .undecided {
            while i < chars.count, chars[i].isWhitespace { i += 1; charactersVisited += 1 }
            guard i < chars.count else { return }
            start = OpenDelimiter(text: "", line: lineNumber, column: i + 1)
            if chars[i] == "(" {
                mode = .lisp
            } else {
                mode = .clauses
                var j = i
                while j < chars.count, !chars[j].isWhitespace, chars[j] != "{", chars[j] != "/" { j += 1 }
                let word = String(chars[i..<j])
                isProgram = word == "program"
                needsBody = isProgram || word.contains(":") || word.contains(",")
                    || ["BEGIN", "END", "ERROR"].contains(word) || word.hasPrefix("tick-")
            }
        }
        if mode == .lisp { scanLisp(chars, from: i, line: lineNumber) } else { scanClauses(chars, from: i, line: lineNumber) }
    }

    private mutating func scanClauses(_ chars: [Character], from start: Int, line: Int) {
        var i = start
        while i < chars.count {
            charactersVisited += 1
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if blockComment != nil {
                if c == "*" && next == "/" { blockComment = nil; i += 2; charactersVisited += 1 } else { i += 1 }
                continue
            }
            if c == "/" && next == "/" { charactersVisited += chars.count - i - 1; return }
            if c == "/" && next == "*" {
                blockComment = OpenDelimiter(text: "/*", line: line, column: i + 1)
                i += 2
                charactersVisited += 1
                continue
            }
            if c == "\"" {
                let quote = OpenDelimiter(text: "\"", line: line, column: i + 1)
                i += 1
                var closed = false
                while i < chars.count {
                    charactersVisited += 1
                    if chars[i] == "\\" { i += 2; continue }
                    if chars[i] == "\"" { closed = true; i += 1; break }
                    i += 1
                }
                if !closed { strayQuote = quote }
                continue
            }
            switch c {
            case "{":
                if stack.isEmpty { sawBody = true; predicate = nil }
                stack.append(OpenDelimiter(text: "{", line: line, column: i + 1))
            case "(", "[":
                stack.append(OpenDelimiter(text: String(c), line: line, column: i + 1))
            case "}", ")", "]":
                if !close(c, line: line, column: i + 1) { return }
            case "/" where needsBody && stack.isEmpty && predicate == nil:
                predicate = OpenDelimiter(text: "/", line: line, column: i + 1)
            default:
                break
            }
            i += 1
        }
    }

    /// Pops the bracket `c` closes; false (and `mismatch` set) when it closes nothing or another kind.
    private mutating func close(_ c: Character, line: Int, column: Int) -> Bool {
        let opener: String = c == "}" ? "{" : c == ")" ? "(" : "["
        guard let top = stack.last else {
            mismatch = EntryProblem(line: line, column: column, message: "'\(c)' closes nothing")
            return false
        }
        guard top.text == opener else {
            mismatch = EntryProblem(line: line, column: column,
                                    message: "'\(c)' does not match the '\(top.text)' opened at \(top.line):\(top.column)")
            return false
        }
        stack.removeLast()
        return true
    }

    /// CLTRACE text: parentheses outside strings (which may span lines) and `;` comments.
    private mutating func scanLisp(_ chars: [Character], from start: Int, line: Int) {
        var i = start
        while i < chars.count {
            charactersVisited += 1
            let c = chars[i]
            if lispString != nil {
                if c == "\\" { i += 2; continue }
                if c == "\"" { lispString = nil }
                i += 1
                continue
            }
            switch c {
            case ";":
                charactersVisited += chars.count - i - 1
                return
            case "\"":
                lispString = OpenDelimiter(text: "\"", line: line, column: i + 1)
            case "(":
                stack.append(OpenDelimiter(text: "(", line: line, column: i + 1))
            case ")":
                if !close(c, line: line, column: i + 1) { return }
            default:
                break
            }
            i += 1
        }
    }

    /// Scans a whole text (lines numbered from 1).
    public static func scan(_ text: String) -> EntryScanner {
        var scanner = EntryScanner()
        var number = 1
        for line in TextLines.split(text) {
            scanner.feed(line: line, lineNumber: number)
            number += 1
        }
        return scanner
    }
}

/// Lines of a text as files have them: `\n`, `\r\n` or a lone `\r` end a line; a leading UTF-8 BOM is dropped.
public enum TextLines {
    /// The lines, without their endings; a final line ending does not start an empty last line.
    public static func split(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var lastWasCR = false
        for s in scalars {
            if s == "\n" {
                if !lastWasCR { lines.append(String(current)); current = String.UnicodeScalarView() }
                lastWasCR = false
                continue
            }
            if lastWasCR { lastWasCR = false }
            if s == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
                lastWasCR = true
                continue
            }
            current.append(s)
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }
}
