/// The type of a value in the language: 64-bit integers and strings (Bool and Double arguments arrive as integers).
public enum ValueType: String, Sendable, Equatable, Hashable {
    case int
    case string
}
