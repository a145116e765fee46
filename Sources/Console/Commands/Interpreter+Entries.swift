// Running an entry split from a file or from typed text: one with a problem (a bracket left open or matching
// nothing) is reported without running; errors from a file read `FILE:LINE:COL: error: …` with the file's own
// line numbers, like a compiler's.
import TraceCore

extension Interpreter {
    /// Runs `entry` (from `file`, or typed when nil) and returns what it produced, errors placed in the file.
    public func execute(_ entry: ScriptEntry, file: String?) -> CommandResult {
        if let problem = entry.problem {
            return CommandResult(messages: Self.render(problem, in: entry, file: file) + "\n", succeeded: false)
        }
        var result = execute(entry.text)
        if let file, !result.succeeded {
            result.messages = Self.locate(result.messages, file: file, firstLine: entry.firstLine)
        }
        return result
    }

    /// `FILE:L:C: error: message` (or `error: L:C: message` when typed), then the line and a caret under the column.
    static func render(_ problem: EntryProblem, in entry: ScriptEntry, file: String?) -> String {
        var text = file.map { "\($0):\(problem.line):\(problem.column): error: \(problem.message)" }
            ?? "error: \(problem.line):\(problem.column): \(problem.message)"
        let lines = TextLines.split(entry.text)
        let index = problem.line - entry.firstLine
        if index >= 0 && index < lines.count {
            let line = lines[index]
            let padding = line.prefix(problem.column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
            text += "\n" + line + "\n" + padding + "^"
        }
        return text
    }

    /// Error lines moved into the file: `error: L:C: m` (L counted in the entry) becomes `FILE:L':C: error: m`,
    /// any other `error: m` becomes `FILE:FIRST:1: error: m`. Lines that are not errors are kept.
    static func locate(_ messages: String, file: String, firstLine: Int) -> String {
        var out: [Substring] = []
        for line in messages.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("error: ") else { out.append(line); continue }
            let rest = line.dropFirst(7)
            let parts = rest.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, let l = Int(parts[0]), let c = Int(parts[1]), parts[2].hasPrefix(" ") {
                out.append("\(file):\(firstLine + l - 1):\(c): error:\(parts[2])")
            } else {
                out.append("\(file):\(firstLine):1: error: \(rest)")
            }
        }
        return out.joined(separator: "\n")
    }
}
