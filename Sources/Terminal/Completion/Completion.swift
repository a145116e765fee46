// What the completion callback answers, and the helpers Tab needs: the common prefix and a column listing.

/// Candidates for the word before the cursor, as the console's completer answers them.
public struct Completion: Sendable, Equatable {
    /// Full replacements for the word being completed (not suffixes).
    public var candidates: [String]
    /// Character offset in the entry where the completed word starts; the text from there to the cursor is replaced.
    public var replaceStart: Int

    /// Creates a completion answer.
    public init(candidates: [String], replaceStart: Int) {
        self.candidates = candidates
        self.replaceStart = replaceStart
    }
}

enum CompletionList {
    /// The longest common prefix, in whole characters.
    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for s in strings.dropFirst() {
            var n = 0
            for (a, b) in zip(prefix, s) {
                if a != b { break }
                n += 1
            }
            prefix = Array(prefix.prefix(n))
        }
        return String(prefix)
    }

    /// Candidates in columns fitted to `width`, filled down then across as `ls` does; trailing spaces trimmed.
    static func columns(_ items: [String], width: Int) -> [String] {
        guard !items.isEmpty else { return [] }
        let widths = items.map { DisplayWidth.of($0) }
        let columnWidth = (widths.max() ?? 0) + 2
        let columnCount = max(1, min(items.count, (max(width, 1) + 2) / columnWidth))
        let rowCount = (items.count + columnCount - 1) / columnCount
        var lines: [String] = []
        for row in 0..<rowCount {
            var line = ""
            for column in 0..<columnCount {
                let i = column * rowCount + row
                guard i < items.count else { break }
                line += items[i]
                if column < columnCount - 1 && (column + 1) * rowCount + row < items.count {
                    line += String(repeating: " ", count: columnWidth - widths[i])
                }
            }
            lines.append(DisplayWidth.clip(line, to: max(width, 1)))
        }
        return lines
    }
}
