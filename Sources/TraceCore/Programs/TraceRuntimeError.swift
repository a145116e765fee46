/// Errors of program management.
public enum TraceRuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchProgram(String, suggestions: [String])
    case invalidProgram(String)
    case noSuchAggregation(program: String, name: String)
    /// The program's declared state does not fit in what is free of the memory budget.
    case overMemoryBudget(program: String, neededBytes: Int, freeBytes: Int, budgetBytes: Int)
    /// The program declares more aggregations than the per-program limit.
    case tooManyAggregations(program: String, count: Int, limit: Int)

    public var description: String {
        switch self {
        case .noSuchProgram(let name, let suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?)"
            return "no program named '\(name)'\(hint)"
        case .invalidProgram(let message):
            return "invalid program: \(message)"
        case .noSuchAggregation(let program, let name):
            return "program '\(program)' has no aggregation @\(name)"
        case .overMemoryBudget(let program, let needed, let free, let budget):
            return "program '\(program)' needs \(ByteCount.text(needed)) of tracing memory but only \(ByteCount.text(free)) of the "
                + "\(ByteCount.text(budget)) budget is free (set memory SIZE raises the budget)"
        case .tooManyAggregations(let program, let count, let limit):
            return "program '\(program)' declares \(count) aggregations, more than the limit of \(limit) per program "
                + "(set program-aggregations N raises it)"
        }
    }
}
