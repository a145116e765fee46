import CTraceCore
import Glibc

/// Reads the string stashed for argument word `word` of the current firing.
@inline(never)
func stashedString(_ t: UnsafeMutablePointer<trace_thread>, _ word: Int64) -> String {
    ThreadRegistry.extras(t).pointee.stashed(word)
}

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
            return { f in program.threadLocalStore(f.thread).ints[slot] }
        case .clauseLocal(let slot, _):
            return { f in f.locals[slot] }
        case .arrayElement(let array, let keys, _):
            let a = context.program.arrays[array]
            let key = arrayKey(keys)
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
        case .string:
            preconditionFailure("a string literal compiled as an integer; SpecValidator refuses it")
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

    private func builtinInt(_ b: BuiltinVariable) -> IntCode {
        switch b {
        case .timestamp: return { _ in trace_monotonic_ns() }
        case .walltimestamp: return { _ in Clock.wallNanoseconds() }
        case .tid: return { f in f.thread.pointee.tid }
        case .pid:
            let pid = Int64(getpid())
            return { _ in pid }
        case .retval: return { f in f.frame.pointee.retval }
        case .elapsed: return { f in f.frame.pointee.elapsed }
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

    // MARK: strings

    func string(_ e: Expression) -> StringCode {
        let limit = context.stringLimit
        switch e {
        case .string(let s):
            return { _ in s }
        case .integer(let v):
            let s = String(v)
            return { _ in s }
        case .argument(let index, _, let perProbe):
            return argumentString(context.position(index, perProbe))
        case .builtin(let b):
            let n = context.names
            let constant: String
            switch b {
            case .probeprov: constant = n.0
            case .probemod: constant = n.1
            case .probefunc: constant = n.2
            case .probename: constant = n.3
            case .execname: constant = ExpressionCompiler.execname
            default:
                let ic = builtinInt(b)
                return { f in String(try ic(f)) }
            }
            return { _ in constant }
        case .global(let slot, _):
            let program = context.program
            return { _ in program.globalStrings.withLock { $0[slot] } }
        case .threadLocal(let slot, _):
            let program = context.program
            return { f in program.threadLocalStore(f.thread).strings[slot] }
        case .clauseLocal(let slot, _):
            precondition(slot < ThreadScratch.localCapacity, "this-> slot \(slot) beyond the thread's scratch; SpecValidator refuses it")
            return { f in ThreadRegistry.extras(f.thread).pointee.locals[slot] }
        case .arrayElement(let array, let keys, _):
            let a = context.program.arrays[array]
            let key = arrayKey(keys)
            return { f in
                if case .string(let s)? = a.get(try key(f)) { return s }
                return ""
            }
        case .conditional(let c, let a, let b):
            let cc = int(c), ac = string(a), bc = string(b)
            return { f in try cc(f) != 0 ? try ac(f) : try bc(f) }
        case .call(let fn, let args):
            return call(fn, args, limit: limit)
        case .unary, .binary:
            let ic = int(e)
            return { f in String(try ic(f)) }
        }
    }

    private func argumentString(_ i: Int) -> StringCode {
        if i < context.arguments.count && context.arguments[i].type == .string {
            let limit = context.stringLimit
            return { f in
                let s = stashedString(f.thread, f.frame.pointee.word(i))
                return s.utf8.count <= limit ? s : ExpressionCompiler.truncate(s, to: limit)
            }
        }
        return { f in String(f.frame.pointee.word(i)) }
    }

    static func truncate(_ s: String, to limit: Int) -> String {
        var bytes = Array(s.utf8.prefix(limit))
        while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
        if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func call(_ fn: StringFunction, _ args: [Expression], limit: Int) -> StringCode {
        precondition(fn.accepts(args), "\(fn.rawValue)() with arguments that do not fit it; SpecValidator refuses them")
        switch fn {
        case .str:
            let ic = int(args[0])
            return { f in String(try ic(f)) }
        case .strjoin:
            let a = string(args[0]), b = string(args[1])
            return { f throws(ClauseFault) in
                let s = (try a(f)) + (try b(f))
                if s.utf8.count > limit { throw .stringTooLong(limit: limit) }
                return s
            }
        case .strstr:
            let a = string(args[0]), b = string(args[1])
            return { f in
                let s = try a(f), t = try b(f)
                if t.isEmpty { return s }
                guard let r = s.range(of: t) else { return "" }
                return String(s[r.lowerBound...])
            }
        case .substr:
            let s = string(args[0]), start = int(args[1])
            let length: IntCode? = args.count > 2 ? int(args[2]) : nil
            return { f in
                let chars = Array(try s(f))
                var i = Int(clamping: try start(f))
                if i < 0 { i = Swift.max(0, chars.count + i) }
                if i >= chars.count { return "" }
                var n = chars.count - i
                if let length { n = Swift.max(0, Swift.min(n, Int(clamping: try length(f)))) }
                return String(chars[i..<(i + n)])
            }
        case .strlen:
            let ic = int(.call(.strlen, args))
            return { f in String(try ic(f)) }
        }
    }

    // MARK: keys

    /// A key component as a word: integers as themselves, strings as interned ids
    /// (constant names folded at definition, so `@[probefunc]` hashes no string per firing).
    /// The key word of an expression that is the same at every firing of this probe, if it is one.
    func constantKeyWord(_ e: Expression) -> Int64? {
        let n = context.internedNames
        switch e {
        case .integer(let v): return v
        case .string(let s): return StringInterner.shared.intern(s)
        case .builtin(.probeprov): return n.0
        case .builtin(.probemod): return n.1
        case .builtin(.probefunc): return n.2
        case .builtin(.probename): return n.3
        default: return nil
        }
    }

    func keyWord(_ e: Expression) -> IntCode {
        if e.type == .int { return int(e) }
        let n = context.internedNames
        switch e {
        case .builtin(.probeprov): return { _ in n.0 }
        case .builtin(.probemod): return { _ in n.1 }
        case .builtin(.probefunc): return { _ in n.2 }
        case .builtin(.probename): return { _ in n.3 }
        case .string(let s):
            let id = StringInterner.shared.intern(s)
            return { _ in id }
        default:
            let sc = string(e)
            return { f throws(ClauseFault) in
                let id = ThreadRegistry.extras(f.thread).pointee.intern(try sc(f))
                if id < 0 { throw .stringTableFull(limit: StringInterner.capacity) }
                return id
            }
        }
    }

    func arrayKey(_ keys: [Expression]) -> (Firing) throws(ClauseFault) -> ArrayKey {
        let words = keys.prefix(8).map { keyWord($0) }
        return { f throws(ClauseFault) in
            var k = ArrayKey()
            for (i, w) in words.enumerated() { k[i] = try w(f) }
            return k
        }
    }

    static let execname: String = {
        if let name = CommandLine.arguments.first?.split(separator: "/").last { return String(name) }
        return "unknown"
    }()
}
