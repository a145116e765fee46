/// A probe description as written in a clause: up to four `:`-separated fields with globs.
/// Missing leading fields and empty fields match anything; shorter descriptions match from the right.
public struct ProbeDescription: Sendable, Equatable, CustomStringConvertible {
    /// provider, module, function, name: "" matches anything.
    public let fields: [String]

    /// Parses `provider:module:function:name` or a shorter form. Nil if it has more than four fields.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 4 else { return nil }
        fields = Array(repeating: "", count: 4 - parts.count) + parts
    }

    public var description: String { fields.joined(separator: ":") }

    /// Whether a declared probe matches.
    public func matches(_ site: ProbeSite) -> Bool {
        matches(provider: site.provider, module: site.module, function: site.function, name: site.name)
    }

    /// Whether four name fields match.
    public func matches(provider: String, module: String, function: String, name: String) -> Bool {
        let values = [provider, module, function, name]
        for i in 0..<4 where !fields[i].isEmpty {
            if !Glob(fields[i]).matches(values[i]) { return false }
        }
        return true
    }
}
