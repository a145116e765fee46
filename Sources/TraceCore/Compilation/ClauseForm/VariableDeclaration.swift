/// A named variable slot (global, `self->`, `this->`).
public struct VariableDeclaration: Sendable, Equatable {
    public var name: String
    public var type: ValueType
    public init(name: String, type: ValueType) { self.name = name; self.type = type }
}
