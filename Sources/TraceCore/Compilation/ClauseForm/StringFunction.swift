/// String functions of the language.
public enum StringFunction: String, Sendable, CaseIterable, Equatable {
    case strlen    // (string) -> int
    case substr    // (string, int[, int]) -> string
    case strjoin   // (string, string) -> string
    case strstr    // (string, string) -> string: the suffix starting at the first match, or ""
    case str       // (int) -> string

    /// The type of the function's result.
    public var resultType: ValueType { self == .strlen ? .int : .string }
}
