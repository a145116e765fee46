import CTraceCore
import Foundation

// String-valued expressions: arguments, built-ins, variables and the string functions.

/// Reads the string stashed for argument word `word` of the current firing.
@inline(never)
func stashedString(_ t: UnsafeMutablePointer<trace_thread>, _ word: Int64) -> String {
    ThreadRegistry.extras(t).pointee.stashed(word)
}

extension ExpressionCompiler {
    func string(_ e: Expression) -> StringCode {
        let limit = context.stringLimit
        switch e {
        case .string(let s):
            return { _ in s }
        case .stack, .symbol:
            preconditionFailure("a stack or symbol compiled as a string; the checker allows it only as a key or a printed value")
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
            let key = arrayKey(keys, size: context.program.spec.arrays[array].size)
            return { f in
                if case .string(let s)? = a.get(try key(f)) { return s }
                return ""
            }
        case .conditional(let c, let a, let b):
            let cc = int(c), ac = string(a), bc = string(b)
            return { f in try cc(f) != 0 ? try ac(f) : try bc(f) }
        case .call(let fn, let args):
            return call(fn, args, limit: limit)
        case .assignment(let target, let value, let postfix) where target.storage.type == .string:
            return assignment(target, value, postfix: postfix, read: string(target.storage))
        case .unary, .binary, .assignment:
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

    /// The process name, as `execname` reads it.
    static let execname: String = {
        if let name = CommandLine.arguments.first?.split(separator: "/").last { return String(name) }
        return "unknown"
    }()
}
