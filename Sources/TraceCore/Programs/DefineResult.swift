/// The answer to a definition.
public struct DefineResult: Sendable, Equatable {
    public var name: String
    public var matchedProbes: Int
    /// Whether an existing program of that name was replaced.
    public var replaced: Bool
    public var enabled: Bool
}
