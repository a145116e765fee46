/// An associative array `name[keys]` of a program, or a declared-size array (`int a[5]`).
public struct ArrayDeclaration: Sendable, Equatable {
    public var name: String
    public var keyTypes: [ValueType]
    public var valueType: ValueType
    /// `int a[5]`: indexed by one integer from 0 to size - 1, checked at every access (nil: associative).
    public var size: Int?
    public init(name: String, keyTypes: [ValueType], valueType: ValueType, size: Int? = nil) {
        self.name = name; self.keyTypes = keyTypes; self.valueType = valueType; self.size = size
    }
}
