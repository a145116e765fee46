/// An associative array `name[keys]` of a program.
public struct ArrayDeclaration: Sendable, Equatable {
    public var name: String
    public var keyTypes: [ValueType]
    public var valueType: ValueType
    public init(name: String, keyTypes: [ValueType], valueType: ValueType) {
        self.name = name; self.keyTypes = keyTypes; self.valueType = valueType
    }
}
