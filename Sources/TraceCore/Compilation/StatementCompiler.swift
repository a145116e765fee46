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
        case .printa(let format?, let indices, false) where indices.count > 1:
            // Several aggregations joined by key: rendered here, once, as one text record.
            let aggregations = indices.map { context.program.aggregations[$0] }
            let program = context.program.name, order = context.program.spec.aggregationOrder
            guard let parsed = try? PrintfFormat.parse(format, allowAggregationValue: true) else {
                preconditionFailure("printa format compiled unchecked; the checker refuses it")
            }
            return { _ in
                for a in aggregations { a.printed.store(true, ordering: .relaxed) }
                let text = PrintaJoin.render(aggregations.map { $0.snapshot() }, format: parsed, order: order)
                OutputCollector.shared.enqueue(OutputRecord(program: program, kind: .text(text), ticks: trace_rdtsc()))
            }
        case .printa(let format, let indices, let withName):
            let aggregations = indices.map { context.program.aggregations[$0] }
            let program = context.program.name, order = context.program.spec.aggregationOrder
            return { _ in
                for a in aggregations {
                    a.printed.store(true, ordering: .relaxed)
                    var snapshot = a.snapshot()
                    snapshot.order = order
                    OutputCollector.shared.enqueue(OutputRecord(program: program,
                        kind: .aggregation(snapshot, format: format, withName: withName), ticks: trace_rdtsc()))
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
        case .exitWith(let status):
            let program = context.program
            let code = expressions.int(status)
            return { f in
                let value = try code(f)
                if program.markExited(status: value) {
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

    /// Code that stores `value` in `target`.
    func assign(_ target: AssignmentTarget, _ value: Expression) -> ActionCode {
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
            return { f in program.threadLocalInts(f.thread)[slot] = try v(f) }
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
        case .global(_, .stack), .threadLocal(_, .stack), .clauseLocal(_, .stack),
             .global(_, .symbol), .threadLocal(_, .symbol), .clauseLocal(_, .symbol):
            preconditionFailure("a stack or symbol assigned to a variable; the checker allows them only as keys and printed values")
        case .arrayElement(let index, let keys, let type):
            let a = program.arrays[index]
            let size = program.spec.arrays[index].size
            let key = expressions.arrayKey(keys, size: size)
            // A declared-size array holds all its elements, whatever the entry limit.
            let limit = size ?? TraceLimits.get().arrayEntries
            if type == .int {
                let v = expressions.int(value)
                return { f in
                    if let refused = a.set(try key(f), .int(try v(f)), limit: limit) { program.countDrop(refused) }
                }
            }
            let v = expressions.string(value)
            return { f in
                if let refused = a.set(try key(f), .string(try v(f)), limit: limit) { program.countDrop(refused) }
            }
        }
    }
}
