/// A runtime error inside a clause: the clause stops, the error is counted and ERROR fires.
/// It never reaches the traced service.
enum ClauseFault: Error, Equatable {
    case divisionByZero
    case moduloByZero
    case stringTooLong(limit: Int)
    case keyTooWide
    case stringTableFull(limit: Int)
    case stackTableFull(limit: Int)

    var message: String {
        switch self {
        case .divisionByZero: return "division by zero"
        case .moduloByZero: return "modulo by zero"
        case .stringTooLong(let limit): return "string longer than the \(limit)-byte limit"
        case .keyTooWide: return "key has more than 8 components"
        case .stringTableFull(let limit): return "more than \(limit) distinct strings used as keys; new string keys are refused"
        case .stackTableFull(let limit): return "more than \(limit) distinct stacks used as keys; new stacks are refused"
        }
    }

    var code: Int64 {
        switch self {
        case .divisionByZero: return 1
        case .moduloByZero: return 2
        case .stringTooLong: return 3
        case .keyTooWide: return 4
        case .stringTableFull: return 5
        case .stackTableFull: return 6
        }
    }
}
