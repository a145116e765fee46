/// The declared type of a probe argument.
public enum ArgumentType: String, Sendable, Equatable, Hashable {
    case int, uint, double, bool, string

    /// The language type the argument has in clauses (Bool and Double arrive as integers).
    public var valueType: ValueType { self == .string ? .string : .int }
}

/// A named, typed probe argument, as declared by the service.
public struct ArgumentDeclaration: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var name: String
    public var type: ArgumentType
    public init(_ name: String, _ type: ArgumentType) { self.name = name; self.type = type }
    public var description: String { "\(type.rawValue) \(name)" }
}
