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
