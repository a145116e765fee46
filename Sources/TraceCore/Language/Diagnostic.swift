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

/// A program refused at definition: every error found (up to the limit), with the source they point into.
public struct DefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The errors, in source order.
    public var diagnostics: [Diagnostic]
    /// The text that was compiled.
    public var source: String

    /// Creates the error for `diagnostics` found in `source`.
    public init(diagnostics: [Diagnostic], source: String) {
        self.diagnostics = diagnostics; self.source = source
    }

    /// Every diagnostic rendered with its source line and caret, joined by newlines.
    public var description: String {
        diagnostics.map { $0.rendered(source: source) }.joined(separator: "\n")
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

/// Collects diagnostics up to the limit the language reports at once.
struct DiagnosticSink {
    /// How many errors are reported together before "too many errors".
    static let limit = 10
    private(set) var diagnostics: [Diagnostic] = []

    var isEmpty: Bool { diagnostics.isEmpty }
    /// Whether more errors would not be shown anyway.
    var isFull: Bool { diagnostics.count > DiagnosticSink.limit }

    mutating func report(_ location: SourceLocation, _ message: String) {
        // Enough to sort and show the first ones; a pathological program cannot make reporting quadratic.
        guard diagnostics.count < 200 else { return }
        // Same place, same message: reported once.
        if diagnostics.contains(where: { $0.line == location.line && $0.column == location.column && $0.message == message }) { return }
        diagnostics.append(Diagnostic(location, message))
    }

    /// The diagnostics in source order, cut to the limit with a final "too many errors".
    func finished() -> [Diagnostic] {
        let sorted = diagnostics.enumerated().sorted {
            let a = $0.element, b = $1.element
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return $0.offset < $1.offset
        }.map(\.element)
        guard sorted.count > DiagnosticSink.limit else { return sorted }
        var shown = Array(sorted.prefix(DiagnosticSink.limit))
        let next = sorted[DiagnosticSink.limit]
        shown.append(Diagnostic(line: next.line, column: next.column, message: "too many errors; stopped after \(DiagnosticSink.limit)"))
        return shown
    }
}
