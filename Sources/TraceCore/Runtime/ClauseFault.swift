/// A runtime error inside a clause: the clause stops, the error is counted and ERROR fires.
/// It never reaches the traced service. `dropped` is not an error: data over a limit, counted as a drop.
enum ClauseFault: Error, Equatable {
    case divisionByZero
    case moduloByZero
    case stringTooLong(limit: Int)
    case keyTooWide
    case dropped(DropKind)
    case stackTableFull(limit: Int)

    var message: String {
        switch self {
        case .divisionByZero: return "division by zero"
        case .moduloByZero: return "modulo by zero"
        case .stringTooLong(let limit): return "string longer than the \(limit)-byte limit"
        case .keyTooWide: return "key has more than 8 components"
        case .dropped(let kind): return "dropped (\(kind.rawValue))"
        case .stackTableFull(let limit): return "more than \(limit) distinct stacks used as keys; new stacks are refused"
        }
    }

    var code: Int64 {
        switch self {
        case .divisionByZero: return 1
        case .moduloByZero: return 2
        case .stringTooLong: return 3
        case .keyTooWide: return 4
        case .dropped: return 5
        case .stackTableFull: return 6
        }
    }
}
