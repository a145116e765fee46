/// A typed expression. Slots index the program's declarations (`ProgramSpec`).
public indirect enum Expression: Sendable, Equatable {
    case integer(Int64)
    case string(String)
    /// A probe argument, by position (0…9) in the firing probe's declared arguments: `arg3` and a
    /// declared name alike. A name declared at different positions by the clause's probes sits at
    /// `index` except in the probes `perProbe` lists.
    case argument(index: Int, type: ValueType, perProbe: [ProbeID: Int] = [:])
    case builtin(BuiltinVariable)
    case global(slot: Int, type: ValueType)
    case threadLocal(slot: Int, type: ValueType)
    case clauseLocal(slot: Int, type: ValueType)
    case arrayElement(array: Int, keys: [Expression], type: ValueType)
    case unary(UnaryOperator, Expression)
    /// Integer operators on integer operands; `equal`/`notEqual`/comparisons on two strings compare them.
    case binary(BinaryOperator, Expression, Expression)
    case conditional(Expression, Expression, Expression)
    case call(StringFunction, [Expression])
    /// `x++`, `++x`, `(x = v)`, `(s = "text")`: stores `value`, evaluates to the old value if `postfix`, else the new.
    case assignment(AssignmentTarget, Expression, postfix: Bool)
    /// `ustack(depth)` / `stack(depth)`: the firing thread's stack (a profile sample's, in a profile clause).
    case stack(depth: Int)
    /// `ufunc(addr)`, `usym(addr)`, `umod(addr)`, `uaddr(addr)`: the address, named when it is read.
    case symbol(SymbolForm, Expression)

    /// The type this expression evaluates to.
    public var type: ValueType {
        switch self {
        case .integer: return .int
        case .string: return .string
        case .argument(_, let t, _), .global(_, let t), .threadLocal(_, let t),
             .clauseLocal(_, let t), .arrayElement(_, _, let t):
            return t
        case .builtin(let b): return b.type
        case .unary, .binary: return .int
        case .assignment(let target, _, _): return target.storage.type
        case .conditional(_, let a, _): return a.type
        case .call(let f, _): return f.resultType
        case .stack: return .stack
        case .symbol: return .symbol
        }
    }
}
