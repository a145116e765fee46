// Where one entry ends: after one line for a command, after the last line of a program (TraceLanguage's
// EntryScanner: no open `{`, `(`, `[`, comment or predicate; a closing bracket that matches nothing ends the
// entry at once). Used by the line editor (Enter continues an incomplete entry on a continuation prompt that
// shows what is open), by `--script`, by standard input and by `load`.
//
// In a file (script, standard input, `load`) an entry left open does not swallow the rest: a line that starts
// at column 0 with a command word (`show`, `quit`, `program`, …) ends it, and so does a probe description at
// column 0 where none can be (anywhere but directly inside `program NAME {` or before a clause's body). The
// entry is then reported at the bracket or quote left open, and the line that ended it runs as usual.
import TraceCore

/// One entry of a script or of what was typed: its text, the line it starts on, and what is wrong with it
/// before it is even parsed.
public struct ScriptEntry: Sendable, Equatable {
    /// The entry's lines, joined with `\n`.
    public var text: String
    /// The line it starts on (1-based, in the file or the typed text).
    public var firstLine: Int
    /// A bracket that matched nothing, or what was left open when the entry had to end.
    public var problem: EntryProblem?

    /// Creates an entry.
    public init(text: String, firstLine: Int, problem: EntryProblem? = nil) {
        self.text = text; self.firstLine = firstLine; self.problem = problem
    }
}

/// Entry boundaries for the prompt and for script files.
public enum ScriptEntries {
    /// Whether `text` typed at the prompt is whole: every entry in it ends (so a paste of several entries is).
    public static func isComplete(_ text: String) -> Bool {
        var splitter = EntrySplitter(endsAtCommandLines: false)
        for line in TextLines.split(text) { _ = splitter.feed(line) }
        return !splitter.isOpen
    }

    /// The prompt of each line after the first: `....> `, or what is open at the end of the line before, e.g.
    /// `....{( > `.
    public static func continuationPrompts(_ text: String) -> [String] {
        var splitter = EntrySplitter(endsAtCommandLines: false)
        var prompts: [String] = []
        for line in TextLines.split(text) {
            _ = splitter.feed(line)
            let open = splitter.open.map(\.text).joined()
            prompts.append(open.isEmpty ? "....> " : "....\(open.count > 8 ? "…" + open.suffix(7) : open) > ")
        }
        return prompts
    }

    /// The entries of a file (CRLF or LF line endings, a leading BOM ignored); an entry still open at the end of
    /// the file, or at a line that starts a new command, carries the problem to report. Consecutive clauses are
    /// one entry, one program, as a D script is (`joiningClauses`).
    public static func split(_ text: String) -> [ScriptEntry] {
        var splitter = EntrySplitter(endsAtCommandLines: true)
        var entries: [ScriptEntry] = []
        for line in TextLines.split(text) { entries += splitter.feed(line) }
        if let last = splitter.finish() { entries.append(last) }
        return joiningClauses(entries)
    }

    /// The entries of text typed at the prompt (or pasted), which `isComplete` said is whole.
    public static func splitTyped(_ text: String) -> [ScriptEntry] {
        var splitter = EntrySplitter(endsAtCommandLines: false)
        var entries: [ScriptEntry] = []
        for line in TextLines.split(text) { entries += splitter.feed(line) }
        if let last = splitter.finish() { entries.append(last) }
        return entries
    }
}

/// Splits lines into entries as they come (each character scanned once).
struct EntrySplitter {
    /// Whether a command word or misplaced probe description at column 0 ends an open entry (files).
    let endsAtCommandLines: Bool
    private var lines: [String] = []
    private var firstLine = 0
    private var scanner = EntryScanner()
    private var lineNumber = 0

    init(endsAtCommandLines: Bool) { self.endsAtCommandLines = endsAtCommandLines }

    /// An entry has begun and not ended.
    var isOpen: Bool { !lines.isEmpty }

    /// What the open entry has open.
    var open: [OpenDelimiter] { lines.isEmpty ? [] : scanner.open }

    /// Characters the scanner looked at so far.
    var charactersVisited: Int { scanner.charactersVisited }

    /// Takes the next line; the entries it ended.
    mutating func feed(_ line: String) -> [ScriptEntry] {
        lineNumber += 1
        var ended: [ScriptEntry] = []
        if !lines.isEmpty, endsAtCommandLines, startsNewEntry(line) {
            let problem = scanner.unclosed.map { p in
                EntryProblem(line: p.line, column: p.column, message: p.message + " (the entry ends before line \(lineNumber))")
            }
            ended.append(take(problem: problem))
        }
        if lines.isEmpty {
            if line.allSatisfy(\.isWhitespace) { return ended }
            firstLine = lineNumber
            scanner = EntryScanner()
            if Self.isOneLineCommand(line) {
                ended.append(ScriptEntry(text: line, firstLine: lineNumber))
                return ended
            }
        }
        lines.append(line)
        scanner.feed(line: line, lineNumber: lineNumber)
        if scanner.isComplete { ended.append(take(problem: scanner.mismatch)) }
        return ended
    }

    /// The entry left open at the end of the input, with what it left open.
    mutating func finish() -> ScriptEntry? {
        guard !lines.isEmpty else { return nil }
        let problem = scanner.unclosed.map { p in
            EntryProblem(line: p.line, column: p.column, message: p.message + (endsAtCommandLines ? " at the end of the file" : ""))
        }
        return take(problem: problem)
    }

    private mutating func take(problem: EntryProblem?) -> ScriptEntry {
        let entry = ScriptEntry(text: lines.joined(separator: "\n"), firstLine: firstLine, problem: problem)
        lines = []
        return entry
    }

    /// A line at column 0 that cannot continue the open entry: a command word, or a probe description where
    /// the entry cannot take one.
    private func startsNewEntry(_ line: String) -> Bool {
        guard let first = line.first, !first.isWhitespace, !scanner.isInsideCommentOrString else { return false }
        let word = Self.firstWord(line)
        if word == "program" || CommandTable.command(word) != nil || word == "exit" { return true }
        return Self.isProbeDescription(word) && !scanner.acceptsProbeDescription
    }

    /// A comment line, or a console command (complete on its line whatever it holds).
    static func isOneLineCommand(_ line: String) -> Bool {
        let trimmed = line.drop { $0.isWhitespace }
        if trimmed.hasPrefix("#") { return true }
        let word = firstWord(String(trimmed))
        if word == "exit" { return trimmed.dropFirst(4).allSatisfy(\.isWhitespace) }
        return word != "program" && CommandTable.command(word) != nil
    }

    /// The text up to the first blank, `{` or `/`.
    static func firstWord(_ line: String) -> String {
        String(line.prefix { !$0.isWhitespace && $0 != "{" && $0 != "/" })
    }

    /// `provider:module:function:name` (any part may be a glob), a list of them, BEGIN, END, ERROR, tick-N.
    static func isProbeDescription(_ word: String) -> Bool {
        word.contains(":") || ["BEGIN", "END", "ERROR"].contains(word) || word.hasPrefix("tick-")
    }
}
