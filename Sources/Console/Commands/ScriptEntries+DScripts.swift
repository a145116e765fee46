// A D script is one program, as `dtrace -s` runs it: a file of clauses alone — with `#pragma D option`
// lines, declarations (`int x;`), comments and a first-line `#!`, but no console command — is one entry,
// so its clauses share globals, aggregations and `exit()`. `#` lines other than `#pragma` and `#!` are the
// console's comments and stay out. A file with commands is the console's own script: each entry runs
// as it comes, a bare clause as a program of its own, as at the prompt. Line numbers are kept: the
// joined text has an empty line wherever a line of the file is left out.
import TraceCore

extension ScriptEntries {
    /// A D script's entries as one; any other file's entries as they are.
    static func joiningClauses(_ entries: [ScriptEntry]) -> [ScriptEntry] {
        var run: [ScriptEntry] = []
        var hasClause = false
        for entry in entries {
            guard entry.problem == nil else { return entries }
            let text = entry.text.drop { $0.isWhitespace }
            if text.hasPrefix("#pragma") || (text.hasPrefix("#!") && entry.firstLine == 1) || TraceLanguage.isClausePreamble(entry.text) {
                run.append(entry)
            } else if text.hasPrefix("#") && !entry.text.contains("\n") {
                continue  // a console comment
            } else if case .clause = EntryParser.parse(entry.text) {
                run.append(entry)
                hasClause = true
            } else {
                return entries  // a command: the console's own script, run entry by entry
            }
        }
        return hasClause ? [joined(run)] : entries
    }

    /// One entry holding `entries` at their lines.
    private static func joined(_ entries: [ScriptEntry]) -> ScriptEntry {
        guard let first = entries.first, entries.count > 1 else { return entries[0] }
        var text = ""
        var line = first.firstLine
        for e in entries {
            if !text.isEmpty {
                text += String(repeating: "\n", count: max(1, e.firstLine - line))
                line = max(line + 1, e.firstLine)
            }
            text += e.text
            line += e.text.filter { $0 == "\n" }.count
        }
        return ScriptEntry(text: text, firstLine: first.firstLine)
    }
}
