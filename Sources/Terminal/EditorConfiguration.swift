/// How a `LineEditor` is set up: prompts, history file, file descriptors.
public struct EditorConfiguration: Sendable {
    /// The prompt before the first line of an entry.
    public var prompt: String = "trace> "
    /// The prompt before each further line of a multi-line entry.
    public var continuationPrompt: String = "....> "
    /// Where history is kept (nil: history lives in memory only).
    public var historyFile: String? = nil
    /// How many history entries are kept.
    public var historyLimit: Int = 1000
    /// The file descriptor keys are read from.
    public var inputFD: Int32 = 0
    /// The file descriptor the screen is written to.
    public var outputFD: Int32 = 1
    /// The terminal type, which decides `dumb` terminals (nil: the TERM environment variable).
    public var terminalType: String? = nil
    /// How long to wait for the rest of an escape sequence before taking ESC as the Escape key.
    public var escapeTimeoutMilliseconds: Int32 = 50

    /// The defaults: `trace> ` and `....> `, standard input and output, no history file.
    public init() {}
}
