// Tokens of the D-like language.

/// What a token is.
enum TokenKind: Sendable, Equatable {
    case identifier(String)
    case integer(Int64)
    /// An integer literal of type unsigned 64-bit (`18446744073709551615ULL`, `0xffffffffffffffff`, `1ul`).
    case unsignedInteger(Int64)
    case string(String)
    /// `@name`, or `@` alone ("") for the anonymous aggregation.
    case aggregation(String)
    /// An operator or punctuation mark: `+`, `<<=`, `->`, `{`, `;` …
    case symbol(String)
    /// Raw text of a probe description (`orders:book:match:entry`, `tick-1s`), lexed only where a clause starts.
    case probeDescription(String)
    /// A lexical error, with its message.
    case invalid(String)
    case end

    /// How the token reads in an error message.
    var quoted: String {
        switch self {
        case .identifier(let s): return "'\(s)'"
        case .integer(let v): return "'\(v)'"
        case .unsignedInteger(let v): return "'\(UInt64(bitPattern: v))'"
        case .string: return "string literal"
        case .aggregation(let s): return "'@\(s)'"
        case .symbol(let s): return "'\(s)'"
        case .probeDescription(let s): return "'\(s)'"
        case .invalid(let m): return m
        case .end: return "end of input"
        }
    }
}

/// A token and where it starts.
struct Token: Sendable, Equatable {
    var kind: TokenKind
    var location: SourceLocation

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }

    var identifier: String? {
        if case .identifier(let s) = kind { return s }
        return nil
    }
}
