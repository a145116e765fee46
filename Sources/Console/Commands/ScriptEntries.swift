// Where one entry ends: after one line for a command, after the last line of a program (TraceLanguage's
// rule: no open `{`, `(`, `[`, string, comment or predicate). Used by the line editor (Enter continues an
// incomplete entry on a `....> ` prompt), by `--script` and by `load`.
import TraceCore

/// Entry boundaries for the prompt and for script files.
public enum ScriptEntries {
    /// Whether `text` is a whole entry. Commands are complete on their line (so `save /tmp/x` is);
    /// a probe description typed without its body yet continues on the next line.
    public static func isComplete(_ text: String) -> Bool {
        switch EntryParser.parse(text) {
        case .empty, .command, .invalid:
            return true
        case .unknown(let word):
            if word.contains(":") || ["BEGIN", "END", "ERROR"].contains(word) || word.hasPrefix("tick-") {
                return false
            }
            return TraceLanguage.isComplete(text)
        case .program(_, _, let source, _):
            // A probe description typed without its body yet (`program lat match:entry`, then the predicate).
            return source.contains("{") && TraceLanguage.isComplete(text)
        case .clause, .lisp:
            return TraceLanguage.isComplete(text)
        }
    }

    /// The entries of a script: lines joined while the entry is incomplete; a last incomplete entry is kept whole.
    public static func split(_ text: String) -> [String] {
        var entries: [String] = []
        var lines: [String] = []
        var all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if all.last == "" { all.removeLast() }
        for var line in all {
            if line.hasSuffix("\r") { line.removeLast() }
            if lines.isEmpty && line.allSatisfy(\.isWhitespace) { continue }
            lines.append(line)
            let entry = lines.joined(separator: "\n")
            if isComplete(entry) {
                entries.append(entry)
                lines = []
            }
        }
        if !lines.isEmpty { entries.append(lines.joined(separator: "\n")) }
        return entries
    }
}
