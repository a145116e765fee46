/// Integer unary operators.
public enum UnaryOperator: String, Sendable, Equatable {
    case negate = "-", logicalNot = "!", bitNot = "~"
}
