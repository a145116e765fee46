/// One S-expression and where it starts.
struct LispValue: Sendable {
    enum Kind: Sendable {
        case list([LispValue])
        case symbol(String)
        /// `:name`, without the colon.
        case keyword(String)
        case integer(Int64)
        case string(String)
    }
    var kind: Kind
    var location: SourceLocation

    var symbol: String? { if case .symbol(let s) = kind { return s }; return nil }
    var keyword: String? { if case .keyword(let s) = kind { return s }; return nil }
    var list: [LispValue]? { if case .list(let l) = kind { return l }; return nil }
}
