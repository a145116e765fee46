import CTraceCore
import Glibc

/// Compiles typed expressions to closures. Integer code never allocates.
struct ExpressionCompiler {
    let context: CompilationContext

    // MARK: integers

    func int(_ e: Expression) -> IntCode {
        switch e {
        case .integer(let v):
            return { _ in v }
        case .argument(let index, _, let perProbe):
            return argumentInt(context.position(index, perProbe))
        case .builtin(let b):
            return builtinInt(b)
        case .global(let slot, _):
            let p = context.program.globalInts + slot
            return { _ in trace_load_relaxed(p) }
        case .threadLocal(let slot, _):
            let program = context.program
            return { f in program.threadLocalInts(f.thread)[slot] }
        case .clauseLocal(let slot, _):
            return { f in f.locals[slot] }
        case .arrayElement(let array, let keys, _):
            let a = context.program.arrays[array]
            let key = arrayKey(keys, size: context.program.spec.arrays[array].size)
            return { f in
                if case .int(let v)? = a.get(try key(f)) { return v }
                return 0
            }
        case .unary(let op, let operand):
            let x = int(operand)
            switch op {
            case .negate: return { f in 0 &- (try x(f)) }
            case .logicalNot: return { f in try x(f) == 0 ? 1 : 0 }
            case .bitNot: return { f in ~(try x(f)) }
            default: return { f in op.apply(try x(f)) }
            }
        case .binary(let op, let l, let r):
            if l.type == .string || r.type == .string { return stringComparison(op, l, r) }
            return binary(op, l, r)
        case .conditional(let c, let a, let b):
            let cc = int(c), ac = int(a), bc = int(b)
            return { f in try cc(f) != 0 ? try ac(f) : try bc(f) }
        case .call(let fn, let args):
            guard fn == .strlen, let s = args.first else { preconditionFailure("\(fn.rawValue)() compiled as an integer; SpecValidator refuses it") }
            let sc = string(s)
            return { f in Int64(try sc(f).utf8.count) }
        case .assignment(let target, let value, let postfix):
            return assignment(target, value, postfix: postfix, read: int(target.storage))
        case .string:
            preconditionFailure("a string literal compiled as an integer; SpecValidator refuses it")
        case .stack(let depth):
            return stackKey(depth: depth)
        case .symbol(let form, let address):
            return symbolKey(form, address)
        }
    }

    /// `target = value` as an expression: stores, then reads back the new value; a postfix form (`x++`)
    /// reads the old value first.
    func assignment<T>(_ target: AssignmentTarget, _ value: Expression, postfix: Bool,
                       read: @escaping (Firing) throws(ClauseFault) -> T) -> (Firing) throws(ClauseFault) -> T {
        let store = StatementCompiler(expressions: self, formatIDs: [:]).assign(target, value)
        if postfix {
            return { f throws(ClauseFault) in
                let old = try read(f)
                try store(f)
                return old
            }
        }
        return { f throws(ClauseFault) in
            try store(f)
            return try read(f)
        }
    }

    private func argumentInt(_ i: Int) -> IntCode {
        if i < context.arguments.count && context.arguments[i].type == .double {
            return { f in
                let d = Double(bitPattern: UInt64(bitPattern: f.frame.pointee.word(i)))
                if d.isNaN { return 0 }
                if d >= 9.2e18 { return Int64.max }
                if d <= -9.2e18 { return Int64.min }
                return Int64(d)
            }
        }
        return { f in f.frame.pointee.word(i) }
    }

    func builtinInt(_ b: BuiltinVariable) -> IntCode {
        switch b {
        case .timestamp where context.sampled, .tid where context.sampled:
            return sampledBuiltin(b)
        case .timestamp: return { _ in trace_timestamp_ns() }
        case .walltimestamp: return { _ in Clock.wallNanoseconds() }
        case .tid: return { f in f.thread.pointee.tid }
        case .pid:
            let pid = Int64(getpid())
            return { _ in pid }
        case .retval: return { f in f.frame.pointee.retval }
        case .elapsed: return { f in f.frame.pointee.elapsed }
        case .caller: return callerAddress()
        case .id:
            let n = context.probeNumber
            return { _ in n }
        case .probeprov, .probemod, .probefunc, .probename, .execname:
            preconditionFailure("string built-in \(b.rawValue) compiled as an integer; SpecValidator refuses it")
        }
    }

    private func binary(_ op: BinaryOperator, _ l: Expression, _ r: Expression) -> IntCode {
        // Fast shapes: `argument OP constant` and `x OP constant` (predicates like /arg0 > 100/).
        if case .integer(let c) = r, comparison(op) != nil {
            var index: Int?
            if case .argument(let position, _, let perProbe) = l {
                let i = context.position(position, perProbe)
                if i < context.arguments.count, context.arguments[i].type != .double { index = i }
            }
            if let i = index {
                // One closure per operator: no comparison closure called through a thunk.
                switch op {
                case .less: return { f in f.frame.pointee.word(i) < c ? 1 : 0 }
                case .lessEqual: return { f in f.frame.pointee.word(i) <= c ? 1 : 0 }
                case .greater: return { f in f.frame.pointee.word(i) > c ? 1 : 0 }
                case .greaterEqual: return { f in f.frame.pointee.word(i) >= c ? 1 : 0 }
                case .equal: return { f in f.frame.pointee.word(i) == c ? 1 : 0 }
                default: return { f in f.frame.pointee.word(i) != c ? 1 : 0 }
                }
            }
            let lc = int(l)
            switch op {
            case .less: return { f in try lc(f) < c ? 1 : 0 }
            case .lessEqual: return { f in try lc(f) <= c ? 1 : 0 }
            case .greater: return { f in try lc(f) > c ? 1 : 0 }
            case .greaterEqual: return { f in try lc(f) >= c ? 1 : 0 }
            case .equal: return { f in try lc(f) == c ? 1 : 0 }
            default: return { f in try lc(f) != c ? 1 : 0 }
            }
        }
        let lc = int(l), rc = int(r)
        switch op {
        case .add: return { f in (try lc(f)) &+ (try rc(f)) }
        case .subtract: return { f in (try lc(f)) &- (try rc(f)) }
        case .multiply: return { f in (try lc(f)) &* (try rc(f)) }
        case .divide:
            return { f throws(ClauseFault) in
                let a = try lc(f), b = try rc(f)
                if b == 0 { throw .divisionByZero }
                return a.dividedReportingOverflow(by: b).partialValue
            }
        case .modulo:
            return { f throws(ClauseFault) in
                let a = try lc(f), b = try rc(f)
                if b == 0 { throw .moduloByZero }
                return a.remainderReportingOverflow(dividingBy: b).partialValue
            }
        case .bitAnd: return { f in (try lc(f)) & (try rc(f)) }
        case .bitOr: return { f in (try lc(f)) | (try rc(f)) }
        case .bitXor: return { f in (try lc(f)) ^ (try rc(f)) }
        case .shiftLeft: return { f in (try lc(f)) << (try rc(f)) }
        case .shiftRight: return { f in (try lc(f)) >> (try rc(f)) }
        case .logicalAnd:
            return { f in
                if try lc(f) == 0 { return 0 }
                return try rc(f) != 0 ? 1 : 0
            }
        case .logicalOr:
            return { f in
                if try lc(f) != 0 { return 1 }
                return try rc(f) != 0 ? 1 : 0
            }
        case .less: return { f in try lc(f) < (try rc(f)) ? 1 : 0 }
        case .lessEqual: return { f in try lc(f) <= (try rc(f)) ? 1 : 0 }
        case .greater: return { f in try lc(f) > (try rc(f)) ? 1 : 0 }
        case .greaterEqual: return { f in try lc(f) >= (try rc(f)) ? 1 : 0 }
        case .equal: return { f in try lc(f) == (try rc(f)) ? 1 : 0 }
        case .notEqual: return { f in try lc(f) != (try rc(f)) ? 1 : 0 }
        case .lessUnsigned: return { f in UInt64(bitPattern: try lc(f)) < UInt64(bitPattern: try rc(f)) ? 1 : 0 }
        case .lessEqualUnsigned: return { f in UInt64(bitPattern: try lc(f)) <= UInt64(bitPattern: try rc(f)) ? 1 : 0 }
        case .greaterUnsigned: return { f in UInt64(bitPattern: try lc(f)) > UInt64(bitPattern: try rc(f)) ? 1 : 0 }
        case .greaterEqualUnsigned: return { f in UInt64(bitPattern: try lc(f)) >= UInt64(bitPattern: try rc(f)) ? 1 : 0 }
        case .divideUnsigned:
            return { f throws(ClauseFault) in
                let a = try lc(f), b = try rc(f)
                if b == 0 { throw .divisionByZero }
                return Int64(bitPattern: UInt64(bitPattern: a) / UInt64(bitPattern: b))
            }
        case .moduloUnsigned:
            return { f throws(ClauseFault) in
                let a = try lc(f), b = try rc(f)
                if b == 0 { throw .moduloByZero }
                return Int64(bitPattern: UInt64(bitPattern: a) % UInt64(bitPattern: b))
            }
        case .shiftRightUnsigned: return { f in Int64(bitPattern: UInt64(bitPattern: try lc(f)) >> (try rc(f))) }
        }
    }

    private func comparison(_ op: BinaryOperator) -> ((Int64, Int64) -> Bool)? {
        switch op {
        case .less: return { $0 < $1 }
        case .lessEqual: return { $0 <= $1 }
        case .greater: return { $0 > $1 }
        case .greaterEqual: return { $0 >= $1 }
        case .equal: return { $0 == $1 }
        case .notEqual: return { $0 != $1 }
        default: return nil
        }
    }

    private func stringComparison(_ op: BinaryOperator, _ l: Expression, _ r: Expression) -> IntCode {
        let lc = string(l), rc = string(r)
        switch op {
        case .equal: return { f in try lc(f) == (try rc(f)) ? 1 : 0 }
        case .notEqual: return { f in try lc(f) != (try rc(f)) ? 1 : 0 }
        case .less: return { f in try lc(f) < (try rc(f)) ? 1 : 0 }
        case .lessEqual: return { f in try lc(f) <= (try rc(f)) ? 1 : 0 }
        case .greater: return { f in try lc(f) > (try rc(f)) ? 1 : 0 }
        case .greaterEqual: return { f in try lc(f) >= (try rc(f)) ? 1 : 0 }
        default: preconditionFailure("operator \(op.rawValue) on strings; SpecValidator refuses it")
        }
    }
}
