/// String functions of the language.
public enum StringFunction: String, Sendable, CaseIterable, Equatable {
    case strlen    // (string) -> int
    case substr    // (string, int[, int]) -> string
    case strjoin   // (string, string) -> string
    case strstr    // (string, string) -> string: the suffix starting at the first match, or ""
    case str       // (int) -> string

    /// The type of the function's result.
    public var resultType: ValueType { self == .strlen ? .int : .string }

    /// The argument types it requires, those it also accepts, and how its use is written.
    var signature: (required: [ValueType], optional: [ValueType], spelled: String) {
        switch self {
        case .strlen: return ([.string], [], "strlen(s)")
        case .substr: return ([.string, .int], [.int], "substr(s, start[, length])")
        case .strjoin: return ([.string, .string], [], "strjoin(a, b)")
        case .strstr: return ([.string, .string], [], "strstr(s, t)")
        case .str: return ([.int], [], "str(n)")
        }
    }

    /// Whether `arguments` fit the signature in number and types.
    func accepts(_ arguments: [Expression]) -> Bool {
        let (required, optional, _) = signature
        guard arguments.count >= required.count && arguments.count <= required.count + optional.count else { return false }
        return zip(arguments, required + optional).allSatisfy { $0.type == $1 }
    }
}
