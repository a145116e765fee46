import CTraceCore

// Key words of aggregations and associative arrays.

extension ExpressionCompiler {
    /// A key component as a word: integers as themselves, strings as ids in the program's string keys
    /// (constant names folded at definition, so `@[probefunc]` hashes no string per firing).
    /// The key word of an expression that is the same at every firing of this probe, if it is one.
    /// A string fixed at definition is pinned in the program's string keys (nil if the table refused it).
    func constantKeyWord(_ e: Expression) -> Int64? {
        let n = context.names
        let strings = context.program.strings
        switch e {
        case .integer(let v): return v
        case .string(let s): return strings.pin(s)
        case .builtin(.probeprov): return strings.pin(n.0)
        case .builtin(.probemod): return strings.pin(n.1)
        case .builtin(.probefunc): return strings.pin(n.2)
        case .builtin(.probename): return strings.pin(n.3)
        default: return nil
        }
    }

    func keyWord(_ e: Expression) -> IntCode {
        if e.type == .int || e.type == .stack || e.type == .symbol { return int(e) }
        if let id = constantKeyWord(e) { return { _ in id } }
        // Computed at each firing (or a constant the string table refused at definition: dropped at each firing).
        let sc = string(e)
        let program = context.program
        return { f throws(ClauseFault) in try program.internKey(try sc(f), f.thread) }
    }

    /// The key of `name[keys]`; for a declared-size array (`size`), its one index, checked to be in range.
    func arrayKey(_ keys: [Expression], size: Int? = nil) -> (Firing) throws(ClauseFault) -> ArrayKey {
        if let size, let index = keys.first {
            let ic = int(index)
            return { f throws(ClauseFault) in
                let i = try ic(f)
                if i < 0 || i >= Int64(size) { throw .indexOutOfRange(index: i, size: size) }
                var k = ArrayKey()
                k[0] = i
                return k
            }
        }
        let words = keys.prefix(8).map { keyWord($0) }
        return { f throws(ClauseFault) in
            var k = ArrayKey()
            for (i, w) in words.enumerated() { k[i] = try w(f) }
            return k
        }
    }
}
