/// A runtime error inside a clause: the clause stops, the error is counted and ERROR fires.
/// It never reaches the traced service. `dropped` is not an error: data over a limit, counted as a drop.
enum ClauseFault: Error, Equatable {
    case divisionByZero
    case moduloByZero
    case stringTooLong(limit: Int)
    case keyTooWide
    case dropped(DropKind)
    case stackTableFull(limit: Int)
    /// `a[i]` of a declared-size array with `i` outside 0 to size - 1.
    case indexOutOfRange(index: Int64, size: Int)

    var message: String {
        switch self {
        case .divisionByZero: return "division by zero"
        case .moduloByZero: return "modulo by zero"
        case .stringTooLong(let limit): return "string longer than the \(limit)-byte limit"
        case .keyTooWide: return "key has more than 8 components"
        case .dropped(let kind): return "dropped (\(kind.rawValue))"
        case .stackTableFull(let limit): return "more than \(limit) distinct stacks used as keys; new stacks are refused"
        case .indexOutOfRange(let index, let size): return "index \(index) is out of range for an array of \(size) elements (0 to \(size - 1))"
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
        case .indexOutOfRange: return 7
        }
    }

    /// The DTRACEFLT_* kind the ERROR probe's `arg4` reports, as DTrace numbers them.
    var dtraceKind: Int64 {
        switch self {
        case .divisionByZero, .moduloByZero: return FaultKind.divisionByZero
        case .indexOutOfRange: return FaultKind.badAddress
        case .stringTooLong: return FaultKind.noScratch
        case .keyTooWide: return FaultKind.tupleOverflow
        case .dropped, .stackTableFull: return FaultKind.unknown   // a drop is counted, not reported: no ERROR
        }
    }

    /// The ERROR probe's `arg5`: the index out of range, the limit gone over, else 0.
    var value: Int64 {
        switch self {
        case .indexOutOfRange(let index, _): return index
        case .stringTooLong(let limit), .stackTableFull(let limit): return Int64(limit)
        default: return 0
        }
    }
}
