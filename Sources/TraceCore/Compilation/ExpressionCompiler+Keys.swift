import CTraceCore

// Key words of aggregations and associative arrays.

extension ExpressionCompiler {
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
        if e.type == .int || e.type == .stack || e.type == .symbol { return int(e) }
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
}
