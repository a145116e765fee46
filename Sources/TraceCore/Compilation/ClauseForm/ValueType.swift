/// The type of a value in the language: 64-bit integers, strings and stacks (Bool and Double arguments arrive as integers).
public enum ValueType: String, Sendable, Equatable, Hashable {
    case int
    case string
    /// A stack of return addresses (`ustack()`), interned per program; only an aggregation key.
    case stack
}
