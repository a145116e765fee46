/// The declared type of a probe argument.
public enum ArgumentType: String, Sendable, Equatable, Hashable {
    case int, uint, double, bool, string

    /// The language type the argument has in clauses (Bool and Double arrive as integers).
    public var valueType: ValueType { self == .string ? .string : .int }
}
