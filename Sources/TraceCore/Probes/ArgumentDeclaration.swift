
/// A named, typed probe argument, as declared by the service.
public struct ArgumentDeclaration: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var name: String
    public var type: ArgumentType
    public init(_ name: String, _ type: ArgumentType) { self.name = name; self.type = type }
    public var description: String { "\(type.rawValue) \(name)" }
}
