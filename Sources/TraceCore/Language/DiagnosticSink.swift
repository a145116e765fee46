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
