/// What `LineEditor.readEvent()` returns.
public enum EditorEvent: Sendable, Equatable {
    /// A complete (possibly multi-line) entry, lines separated by "\n".
    case entry(String)
    /// Ctrl-C: the line was abandoned.
    case interrupt
    /// Ctrl-D on an empty line, or the end of the input.
    case endOfFile
    /// Esc pressed on an empty line.
    case escape
}
