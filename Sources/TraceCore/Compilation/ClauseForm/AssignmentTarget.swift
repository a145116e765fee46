/// Something an assignment can write.
public enum AssignmentTarget: Sendable, Equatable {
    case global(slot: Int, type: ValueType)
    case threadLocal(slot: Int, type: ValueType)
    case clauseLocal(slot: Int, type: ValueType)
    case arrayElement(array: Int, keys: [Expression], type: ValueType)
}

extension AssignmentTarget {
    /// The same storage read as an expression.
    var storage: Expression {
        switch self {
        case .global(let slot, let type): return .global(slot: slot, type: type)
        case .threadLocal(let slot, let type): return .threadLocal(slot: slot, type: type)
        case .clauseLocal(let slot, let type): return .clauseLocal(slot: slot, type: type)
        case .arrayElement(let array, let keys, let type): return .arrayElement(array: array, keys: keys, type: type)
        }
    }
}
