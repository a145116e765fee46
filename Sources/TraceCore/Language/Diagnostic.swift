// Definition-time errors: where (1-based line and column, counted in Characters) and what,
// rendered as `error: L:C: message`, the source line, and a caret under the column.

/// One definition error at a source position.
public struct Diagnostic: Sendable, Equatable {
    /// 1-based source line.
    public var line: Int
    /// 1-based column, counted in Characters.
    public var column: Int
    /// What is wrong, teaching the fix where it can.
    public var message: String

    /// Creates a diagnostic at `line`:`column`.
    public init(line: Int, column: Int, message: String) {
        self.line = line; self.column = column; self.message = message
    }

    init(_ location: SourceLocation, _ message: String) {
        self.init(line: location.line, column: location.column, message: message)
    }

    /// `error: L:C: message`, then the source line, then a caret under the column.
    public func rendered(source: String) -> String {
        var text = "error: \(line):\(column): \(message)"
        let lines = Diagnostic.sourceLines(source)
        if line >= 1 && line <= lines.count {
            let sourceLine = lines[line - 1]
            // Tabs are kept under the caret so it lines up with the text above it.
            var padding = ""
            for (i, ch) in sourceLine.enumerated() where i < column - 1 { padding.append(ch == "\t" ? "\t" : " ") }
            if column - 1 > sourceLine.count { padding += String(repeating: " ", count: column - 1 - sourceLine.count) }
            text += "\n" + sourceLine + "\n" + padding + "^"
        }
        return text
    }

    /// The source split into lines the way the lexer counts them.
    static func sourceLines(_ source: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for ch in source {
            if ch.isNewline { lines.append(current); current = "" } else { current.append(ch) }
        }
        lines.append(current)
        return lines
    }
}

/// A 1-based source position.
struct SourceLocation: Sendable, Equatable, Hashable, Comparable {
    var line: Int
    var column: Int

    static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        a.line != b.line ? a.line < b.line : a.column < b.column
    }

    static let start = SourceLocation(line: 1, column: 1)
}
