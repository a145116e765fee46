import CTraceCore

// printf and trace: records appended to the firing thread's ring.

extension StatementCompiler {
    /// Appends a printf/trace record to the thread's ring; a full ring drops it (counted).
    func record(formatID: Int64, _ arguments: [Expression]) -> ActionCode {
        let program = context.program
        let limit = context.stringLimit
        let collector = OutputCollector.shared
        if arguments.count <= 3 && arguments.allSatisfy({ $0.type == .int }) {
            // Up to three integers: evaluated into locals, no array of closures on the firing path.
            // Positions past `n` evaluate a constant that is never stored.
            let n = arguments.count
            let zero: IntCode = { _ in 0 }
            let a = n > 0 ? expressions.int(arguments[0]) : zero
            let b = n > 1 ? expressions.int(arguments[1]) : zero
            let c = n > 2 ? expressions.int(arguments[2]) : zero
            return { f throws(ClauseFault) in
                let values = (try a(f), try b(f), try c(f))
                let stored = collector.withRing(f.thread) { (ring: TraceRing) -> Bool in
                    ring.appendInts(formatID: formatID, count: n) { i in i == 0 ? values.0 : i == 1 ? values.1 : values.2 }
                }
                if !stored { program.countDrop(.traceBuffer) }
            }
        }
        enum Part { case int(IntCode), string(StringCode), raw(StackRecords.WordsCode) }
        let parts: [Part] = arguments.map { e in
            if let raw = StackRecords.words(e, expressions) { return .raw(raw) }
            return e.type == .int ? .int(expressions.int(e)) : .string(expressions.string(e))
        }
        return { f throws(ClauseFault) in
            var ints: [Int64] = []
            var strings: [[UInt8]] = []
            var raws: [[Int64]] = []
            var length: Int64 = 4
            for part in parts {
                switch part {
                case .raw(let c):
                    let words = try c(f)
                    raws.append(words)
                    length += Int64(words.count)
                case .int(let c):
                    ints.append(try c(f))
                    length += 2
                case .string(let c):
                    var s = try c(f)
                    if s.utf8.count > limit { s = ExpressionCompiler.truncate(s, to: limit) }
                    let bytes = Array(s.utf8)
                    strings.append(bytes)
                    length += 2 + Int64((bytes.count + 7) / 8)
                }
            }
            collector.withRing(f.thread) { (ring: TraceRing) in
            guard let p = ring.reserve(Int(length)) else { program.countDrop(.traceBuffer); return }
            ring.put(p, length | (OutputCollector.kindText << 32))
            ring.put(p + 1, formatID)
            ring.put(p + 2, Int64(bitPattern: trace_rdtsc()))
            ring.put(p + 3, Int64(parts.count))
            var q = p + 4
            var ii = 0, si = 0, ri = 0
            for part in parts {
                switch part {
                case .raw:
                    for w in raws[ri] {
                        ring.put(q, w)
                        q += 1
                    }
                    ri += 1
                case .int:
                    ring.put(q, 0)
                    ring.put(q + 1, ints[ii])
                    ii += 1
                    q += 2
                case .string:
                    let bytes = strings[si]
                    si += 1
                    ring.put(q, 1)
                    ring.put(q + 1, Int64(bytes.count))
                    q += 2
                    var w = 0
                    while w * 8 < bytes.count {
                        var word: UInt64 = 0
                        for b in 0..<8 where w * 8 + b < bytes.count {
                            word |= UInt64(bytes[w * 8 + b]) << (8 * UInt64(b))
                        }
                        ring.put(q, Int64(bitPattern: word))
                        q += 1
                        w += 1
                    }
                }
            }
            ring.commit(q)
            }
        }
    }
}

extension StatementCompiler {
    /// The plan form of a clause at a declared probe that is one `printf` (or `trace`) of at most three integers, each
    /// an argument, `retval`, `elapsed` or a constant, behind no predicate or an `argument OP constant` one; else nil.
    func printfPlan(_ clause: ClauseSpec) -> PrintfPlan? {
        guard context.probe != nil, !context.sampled, clause.clauseLocals.isEmpty, clause.body.count == 1 else { return nil }
        let key: String, arguments: [Expression]
        switch clause.body[0] {
        case .printf(let format, let list): (key, arguments) = ("printf:" + format, list)
        case .trace(let e): (key, arguments) = ("trace", [e])
        default: return nil
        }
        guard let formatID = formatIDs[key], arguments.count <= 3, arguments.allSatisfy({ $0.type == .int }) else { return nil }
        let comparison = DirectAggregate.comparison(clause.predicate, expressions)
        if clause.predicate != nil && comparison == nil { return nil }
        var values: [(source: Int, constant: Int64)] = []
        for e in arguments {
            let source: UInt8?
            switch e {
            case .integer(let c):
                values.append((-1, c))
                continue
            case .builtin(.elapsed): source = PlanSources.elapsed
            case .builtin(.retval): source = PlanSources.retval
            default: source = DirectAggregate.integerArgument(e, expressions).flatMap { PlanSources.source(.argument, $0) }
            }
            guard let source else { return nil }
            values.append((Int(source), 0))
        }
        return PrintfPlan(formatID: formatID, values: values, comparison: comparison, program: context.program)
    }
}
