/// Integer binary operators (wrap-around 64-bit arithmetic; comparisons and logic give 0 or 1).
public enum BinaryOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case bitAnd = "&", bitOr = "|", bitXor = "^", shiftLeft = "<<", shiftRight = ">>"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    case logicalAnd = "&&", logicalOr = "||"

    /// Whether the operator also applies to two strings (the comparisons).
    var comparesStrings: Bool {
        switch self {
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
        default: return false
        }
    }
}
