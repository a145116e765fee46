// Ctrl-C while an entry runs or prints: the line that says what was interrupted, and command output printed in
// pieces of whole lines so that a long `show` stops scrolling at once (the rest is dropped; the service goes on).
import Foundation

/// What the session prints for an interrupted entry, and output that stops at Ctrl-C.
enum InterruptedOutput {
    /// About this many bytes are printed between two looks at Ctrl-C (a piece always ends at a line's end).
    static let pieceBytes = 16 * 1024

    /// `^C (show @x interrupted; the service and its programs keep running)`; with `printed`, how much of the
    /// output was shown (`after 120 of 3000 lines`).
    static func notice(_ entry: ScriptEntry, printed: (lines: Int, of: Int)? = nil) -> String {
        let cut = printed.map { " after \($0.lines) of \($0.of) lines" } ?? ""
        return "^C (\(name(entry)) interrupted\(cut); the service and its programs keep running)\n"
    }

    /// The entry as the notice names it: its first line, shortened to 40 characters, `…` when there is more.
    static func name(_ entry: ScriptEntry) -> String {
        let lines = entry.text.split(separator: "\n", omittingEmptySubsequences: true)
        let first = lines.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let limit = 40
        if first.count > limit { return String(first.prefix(limit - 1)) + "…" }
        return lines.count > 1 ? first + " …" : first
    }

    /// Prints `text` as data in pieces of whole lines, looking at `interruption` before each; nil when all of
    /// it was printed, else the lines printed and the lines there were.
    static func print(_ text: String, to output: any ConsoleOutput, interruption: Interruption) -> (lines: Int, of: Int)? {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var printed = 0
        while start < utf8.endIndex {
            if interruption.isInterrupted {
                return (printed, printed + utf8[start...].reduce(0) { $0 + ($1 == 10 ? 1 : 0) })
            }
            var end = utf8.index(start, offsetBy: pieceBytes, limitedBy: utf8.endIndex) ?? utf8.endIndex
            if end < utf8.endIndex {
                end = utf8[end...].firstIndex(of: 10).map { utf8.index(after: $0) } ?? utf8.endIndex
            }
            let piece = text[start..<end]
            printed += piece.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            output.data(String(piece))
            start = end
        }
        return nil
    }
}
