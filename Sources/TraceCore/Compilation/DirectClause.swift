import CTraceCore

// The commonest clause shapes, run without the body's compiled closures: a body that is one
// count/sum/avg/min/max/quantize, keyed by at most one expression, after at most a predicate. Words
// the shape reads straight from the frame (an argument, `elapsed`, `retval`, a constant) cost a load;
// anything else is one compiled closure.

/// Where a direct clause takes a word from.
enum DirectOperand {
    case none
    case constant(Int64)
    /// An integer (not Double) argument's word.
    case argument(Int)
    case elapsed
    case retval
    /// Compiled code: a computed key (an interned id for a string) or value.
    case code(IntCode)

    /// The word for this firing.
    @inline(__always)
    func word(_ fp: UnsafeMutablePointer<ProbeFrame>, _ t: UnsafeMutablePointer<trace_thread>) throws(ClauseFault) -> Int64 {
        switch self {
        case .none: return 0
        case .constant(let c): return c
        case .argument(let i): return UnsafeRawPointer(fp).load(fromByteOffset: i &* 8, as: Int64.self)
        case .elapsed: return fp.pointee.elapsed
        case .retval: return fp.pointee.retval
        case .code(let code):
            return try code(Firing(frame: fp, thread: t, locals: UnsafeMutableRawPointer(fp).assumingMemoryBound(to: Int64.self)))
        }
    }
}

/// The aggregating functions a direct clause updates in place.
enum DirectFunction {
    case count, sum, avg, min, max, quantize
}

/// A predicate of the form `argument OP constant`, compared without compiled code.
struct DirectComparison {
    let argument: Int
    let op: BinaryOperator
    let constant: Int64

    @inline(__always)
    func passes(_ fp: UnsafeMutablePointer<ProbeFrame>) -> Bool {
        let w = UnsafeRawPointer(fp).load(fromByteOffset: argument &* 8, as: Int64.self)
        switch op {
        case .less: return w < constant
        case .lessEqual: return w <= constant
        case .greater: return w > constant
        case .greaterEqual: return w >= constant
        case .equal: return w == constant
        default: return w != constant
        }
    }
}

/// One clause's direct form: the aggregation, its function, key and value.
struct DirectAggregate {
    /// Unretained: the program (held strongly by the clause) owns its aggregations; a strong
    /// reference here would cost a retain/release pair on every firing.
    let aggregation: Unmanaged<Aggregation>
    let function: DirectFunction
    let key: DirectOperand
    let value: DirectOperand
    /// nil: no predicate, or one run as compiled code (`CompiledClause.predicate`).
    let comparison: DirectComparison?

    /// Adds one firing's value to the value words of its key.
    @inline(__always)
    func update(_ v: UnsafeMutablePointer<Int64>, _ x: Int64) {
        switch function {
        case .count:
            trace_add_relaxed(v, 1)
        case .sum:
            trace_add_relaxed(v, x)
        case .avg:
            trace_add_relaxed(v, 1)
            trace_add_relaxed(v + 1, x)
        case .min:
            if v[0] == 0 || x < v[1] { trace_store_relaxed(v + 1, x) }
            trace_add_relaxed(v, 1)
        case .max:
            if v[0] == 0 || x > v[1] { trace_store_relaxed(v + 1, x) }
            trace_add_relaxed(v, 1)
        case .quantize:
            // 128 bucket words, then the sum of the values (as StatementCompiler's updater keeps them).
            trace_add_relaxed(v + HistogramLayout.quantizeBucket(x), 1)
            trace_add_relaxed(v + 128, x)
        }
    }

    /// The direct form of a clause, or nil when its shape needs the compiled body.
    static func make(_ clause: ClauseSpec, _ program: ProgramInstance, _ ec: ExpressionCompiler) -> DirectAggregate? {
        guard clause.body.count == 1, clause.clauseLocals.isEmpty,
              case .aggregate(let index, let keys, let arguments) = clause.body[0], keys.count <= 1 else { return nil }
        let aggregation = program.aggregations[index]
        let function: DirectFunction
        switch aggregation.declaration.function {
        case .count: function = .count
        case .sum: function = .sum
        case .avg: function = .avg
        case .min: function = .min
        case .max: function = .max
        case .quantize: function = .quantize
        default: return nil
        }
        guard function == .count ? arguments.isEmpty : arguments.count == 1 else { return nil }
        let key: DirectOperand
        if let k = keys.first {
            if let constant = ec.constantKeyWord(k) { key = .constant(constant) }
            else if let i = integerArgument(k, ec) { key = .argument(i) }
            else { key = .code(ec.keyWord(k)) }
        } else {
            key = .none
        }
        let value: DirectOperand
        if let x = arguments.first {
            switch x {
            case .integer(let c): value = .constant(c)
            case .builtin(.elapsed): value = .elapsed
            case .builtin(.retval): value = .retval
            default: value = integerArgument(x, ec).map { .argument($0) } ?? .code(ec.int(x))
            }
        } else {
            value = .none
        }
        var comparison: DirectComparison?
        if case .binary(let op, let l, .integer(let c))? = clause.predicate, isComparison(op), let i = integerArgument(l, ec) {
            comparison = DirectComparison(argument: i, op: op, constant: c)
        }
        return DirectAggregate(aggregation: .passUnretained(aggregation), function: function, key: key, value: value, comparison: comparison)
    }

    /// The frame position of an integer (not Double) argument expression.
    private static func integerArgument(_ e: Expression, _ ec: ExpressionCompiler) -> Int? {
        guard case .argument(let position, let type, let perProbe) = e, type == .int else { return nil }
        let i = ec.context.position(position, perProbe)
        guard i < ProbeFrame.argumentCapacity, i < ec.context.arguments.count, ec.context.arguments[i].type != .double else { return nil }
        return i
    }

    private static func isComparison(_ op: BinaryOperator) -> Bool {
        switch op {
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
        default: return false
        }
    }
}
