import CTraceCore
import Foundation
import Glibc

/// Where a clause is being lowered: the probe's names and argument layout, the program's storage.
struct LoweringContext {
    let program: ProgramInstance
    /// provider, module, function, name of the probe (specials: "dtrace", "", "", "BEGIN"…).
    let names: (String, String, String, String)
    /// Interned ids of `names`.
    let internedNames: (Int64, Int64, Int64, Int64)
    /// The probe's arguments.
    let arguments: [ArgumentDeclaration]
    let stringLimit: Int

    init(program: ProgramInstance, site: ProbeSite) {
        self.program = program
        names = (site.provider, site.module, site.function, site.name)
        internedNames = site.internedNames
        arguments = site.arguments
        stringLimit = TraceLimits.get().stringSize
    }

    init(program: ProgramInstance, special: (String, String, String, String), arguments: [ArgumentDeclaration]) {
        self.program = program
        names = special
        let i = StringInterner.shared
        internedNames = (i.intern(special.0), i.intern(special.1), i.intern(special.2), i.intern(special.3))
        self.arguments = arguments
        stringLimit = TraceLimits.get().stringSize
    }
}

/// Reads the string stashed for argument word `word` of the current firing.
@inline(never)
func stashedString(_ t: UnsafeMutablePointer<trace_thread>, _ word: Int64) -> String {
    ThreadRegistry.extras(t).pointee.stashed(word)
}

/// Lowers typed expressions to closures. Integer code never allocates.
struct ExpressionCompiler {
    let context: LoweringContext

    // MARK: integers

    func int(_ e: Expression) -> IntCode {
        switch e {
        case .integer(let v):
            return { _ in v }
        case .argument(let name, _):
            guard let i = context.arguments.firstIndex(where: { $0.name == name }) else { return { _ in 0 } }
            return argumentInt(i)
        case .argumentAt(let i, _):
            return argumentInt(i)
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
            if fn == .strlen, let s = args.first {
                let sc = string(s)
                return { f in Int64(try sc(f).utf8.count) }
            }
            return { _ in 0 }
        case .string:
            return { _ in 0 }
        }
    }

    private func argumentInt(_ i: Int) -> IntCode {
        guard i >= 0 && i < 10 else { return { _ in 0 } }
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
        default: return { _ in 0 }
        }
    }

    private func binary(_ op: BinaryOperator, _ l: Expression, _ r: Expression) -> IntCode {
        // Fast shapes: `argument OP constant` and `x OP constant` (predicates like /arg0 > 100/).
        if case .integer(let c) = r, comparison(op) != nil {
            var index: Int?
            if case .argumentAt(let i, _) = l, i < context.arguments.count, context.arguments[i].type != .double { index = i }
            if case .argument(let name, _) = l, let i = context.arguments.firstIndex(where: { $0.name == name }),
               context.arguments[i].type != .double { index = i }
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
        default: return { _ in 0 }
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
        case .argument(let name, _):
            guard let i = context.arguments.firstIndex(where: { $0.name == name }) else { return { _ in "" } }
            return argumentString(i)
        case .argumentAt(let i, _):
            return argumentString(i)
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
            return { f in
                slot < ThreadScratch.localCapacity ? ThreadRegistry.extras(f.thread).pointee.locals[slot] : ""
            }
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
        guard i >= 0 && i < 10 else { return { _ in "" } }
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
        switch fn {
        case .str:
            let ic = args.first.map { int($0) } ?? { _ in 0 }
            return { f in String(try ic(f)) }
        case .strjoin:
            let a = args.count > 0 ? string(args[0]) : { _ in "" }
            let b = args.count > 1 ? string(args[1]) : { _ in "" }
            return { f throws(ClauseFault) in
                let s = (try a(f)) + (try b(f))
                if s.utf8.count > limit { throw .stringTooLong(limit: limit) }
                return s
            }
        case .strstr:
            let a = args.count > 0 ? string(args[0]) : { _ in "" }
            let b = args.count > 1 ? string(args[1]) : { _ in "" }
            return { f in
                let s = try a(f), t = try b(f)
                if t.isEmpty { return s }
                guard let r = s.range(of: t) else { return "" }
                return String(s[r.lowerBound...])
            }
        case .substr:
            let s = args.count > 0 ? string(args[0]) : { _ in "" }
            let start = args.count > 1 ? int(args[1]) : { _ in 0 }
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
