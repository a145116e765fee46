// Reads one CLTRACE S-expression: lists, symbols, `:keywords`, integers and strings, each with the
// line and column where it starts. Lists are read with an explicit stack; nesting is capped.

/// A reading error.
struct LispReadError: Error {
    var diagnostic: Diagnostic
    var message: String { diagnostic.message }
    init(_ location: SourceLocation, _ message: String) { diagnostic = Diagnostic(location, message) }
}

/// Reads CLTRACE text.
struct LispReader {
    private let chars: [Character]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ source: String) { chars = Array(source) }

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    private mutating func advance() {
        guard index < chars.count else { return }
        if chars[index].isNewline { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private mutating func skipTrivia() {
        while index < chars.count {
            let c = chars[index]
            if c.isWhitespace { advance(); continue }
            if c == ";" {
                while index < chars.count && !chars[index].isNewline { advance() }
                continue
            }
            break
        }
    }

    /// Exactly one form, or the first reading error.
    mutating func readForm() -> Result<LispValue, LispReadError> {
        skipTrivia()
        guard index < chars.count else {
            return .failure(LispReadError(location, "expected a form such as (define-program NAME …)"))
        }
        var stack: [(start: SourceLocation, items: [LispValue])] = []
        var result: LispValue? = nil
        while result == nil {
            skipTrivia()
            guard index < chars.count else {
                let open = stack.last?.start ?? location
                return .failure(LispReadError(open, "missing ')' to close this list"))
            }
            let start = location
            let c = chars[index]
            var value: LispValue? = nil
            switch c {
            case "(":
                advance()
                if stack.count >= Parser.maximumNesting {
                    return .failure(LispReadError(start, "nesting is too deep (more than \(Parser.maximumNesting) levels)"))
                }
                stack.append((start, []))
                continue
            case ")":
                advance()
                guard let top = stack.popLast() else { return .failure(LispReadError(start, "unexpected ')'")) }
                value = LispValue(kind: .list(top.items), location: top.start)
            case "\"":
                switch readString() {
                case .success(let s): value = LispValue(kind: .string(s), location: start)
                case .failure(let d): return .failure(d)
                }
            default:
                var atom = ""
                while index < chars.count {
                    let d = chars[index]
                    if d.isWhitespace || d == "(" || d == ")" || d == "\"" || d == ";" { break }
                    atom.append(d); advance()
                }
                switch LispReader.classify(atom) {
                case .success(let kind): value = LispValue(kind: kind, location: start)
                case .failure(let e): return .failure(LispReadError(start, e.message))
                }
            }
            guard let value else { continue }
            if stack.isEmpty { result = value } else { stack[stack.count - 1].items.append(value) }
        }
        skipTrivia()
        if index < chars.count {
            return .failure(LispReadError(location, "unexpected text after the form; enter one form at a time"))
        }
        return result.map { .success($0) } ?? .failure(LispReadError(location, "expected a form"))
    }

    private static func classify(_ atom: String) -> Result<LispValue.Kind, LispReadError> {
        if atom.hasPrefix(":") && atom.count > 1 { return .success(.keyword(String(atom.dropFirst()))) }
        var body = Substring(atom)
        var negative = false
        if body.first == "-" || body.first == "+", body.count > 1 { negative = body.first == "-"; body = body.dropFirst() }
        guard let first = body.first, first.isASCII, first.isNumber else { return .success(.symbol(atom)) }
        var lexer = Lexer(String(body))
        let token = lexer.next()
        guard lexer.nextSignificantCharacter() == nil else { return .failure(LispReadError(.start, "malformed number '\(atom)'")) }
        switch token.kind {
        case .integer(let v): return .success(.integer(negative ? 0 &- v : v))
        case .invalid(let m): return .failure(LispReadError(.start, m))
        default: return .failure(LispReadError(.start, "malformed number '\(atom)'"))
        }
    }

    private mutating func readString() -> Result<String, LispReadError> {
        let start = location
        advance()
        var text = ""
        while index < chars.count {
            let c = chars[index]
            let here = location
            advance()
            if c == "\"" { return .success(text) }
            if c == "\\" {
                guard index < chars.count else { break }
                let e = chars[index]
                advance()
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "\\": text.append("\\")
                case "\"": text.append("\"")
                default: return .failure(LispReadError(here, "unknown escape sequence '\\\(e)' in string"))
                }
                continue
            }
            text.append(c)
        }
        return .failure(LispReadError(start, "unterminated string"))
    }
}
