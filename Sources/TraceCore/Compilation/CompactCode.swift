import CTraceCore
import Glibc

// The compact instruction form of an integer expression over arguments, built-ins and constants
// (`arg0 % 10`, `(arg0 + arg1) / 8`, `-arg1`, a string argument's key id): a short sequence of plain
// instructions run by one loop, with no closure call. An accumulator machine: each instruction loads a
// leaf into the accumulator, applies an operator to the accumulator and a leaf, saves the accumulator
// (at most two saved at once) or applies an operator to the last saved value and the accumulator.
// Anything else (variables, conditionals, a `&&` whose right side is not a leaf, string functions)
// stays compiled code (ExpressionCompiler).

/// Where an instruction's leaf comes from.
enum CompactSource: UInt8 {
    case constant, argument, tid, elapsed, retval, timestamp
    /// The key id of the string argument in word `index` (the program's string keys, StringKeyCache).
    case stringKey
}

/// What an instruction does.
enum CompactKind: UInt8 {
    /// acc = leaf
    case load
    /// acc = acc OP leaf
    case apply
    /// save acc (the right operand is computed next)
    case push
    /// acc = saved OP acc, dropping the saved value
    case applySaved
    /// acc = OP acc
    case unary
}

/// One instruction: plain words, nothing reference-counted.
struct CompactOp {
    var kind: CompactKind
    var source: CompactSource
    /// The operator (`CompactOperators`), for apply, applySaved and unary.
    var op: UInt8
    /// The argument word the leaf reads.
    var index: UInt8
    /// The constant leaf; for a string key, the string-size limit.
    var constant: Int64
}

/// The operators as small integers (the order of these tables is the encoding).
enum CompactOperators {
    static let binary: [BinaryOperator] = [
        .add, .subtract, .multiply, .divide, .modulo, .bitAnd, .bitOr, .bitXor, .shiftLeft, .shiftRight,
        .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual, .logicalAnd, .logicalOr,
        .lessUnsigned, .lessEqualUnsigned, .greaterUnsigned, .greaterEqualUnsigned, .divideUnsigned,
        .moduloUnsigned, .shiftRightUnsigned,
    ]
    static let unary: [UnaryOperator] = [.negate, .logicalNot, .bitNot, .toInt8, .toUInt8, .toInt16, .toUInt16, .toInt32, .toUInt32]

    /// `l OP r` as ExpressionCompiler's closures compute it (wrap-around, 0/1 for comparisons, faults for `/ 0`, `% 0`).
    @inline(__always)
    static func apply(_ op: UInt8, _ l: Int64, _ r: Int64) throws(ClauseFault) -> Int64 {
        switch op {
        case 0: return l &+ r
        case 1: return l &- r
        case 2: return l &* r
        case 3:
            if r == 0 { throw .divisionByZero }
            return l.dividedReportingOverflow(by: r).partialValue
        case 4:
            if r == 0 { throw .moduloByZero }
            return l.remainderReportingOverflow(dividingBy: r).partialValue
        case 5: return l & r
        case 6: return l | r
        case 7: return l ^ r
        case 8: return l << r
        case 9: return l >> r
        case 10: return l < r ? 1 : 0
        case 11: return l <= r ? 1 : 0
        case 12: return l > r ? 1 : 0
        case 13: return l >= r ? 1 : 0
        case 14: return l == r ? 1 : 0
        case 15: return l != r ? 1 : 0
        case 16: return l != 0 && r != 0 ? 1 : 0
        case 17: return l != 0 || r != 0 ? 1 : 0
        case 18: return UInt64(bitPattern: l) < UInt64(bitPattern: r) ? 1 : 0
        case 19: return UInt64(bitPattern: l) <= UInt64(bitPattern: r) ? 1 : 0
        case 20: return UInt64(bitPattern: l) > UInt64(bitPattern: r) ? 1 : 0
        case 21: return UInt64(bitPattern: l) >= UInt64(bitPattern: r) ? 1 : 0
        case 22:
            if r == 0 { throw .divisionByZero }
            return Int64(bitPattern: UInt64(bitPattern: l) / UInt64(bitPattern: r))
        case 23:
            if r == 0 { throw .moduloByZero }
            return Int64(bitPattern: UInt64(bitPattern: l) % UInt64(bitPattern: r))
        default: return Int64(bitPattern: UInt64(bitPattern: l) >> r)
        }
    }
}

/// A compiled compact expression: its instructions in memory of its own (freed with its owner,
/// ComputedOperands), read by the firing path through a plain pointer. The commonest shapes are run
/// without the loop: `argument OP constant` and a string argument's key.
struct CompactCode {
    /// What runs it: 0 the loop over `ops`; 1 `argument[index] OP constant`; 2 the key of string argument `index`;
    /// 3 nothing (the operand is not compact: `absent`).
    let shape: UInt8
    let op: UInt8
    let index: Int
    /// Shape 1: the constant; shape 2: the string-size limit.
    let constant: Int64
    let ops: UnsafeMutablePointer<CompactOp>
    let count: Int
    /// True when it reads only constants and argument words 0 and 1, so a site plan can run it (ThreadPlans).
    let plannable: Bool

    /// The code of an operand that is not compact.
    static var absent: CompactCode { CompactCode([], shape: 3) }

    /// Whether this is the code of a compact operand.
    var isPresent: Bool { shape != 3 }

    init(_ list: [CompactOp], shape absent: UInt8? = nil) {
        ops = .allocate(capacity: max(1, list.count))
        ops.initialize(from: list, count: list.count)
        count = list.count
        plannable = list.allSatisfy { op in
            switch op.source {
            case .constant, .tid, .timestamp: return true
            case .argument, .stringKey: return op.index < 2
            case .elapsed, .retval: return false
            }
        }
        if let absent {
            (shape, op, index, constant) = (absent, 0, 0, 0)
        } else if list.count == 2, list[0].kind == .load, list[0].source == .argument, list[1].kind == .apply, list[1].source == .constant {
            (shape, op, index, constant) = (1, list[1].op, Int(list[0].index), list[1].constant)
        } else if list.count == 1, list[0].source == .stringKey {
            (shape, op, index, constant) = (2, 0, Int(list[0].index), list[0].constant)
        } else {
            (shape, op, index, constant) = (0, 0, 0, 0)
        }
    }

    func free() { ops.deallocate() }
}

/// Builds compact codes from typed expressions; nil when an expression needs compiled code.
struct CompactCompiler {
    let context: CompilationContext

    /// The compact form of an integer expression, or of a string key (the id of a string argument).
    func compile(_ e: Expression, key: Bool) -> [CompactOp]? {
        if key, e.type == .string {
            guard case .argument(let position, _, let perProbe) = e else { return nil }
            let i = context.position(position, perProbe)
            guard i < context.arguments.count, context.arguments[i].type == .string else { return nil }
            return [CompactOp(kind: .load, source: .stringKey, op: 0, index: UInt8(i), constant: Int64(context.stringLimit))]
        }
        guard e.type == .int else { return nil }
        var ops: [CompactOp] = []
        var depth = 0
        guard emit(e, &ops, &depth), ops.count <= 16 else { return nil }
        return ops
    }

    /// The leaf instruction source of an expression that reads one word and cannot fault, if it is one.
    private func leaf(_ e: Expression) -> (CompactSource, UInt8, Int64)? {
        switch e {
        case .integer(let v): return (.constant, 0, v)
        case .argument(let position, let type, let perProbe):
            guard type == .int else { return nil }
            let i = context.position(position, perProbe)
            guard i < context.arguments.count, context.arguments[i].type != .double, context.arguments[i].type != .string else { return nil }
            return (.argument, UInt8(i), 0)
        case .builtin(.tid) where !context.sampled: return (.tid, 0, 0)
        case .builtin(.timestamp) where !context.sampled: return (.timestamp, 0, 0)
        case .builtin(.elapsed): return (.elapsed, 0, 0)
        case .builtin(.retval): return (.retval, 0, 0)
        case .builtin(.id): return (.constant, 0, context.probeNumber)
        case .builtin(.pid): return (.constant, 0, Int64(getpid()))
        default: return nil
        }
    }

    private func emit(_ e: Expression, _ ops: inout [CompactOp], _ depth: inout Int) -> Bool {
        if let (source, index, constant) = leaf(e) {
            ops.append(CompactOp(kind: .load, source: source, op: 0, index: index, constant: constant))
            return true
        }
        switch e {
        case .unary(let u, let x):
            guard let code = CompactOperators.unary.firstIndex(of: u), emit(x, &ops, &depth) else { return false }
            ops.append(CompactOp(kind: .unary, source: .constant, op: UInt8(code), index: 0, constant: 0))
            return true
        case .binary(let b, let l, let r):
            guard l.type == .int, r.type == .int, let code = CompactOperators.binary.firstIndex(of: b) else { return false }
            guard emit(l, &ops, &depth) else { return false }
            if let (source, index, constant) = leaf(r) {
                ops.append(CompactOp(kind: .apply, source: source, op: UInt8(code), index: index, constant: constant))
                return true
            }
            // `&&` and `||` evaluate their right side only when needed: only a leaf (which cannot fault) is compact.
            guard b != .logicalAnd, b != .logicalOr, depth < 2 else { return false }
            ops.append(CompactOp(kind: .push, source: .constant, op: 0, index: 0, constant: 0))
            depth += 1
            guard emit(r, &ops, &depth) else { return false }
            depth -= 1
            ops.append(CompactOp(kind: .applySaved, source: .constant, op: UInt8(code), index: 0, constant: 0))
            return true
        default:
            return false
        }
    }
}
