/// The type of a value in the language: 64-bit integers, strings and stacks (Bool and Double arguments arrive as integers).
public enum ValueType: String, Sendable, Equatable, Hashable {
    case int
    case string
    /// A stack of return addresses (`ustack()`), interned per program: an aggregation key, or printed (`%k`, `trace`).
    case stack
    /// An address named by its symbol (`ufunc`, `usym`, `umod`, `uaddr`): interned like a stack, read as a string.
    case symbol
}
