// Splitting a command line into words: whitespace separates, '…' and "…" group (for file names with spaces).

/// The words of a command line.
enum CommandWords {
    /// The words of `text`; quotes group and are removed. Nil with a message for an unterminated quote.
    static func split(_ text: String) -> Result<[String], CommandError> {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(c)
                inWord = true
            }
        }
        if let q = quote { return .failure(CommandError("unterminated \(q) quote")) }
        if inWord { words.append(current) }
        return .success(words)
    }
}

/// A command that cannot run, with the message the console prints after `error: `.
struct CommandError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
