/// Errors of program management.
public enum TraceRuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchProgram(String, suggestions: [String])
    case invalidProgram(String)
    case noSuchAggregation(program: String, name: String)

    public var description: String {
        switch self {
        case .noSuchProgram(let name, let suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?)"
            return "no program named '\(name)'\(hint)"
        case .invalidProgram(let message):
            return "invalid program: \(message)"
        case .noSuchAggregation(let program, let name):
            return "program '\(program)' has no aggregation @\(name)"
        }
    }
}
