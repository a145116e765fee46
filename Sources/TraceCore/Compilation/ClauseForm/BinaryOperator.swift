/// Integer binary operators (wrap-around 64-bit arithmetic; comparisons and logic give 0 or 1).
public enum BinaryOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case bitAnd = "&", bitOr = "|", bitXor = "^", shiftLeft = "<<", shiftRight = ">>"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    case logicalAnd = "&&", logicalOr = "||"
    /// The forms C's usual arithmetic conversions give when an operand is unsigned 64-bit (the checker picks them).
    case lessUnsigned = "<(unsigned)", lessEqualUnsigned = "<=(unsigned)", greaterUnsigned = ">(unsigned)"
    case greaterEqualUnsigned = ">=(unsigned)", divideUnsigned = "/(unsigned)", moduloUnsigned = "%(unsigned)"
    case shiftRightUnsigned = ">>(unsigned)"

    /// The operator on unsigned 64-bit operands: the comparisons, `/`, `%` and `>>` differ; the rest are the same.
    var unsignedForm: BinaryOperator {
        switch self {
        case .less: return .lessUnsigned
        case .lessEqual: return .lessEqualUnsigned
        case .greater: return .greaterUnsigned
        case .greaterEqual: return .greaterEqualUnsigned
        case .divide: return .divideUnsigned
        case .modulo: return .moduloUnsigned
        case .shiftRight: return .shiftRightUnsigned
        default: return self
        }
    }

    /// Whether the operator also applies to two strings (the comparisons).
    var comparesStrings: Bool {
        switch self {
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
        default: return false
        }
    }
}
