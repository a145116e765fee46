// Turns program text into tokens on demand. The parser drives it: probe descriptions are lexed
// as raw text (they contain `:`, `*`, `-` and `[...]`) only where a clause can start.

/// A cursor over the source that hands out tokens and skips whitespace and comments.
struct Lexer {
    private let characters: [Character]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ source: String) { characters = Array(source) }

    /// Position of the next unread character.
    var location: SourceLocation { SourceLocation(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Character? {
        let i = index + offset
        return i < characters.count ? characters[i] : nil
    }

    private mutating func advance() {
        guard index < characters.count else { return }
        if characters[index].isNewline { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    /// Skips whitespace and comments; returns an error token for an unterminated `/*`.
    private mutating func skipTrivia() -> Token? {
        while let c = peek() {
            if c.isWhitespace { advance(); continue }
            if c == "/" && peek(1) == "/" {
                while let d = peek(), !d.isNewline { _ = d; advance() }
                continue
            }
            if c == "/" && peek(1) == "*" {
                let start = location
                advance(); advance()
                var closed = false
                while let d = peek() {
                    if d == "*" && peek(1) == "/" { advance(); advance(); closed = true; break }
                    advance()
                }
                if !closed { return Token(kind: .invalid("unterminated comment"), location: start) }
                continue
            }
            break
        }
        return nil
    }

    /// The next character after whitespace and comments, without consuming anything.
    func nextSignificantCharacter() -> Character? {
        var copy = self
        if copy.skipTrivia() != nil { return nil }
        return copy.peek()
    }

    /// The rest of the line after whitespace and comments (a `#pragma` or `#!` line), and where it starts.
    mutating func restOfLine() -> (text: String, location: SourceLocation) {
        _ = skipTrivia()
        let start = location
        var text = ""
        while let c = peek(), !c.isNewline { text.append(c); advance() }
        return (text, start)
    }

    /// Lexes a probe description as raw text; nil if the next significant character cannot start one.
    mutating func probeDescription() -> Token? {
        if let error = skipTrivia() { return error }
        let start = location
        var text = ""
        while let c = peek(), Lexer.isProbeDescriptionCharacter(c) {
            text.append(c); advance()
        }
        return text.isEmpty ? nil : Token(kind: .probeDescription(text), location: start)
    }

    static func isProbeDescriptionCharacter(_ c: Character) -> Bool {
        if c.isWhitespace { return false }
        return !",{}/;()\"@".contains(c)
    }

    private static let symbols3: Set<String> = ["<<=", ">>="]
    private static let symbols2: Set<String> = [
        "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "->", "++", "--",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    ]
    private static let symbols1: Set<Character> = [
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "<", ">", "=", "?", ":",
        "(", ")", "[", "]", "{", "}", ",", ";",
    ]

    /// The next ordinary token.
    mutating func next() -> Token {
        if let error = skipTrivia() { return error }
        let start = location
        guard let c = peek() else { return Token(kind: .end, location: start) }
        if c.isLetter || c == "_" {
            return Token(kind: .identifier(word()), location: start)
        }
        if c.isASCII && c.isNumber {
            return Token(kind: number(), location: start)
        }
        if c == "\"" {
            return string(start)
        }
        if c == "'" {
            return Token(kind: character(), location: start)
        }
        if c == "$" {
            return Token(kind: macro(), location: start)
        }
        if c == "@" {
            advance()
            var name = ""
            if let d = peek(), d.isLetter || d == "_" { name = word() }
            return Token(kind: .aggregation(name), location: start)
        }
        if let b = peek(1) {
            if let d = peek(2), Lexer.symbols3.contains(String([c, b, d])) {
                advance(); advance(); advance()
                return Token(kind: .symbol(String([c, b, d])), location: start)
            }
            if Lexer.symbols2.contains(String([c, b])) {
                advance(); advance()
                return Token(kind: .symbol(String([c, b])), location: start)
            }
        }
        advance()
        if Lexer.symbols1.contains(c) { return Token(kind: .symbol(String(c)), location: start) }
        return Token(kind: .invalid("unexpected character '\(c)'"), location: start)
    }

    /// `$pid`, `$execname`, `$1`, `$$1` …: the value of a macro variable (MacroVariables.swift).
    private mutating func macro() -> TokenKind {
        advance()  // $
        var quoted = false
        if peek() == "$" { quoted = true; advance() }
        var name = ""
        while let c = peek(), c.isLetter || c.isNumber || c == "_" { name.append(c); advance() }
        return MacroVariables.token(name, quoted: quoted)
    }

    private mutating func word() -> String {
        var text = ""
        while let c = peek(), c.isLetter || c.isNumber || c == "_" { text.append(c); advance() }
        return text
    }

    /// `'D'`, `'\n'`: a character constant, the integer value of its Unicode scalar.
    private mutating func character() -> TokenKind {
        advance()  // opening quote
        guard var c = peek(), !c.isNewline else { return .invalid("unterminated character constant") }
        advance()
        if c == "\\" {
            guard let e = peek() else { return .invalid("unterminated character constant") }
            advance()
            switch e {
            case "n": c = "\n"
            case "t": c = "\t"
            case "r": c = "\r"
            case "0": c = "\0"
            case "\\", "'", "\"": c = e
            default: return .invalid("unknown escape sequence '\\\(e)' in character constant")
            }
        }
        guard peek() == "'" else { return .invalid("a character constant holds one character, as in 'D'") }
        advance()
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else {
            return .invalid("a character constant holds one character, as in 'D'")
        }
        return .integer(Int64(scalar.value))
    }

    /// Decimal, hex (`0x…`), `_` separators, C's integer suffixes `u l ul ll ull` in any case, and
    /// duration suffixes `ns us ms s` (→ nanoseconds).
    private mutating func number() -> TokenKind {
        var digits = ""
        var radix = 10
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            radix = 16; advance(); advance()
        }
        while let c = peek(), c.isHexDigit || c == "_" {
            if radix == 10 && !(c.isASCII && c.isNumber) && c != "_" { break }
            if c != "_" { digits.append(c) }
            advance()
        }
        var suffix = ""
        while let c = peek(), c.isLetter || c.isNumber || c == "_" { suffix.append(c); advance() }
        if digits.isEmpty { return .invalid("malformed integer literal") }
        guard let magnitude = UInt64(digits, radix: radix) else { return .invalid("integer literal is too large") }
        let scale: UInt64
        let cSuffix = ["u", "l", "ul", "lu", "ll", "ull", "llu"].contains(suffix.lowercased())
        switch suffix {
        case "": scale = 1
        case _ where cSuffix: scale = 1
        case "ns" where radix == 10: scale = 1
        case "us" where radix == 10: scale = 1_000
        case "ms" where radix == 10: scale = 1_000_000
        case "s" where radix == 10: scale = 1_000_000_000
        default: return .invalid("invalid suffix '\(suffix)' on integer literal (C's u, l, ul, ll, ull, or a duration: ns, us, ms, s)")
        }
        let scaled = magnitude.multipliedReportingOverflow(by: scale)
        // Hex literals may use all 64 bits (0xffffffffffffffff is -1); decimal ones must fit Int64.
        let unsigned = cSuffix && suffix.lowercased().contains("u")
        if scaled.overflow || (radix == 10 && !unsigned && scaled.partialValue > UInt64(Int64.max)) {
            return .invalid("integer literal is too large")
        }
        // C's type of the literal: unsigned 64-bit with `ul`/`ull`, with `u` past 32 bits, or hex past Int64.max.
        let value = scaled.partialValue
        let long = suffix.lowercased().contains("l")
        if (unsigned && (long || value > UInt64(UInt32.max))) || (radix == 16 && value > UInt64(Int64.max)) {
            return .unsignedInteger(Int64(bitPattern: value))
        }
        return .integer(Int64(bitPattern: value))
    }

    /// A string literal; a bad escape is reported where it is, after reading on to the closing quote.
    private mutating func string(_ start: SourceLocation) -> Token {
        advance()  // opening quote
        var text = ""
        var error: Token? = nil
        while let c = peek() {
            if c.isNewline { break }
            let here = location
            advance()
            if c == "\"" { return error ?? Token(kind: .string(text), location: start) }
            if c == "\\" {
                guard let e = peek(), !e.isNewline else { break }
                advance()
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "0": text.append("\0")
                case "a": text.append("\u{07}")
                case "b": text.append("\u{08}")
                case "f": text.append("\u{0C}")
                case "v": text.append("\u{0B}")
                case "\\": text.append("\\")
                case "\"": text.append("\"")
                case "'": text.append("'")
                default:
                    if error == nil { error = Token(kind: .invalid("unknown escape sequence '\\\(e)' in string literal"), location: here) }
                }
                continue
            }
            text.append(c)
        }
        return Token(kind: .invalid("unterminated string literal"), location: start)
    }
}
