// C's usual arithmetic conversions on 64-bit values: an expression is unsigned 64-bit when it is a cast to
// such a type (`(uint64_t)x`, `(size_t)x`), a literal of that type (`1ull`, `0xffffffffffffffff`), a variable
// declared so (`uint64_t ts;`), an assignment to one, or arithmetic with such an operand (a shift: its left
// one). Then comparisons, `/`, `%` and `>>` are unsigned (`(uint64_t)-1 > 0` is 1). Narrower unsigned types
// hold values that fit a signed 64-bit integer, so they change nothing; the built-in variables stay signed.

extension Checker {
    /// Whether `e` has an unsigned 64-bit type.
    func isUnsigned(_ e: SyntaxExpression) -> Bool {
        switch e.kind {
        case .cast(let type, _, _): return type == .unsigned64
        case .identifier(let n): return scope[.global(n)]?.unsigned64 ?? false
        case .threadLocal(let n): return scope[.threadLocal(n)]?.unsigned64 ?? false
        case .clauseLocal(let n): return scope[.clauseLocal(n)]?.unsigned64 ?? false
        case .index(let n, _): return scope[.array(n)]?.unsigned64 ?? false
        case .unary(let op, let a): return op != .logicalNot && isUnsigned(a)
        case .binary(let op, let a, let b):
            switch op {
            case .add, .subtract, .multiply, .divide, .modulo, .bitAnd, .bitOr, .bitXor: return isUnsigned(a) || isUnsigned(b)
            case .shiftLeft, .shiftRight: return isUnsigned(a)
            default: return false
            }
        case .conditional(_, let a, let b): return isUnsigned(a) || isUnsigned(b)
        case .assignment(let target, _, _): return isUnsigned(target)
        default: return false
        }
    }
}
