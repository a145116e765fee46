// Whether the text typed so far is a whole entry, or the line editor should ask for another line:
// an open `{`, `(`, `[`, string or comment, or a clause predicate whose body has not started yet.

enum EntryCompleteness {
    static func isComplete(_ text: String) -> Bool {
        let chars = Array(text)
        guard let first = chars.firstIndex(where: { !$0.isWhitespace }) else { return true }
        return chars[first] == "(" ? lispIsComplete(chars) : clausesAreComplete(chars, from: first)
    }

    /// D-like text. A `/` at the top level opens a predicate only when the entry looks like a clause
    /// (so that `load /tmp/x.d` is complete); the predicate stays open until its body's `{`.
    private static func clausesAreComplete(_ chars: [Character], from first: Int) -> Bool {
        let word = String(chars[first...].prefix { !$0.isWhitespace && $0 != "{" && $0 != "/" })
        let looksLikeClause = word == "program" || word.contains(":") || word.contains(",")
            || ["BEGIN", "END", "ERROR"].contains(word) || word.hasPrefix("tick-")
        var brace = 0, paren = 0, bracket = 0
        var inPredicate = false
        var i = first
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "/" && next == "/" {
                while i < chars.count && !chars[i].isNewline { i += 1 }
                continue
            }
            if c == "/" && next == "*" {
                guard let end = closeOfBlockComment(chars, from: i + 2) else { return false }
                i = end
                continue
            }
            if c == "\"" {
                guard let end = closeOfString(chars, from: i + 1) else { return false }
                i = end
                continue
            }
            switch c {
            case "{": inPredicate = false; brace += 1
            case "}": brace = max(0, brace - 1)
            case "(": paren += 1
            case ")": paren = max(0, paren - 1)
            case "[": bracket += 1
            case "]": bracket = max(0, bracket - 1)
            case "/" where looksLikeClause && brace == 0 && paren == 0 && bracket == 0:
                inPredicate = true
            default: break
            }
            i += 1
        }
        return brace == 0 && paren == 0 && bracket == 0 && !inPredicate
    }

    /// CLTRACE text: balanced parentheses outside strings and `;` comments.
    private static func lispIsComplete(_ chars: [Character]) -> Bool {
        var depth = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == ";" {
                while i < chars.count && !chars[i].isNewline { i += 1 }
                continue
            }
            if c == "\"" {
                guard let end = closeOfString(chars, from: i + 1, multiline: true) else { return false }
                i = end
                continue
            }
            if c == "(" { depth += 1 }
            if c == ")" { depth = max(0, depth - 1) }
            i += 1
        }
        return depth == 0
    }

    /// Index just after the `*/` that closes a comment, or nil if it is still open.
    private static func closeOfBlockComment(_ chars: [Character], from start: Int) -> Int? {
        var i = start
        while i + 1 < chars.count {
            if chars[i] == "*" && chars[i + 1] == "/" { return i + 2 }
            i += 1
        }
        return nil
    }

    /// Index just after the closing quote, or nil if the string is still open at the end of the text.
    /// A D string cannot span lines: a newline ends it (the lexer will report it).
    private static func closeOfString(_ chars: [Character], from start: Int, multiline: Bool = false) -> Int? {
        var i = start
        while i < chars.count {
            let c = chars[i]
            if c == "\\" { i += 2; continue }
            if c == "\"" { return i + 1 }
            if c.isNewline && !multiline { return i }
            i += 1
        }
        return nil
    }
}
