import CTraceCore

/// Compiles statements to closures. Aggregations write the firing thread's shard with relaxed
/// single-writer stores; printf appends to the thread's ring; nothing takes a lock on those paths.
struct StatementCompiler {
    let expressions: ExpressionCompiler
    let formatIDs: [String: Int64]
    var context: CompilationContext { expressions.context }

    func block(_ statements: [Statement]) -> ActionCode {
        // Chained pairwise: no array of closures (whose elements would need reabstraction thunks).
        guard var code = statements.last.map({ statement($0) }) else { return { _ in } }
        for s in statements.dropLast().reversed() {
            let first = statement(s), rest = code
            code = { (f: Firing) throws(ClauseFault) in try first(f); try rest(f) }
        }
        return code
    }

    func statement(_ s: Statement) -> ActionCode {
        switch s {
        case .assign(let target, let value):
            return assign(target, value)
        case .aggregate(let index, let keys, let arguments):
            return aggregate(context.program.aggregations[index], keys, arguments)
        case .printf(let format, let arguments):
            return record(formatID: formatID("printf:" + format), arguments)
        case .trace(let e):
            return record(formatID: formatID("trace"), [e])
        case .printa(let format, let indices, let withName):
            let aggregations = indices.map { context.program.aggregations[$0] }
            let program = context.program.name
            return { _ in
                for a in aggregations {
                    OutputCollector.shared.enqueue(OutputRecord(program: program,
                        kind: .aggregation(a.snapshot(), format: format, withName: withName), ticks: trace_rdtsc()))
                }
            }
        case .clear(let index):
            let a = context.program.aggregations[index]
            return { _ in a.clear() }
        case .trunc(let index, let keep):
            let a = context.program.aggregations[index]
            let k = keep.map { expressions.int($0) }
            return { f in a.trunc(keep: Int(clamping: try k?(f) ?? 0)) }
        case .exit:
            let program = context.program
            return { _ in
                if program.markExited() {
                    TraceRuntime.shared.requestExit(program)
                }
            }
        case .ifElse(let condition, let then, let otherwise):
            let c = expressions.int(condition), a = block(then), b = block(otherwise)
            return { f in if try c(f) != 0 { try a(f) } else { try b(f) } }
        }
    }

    /// The output format registered for a printf or trace statement before any clause was compiled.
    private func formatID(_ key: String) -> Int64 {
        guard let id = formatIDs[key] else { preconditionFailure("format \(key) compiled before it was registered") }
        return id
    }

    private func assign(_ target: AssignmentTarget, _ value: Expression) -> ActionCode {
        let program = context.program
        switch target {
        case .global(let slot, .int):
            let v = expressions.int(value), p = program.globalInts + slot
            return { f in trace_store_relaxed(p, try v(f)) }
        case .global(let slot, .string):
            let v = expressions.string(value)
            return { f in
                let s = try v(f)
                program.globalStrings.withLock { $0[slot] = s }
            }
        case .threadLocal(let slot, .int):
            let v = expressions.int(value)
            return { f in program.threadLocalStore(f.thread).ints[slot] = try v(f) }
        case .threadLocal(let slot, .string):
            let v = expressions.string(value)
            return { f in program.threadLocalStore(f.thread).strings[slot] = try v(f) }
        case .clauseLocal(let slot, .int):
            let v = expressions.int(value)
            return { f in f.locals[slot] = try v(f) }
        case .clauseLocal(let slot, .string):
            precondition(slot < ThreadScratch.localCapacity, "this-> slot \(slot) beyond the thread's scratch; SpecValidator refuses it")
            let v = expressions.string(value)
            return { f in
                let s = try v(f)
                ThreadRegistry.extras(f.thread).pointee.locals[slot] = s
            }
        case .arrayElement(let index, let keys, let type):
            let a = program.arrays[index]
            let key = expressions.arrayKey(keys)
            let limit = TraceLimits.get().arrayEntries
            if type == .int {
                let v = expressions.int(value)
                return { f in
                    if !a.set(try key(f), .int(try v(f)), limit: limit) { program.countDrop(.arrayEntries) }
                }
            }
            let v = expressions.string(value)
            return { f in
                if !a.set(try key(f), .string(try v(f)), limit: limit) { program.countDrop(.arrayEntries) }
            }
        }
    }

    // MARK: aggregations

    private func aggregate(_ agg: Aggregation, _ keys: [Expression], _ arguments: [Expression]) -> ActionCode {
        let program = context.program
        let update = updater(agg, arguments)
        switch keys.count {
        case 0:
            if agg.declaration.function == .count {
                // The commonest shape, `@n = count()`, in one closure.
                return { f in
                    var none: Int64 = 0
                    let v = withUnsafePointer(to: &none) { agg.values(f.thread, key: $0) }
                    guard let v else { program.countDrop(.aggregationKeys); return }
                    trace_add_relaxed(v, 1)
                }
            }
            return { f in
                var none: Int64 = 0
                let v = withUnsafePointer(to: &none) { agg.values(f.thread, key: $0) }
                guard let v else { program.countDrop(.aggregationKeys); return }
                try update(v, f)
            }
        case 1:
            if let constant = expressions.constantKeyWord(keys[0]) {
                // `@[probefunc] = count()`: the key is fixed for this probe; no closure computes it.
                if agg.declaration.function == .count {
                    return { f in
                        var key = constant
                        let v = withUnsafePointer(to: &key) { agg.values(f.thread, key: $0) }
                        guard let v else { program.countDrop(.aggregationKeys); return }
                        trace_add_relaxed(v, 1)
                    }
                }
                return { f in
                    var key = constant
                    let v = withUnsafePointer(to: &key) { agg.values(f.thread, key: $0) }
                    guard let v else { program.countDrop(.aggregationKeys); return }
                    try update(v, f)
                }
            }
            let k0 = expressions.keyWord(keys[0])
            if agg.declaration.function == .count {
                return { f in
                    var key = try k0(f)
                    let v = withUnsafePointer(to: &key) { agg.values(f.thread, key: $0) }
                    guard let v else { program.countDrop(.aggregationKeys); return }
                    trace_add_relaxed(v, 1)
                }
            }
            return { f in
                var key = try k0(f)
                let v = withUnsafePointer(to: &key) { agg.values(f.thread, key: $0) }
                guard let v else { program.countDrop(.aggregationKeys); return }
                try update(v, f)
            }
        default:
            let words = keys.prefix(8).map { expressions.keyWord($0) }
            let n = words.count
            return { f throws(ClauseFault) in
                var key = ArrayKey()
                for i in 0..<n { key[i] = try words[i](f) }
                let v = withUnsafePointer(to: &key) {
                    agg.values(f.thread, key: UnsafeRawPointer($0).assumingMemoryBound(to: Int64.self))
                }
                guard let v else { program.countDrop(.aggregationKeys); return }
                try update(v, f)
            }
        }
    }

    /// The value update of an aggregation function on the shard's value words.
    private func updater(_ agg: Aggregation, _ arguments: [Expression]) -> (UnsafeMutablePointer<Int64>, Firing) throws(ClauseFault) -> Void {
        let function = agg.declaration.function
        /// The aggregated value: every function but count() has exactly one.
        func value() -> IntCode {
            guard arguments.count == 1 else { preconditionFailure("\(function.name)() with \(arguments.count) values; SpecValidator refuses it") }
            return expressions.int(arguments[0])
        }
        switch function {
        case .count:
            return { v, _ in trace_add_relaxed(v, 1) }
        case .sum:
            let x = value()
            return { v, f in trace_add_relaxed(v, try x(f)) }
        case .avg:
            let x = value()
            return { v, f in
                let value = try x(f)
                trace_add_relaxed(v, 1)
                trace_add_relaxed(v + 1, value)
            }
        case .min:
            let x = value()
            return { v, f in
                let value = try x(f)
                if v[0] == 0 || value < v[1] { trace_store_relaxed(v + 1, value) }
                trace_add_relaxed(v, 1)
            }
        case .max:
            let x = value()
            return { v, f in
                let value = try x(f)
                if v[0] == 0 || value > v[1] { trace_store_relaxed(v + 1, value) }
                trace_add_relaxed(v, 1)
            }
        case .stddev:
            let x = value()
            return { v, f in
                let value = try x(f)
                trace_add_relaxed(v, 1)
                trace_add_relaxed(v + 1, value)
                let q = Double(bitPattern: UInt64(bitPattern: v[2])) + Double(value) * Double(value)
                trace_store_relaxed(v + 2, Int64(bitPattern: q.bitPattern))
            }
        case .quantize:
            let x = value()
            return { v, f in trace_add_relaxed(v + HistogramLayout.quantizeBucket(try x(f)), 1) }
        case .lquantize, .llquantize:
            let x = value()
            guard let layout = agg.layout else { preconditionFailure("\(function.name) without its bucket layout") }
            return { v, f in trace_add_relaxed(v + layout.bucket(of: try x(f)), 1) }
        }
    }

    // MARK: trace records

    /// Appends a printf/trace record to the thread's ring; a full ring drops it (counted).
    private func record(formatID: Int64, _ arguments: [Expression]) -> ActionCode {
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
            let length = Int64(4 + 2 * n)
            return { f throws(ClauseFault) in
                let values = (try a(f), try b(f), try c(f))
                let stored = collector.withRing(f.thread) { (ring: TraceRing) -> Bool in
                    guard let p = ring.reserve(Int(length)) else { return false }
                    ring.put(p, length | (OutputCollector.kindText << 32))
                    ring.put(p + 1, formatID)
                    ring.put(p + 2, Int64(bitPattern: trace_rdtsc()))
                    ring.put(p + 3, Int64(n))
                    if n > 0 { ring.put(p + 4, 0); ring.put(p + 5, values.0) }
                    if n > 1 { ring.put(p + 6, 0); ring.put(p + 7, values.1) }
                    if n > 2 { ring.put(p + 8, 0); ring.put(p + 9, values.2) }
                    ring.commit(p + length)
                    return true
                }
                if !stored { program.countDrop(.traceBuffer) }
            }
        }
        enum Part { case int(IntCode), string(StringCode) }
        let parts: [Part] = arguments.map { $0.type == .int ? .int(expressions.int($0)) : .string(expressions.string($0)) }
        return { f throws(ClauseFault) in
            var ints: [Int64] = []
            var strings: [[UInt8]] = []
            var length: Int64 = 4
            for part in parts {
                switch part {
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
            var ii = 0, si = 0
            for part in parts {
                switch part {
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
