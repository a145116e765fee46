/// One `@name` of a program.
public struct AggregationDeclaration: Sendable, Equatable {
    public var name: String          // without '@'; "" for the anonymous `@`
    public var function: AggregationFunction
    public var keyTypes: [ValueType]
    public init(name: String, function: AggregationFunction, keyTypes: [ValueType]) {
        self.name = name; self.function = function; self.keyTypes = keyTypes
    }
}
