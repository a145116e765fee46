// Folds operations on literals at definition, with the runtime's semantics: 64-bit wrap-around,
// comparisons and logic give 0 or 1. Operations whose result the runtime decides (division by
// zero, shifts by 64 or more) are left for it. Each call folds one node whose operands are
// already folded, so folding adds no recursion.

enum ConstantFolding {
    /// A unary operation, folded if its operand is a literal.
    static func unary(_ op: UnaryOperator, _ a: Expression) -> Expression {
        guard case .integer(let v) = a else { return .unary(op, a) }
        return .integer(op.apply(v))
    }

    /// A binary operation, folded if both operands are literals (or logic decides from the left one).
    static func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression) -> Expression {
        switch (a, b) {
        case (.integer(let x), .integer(let y)):
            if let v = integer(op, x, y) { return .integer(v) }
        case (.string(let x), .string(let y)) where isPlain(x) && isPlain(y):
            switch op {
            case .equal: return .integer(x == y ? 1 : 0)
            case .notEqual: return .integer(x != y ? 1 : 0)
            case .less: return .integer(x < y ? 1 : 0)
            case .lessEqual: return .integer(x <= y ? 1 : 0)
            case .greater: return .integer(x > y ? 1 : 0)
            case .greaterEqual: return .integer(x >= y ? 1 : 0)
            default: break
            }
        case (.integer(let x), _):
            // `0 && e` and `1 || e` never evaluate e (no side effects in expressions).
            if op == .logicalAnd && x == 0 { return .integer(0) }
            if op == .logicalOr && x != 0 { return .integer(1) }
        default:
            break
        }
        return .binary(op, a, b)
    }

    /// The runtime's result for two integers, or nil when the runtime must decide.
    static func integer(_ op: BinaryOperator, _ x: Int64, _ y: Int64) -> Int64? {
        switch op {
        case .add: return x &+ y
        case .subtract: return x &- y
        case .multiply: return x &* y
        case .divide:
            if y == 0 { return nil }
            return x.dividedReportingOverflow(by: y).partialValue
        case .modulo:
            if y == 0 { return nil }
            return x.remainderReportingOverflow(dividingBy: y).partialValue
        case .bitAnd: return x & y
        case .bitOr: return x | y
        case .bitXor: return x ^ y
        case .shiftLeft: return (0..<64).contains(y) ? x << y : nil
        case .shiftRight: return (0..<64).contains(y) ? x >> y : nil
        case .less: return x < y ? 1 : 0
        case .lessEqual: return x <= y ? 1 : 0
        case .greater: return x > y ? 1 : 0
        case .greaterEqual: return x >= y ? 1 : 0
        case .equal: return x == y ? 1 : 0
        case .notEqual: return x != y ? 1 : 0
        case .logicalAnd: return (x != 0 && y != 0) ? 1 : 0
        case .logicalOr: return (x != 0 || y != 0) ? 1 : 0
        case .lessUnsigned: return UInt64(bitPattern: x) < UInt64(bitPattern: y) ? 1 : 0
        case .lessEqualUnsigned: return UInt64(bitPattern: x) <= UInt64(bitPattern: y) ? 1 : 0
        case .greaterUnsigned: return UInt64(bitPattern: x) > UInt64(bitPattern: y) ? 1 : 0
        case .greaterEqualUnsigned: return UInt64(bitPattern: x) >= UInt64(bitPattern: y) ? 1 : 0
        case .divideUnsigned:
            if y == 0 { return nil }
            return Int64(bitPattern: UInt64(bitPattern: x) / UInt64(bitPattern: y))
        case .moduloUnsigned:
            if y == 0 { return nil }
            return Int64(bitPattern: UInt64(bitPattern: x) % UInt64(bitPattern: y))
        case .shiftRightUnsigned: return (0..<64).contains(y) ? Int64(bitPattern: UInt64(bitPattern: x) >> UInt64(y)) : nil
        }
    }

    /// Short ASCII text, on which every reasonable runtime string rule (bytes, characters, size limit) agrees.
    static func isPlain(_ s: String) -> Bool { s.utf8.count <= 128 && s.utf8.allSatisfy { $0 < 0x80 } }

    /// `c ? a : b` with a literal condition is the chosen branch.
    static func conditional(_ c: Expression, _ a: Expression, _ b: Expression) -> Expression {
        if case .integer(let v) = c { return v != 0 ? a : b }
        return .conditional(c, a, b)
    }

    /// String functions of literals.
    static func call(_ f: StringFunction, _ arguments: [Expression]) -> Expression {
        switch (f, arguments.count) {
        case (.strlen, 1):
            if case .string(let s) = arguments[0], isPlain(s) { return .integer(Int64(s.utf8.count)) }
        case (.strjoin, 2):
            if case .string(let a) = arguments[0], case .string(let b) = arguments[1], isPlain(a + b) { return .string(a + b) }
        case (.str, 1):
            if case .integer(let v) = arguments[0] { return .string(String(v)) }
        default:
            break
        }
        return .call(f, arguments)
    }
}
