import CTraceCore

// The commonest clause shapes, run without the body's compiled closures: a body that is one
// count/sum/avg/min/max/quantize, keyed by at most one expression, after at most a predicate. Words
// the shape reads straight from the frame (an argument, `elapsed`, `retval`, a constant) cost a load;
// anything else is one compiled closure.

/// Where a direct clause takes a word from (no payload: the operand's index, constant and code
/// are fields of `DirectAggregate`, so reading one copies nothing that is reference-counted).
enum DirectOperand: UInt8 {
    case none, constant, argument, elapsed, retval
    /// Compiled code: a computed key (an interned id for a string) or value.
    case code
    /// The compact form (ComputedOperands): a computed integer, or a string argument's key id.
    case compact
}

/// The aggregating functions a direct clause updates in place.
enum DirectFunction {
    case count, sum, avg, min, max, quantize
}

/// One clause's direct form: the aggregation, its function, key, value and comparison. A class
/// with immutable fields: a firing reads them through an unretained reference, copying nothing.
final class DirectAggregate {
    /// Unretained: the program (held strongly by the clause) owns its aggregations; a strong
    /// reference here would cost a retain/release pair on every firing.
    let aggregation: Unmanaged<Aggregation>
    let function: DirectFunction
    let key: DirectOperand, keyIndex: Int, keyConstant: Int64, keyCode: IntCode
    let value: DirectOperand, valueIndex: Int, valueConstant: Int64, valueCode: IntCode
    /// True when the predicate is `argument OP constant`, compared here; otherwise a predicate
    /// (if any) runs as compiled code (`CompiledClause.predicate`).
    let compares: Bool, compareIndex: Int, compareOp: BinaryOperator, compareConstant: Int64
    /// The compact key and value (for `.compact` operands), owned by `computedStorage`.
    let computed: UnsafeMutablePointer<CompactOperands>?
    let computedStorage: ComputedOperands?

    private init(aggregation: Aggregation, function: DirectFunction,
                 key: (DirectOperand, Int, Int64, IntCode), value: (DirectOperand, Int, Int64, IntCode),
                 comparison: (Int, BinaryOperator, Int64)?, computed: ComputedOperands?) {
        computedStorage = computed
        self.computed = computed?.operands
        self.aggregation = .passUnretained(aggregation)
        self.function = function
        (self.key, keyIndex, keyConstant, keyCode) = key
        (self.value, valueIndex, valueConstant, valueCode) = value
        compares = comparison != nil
        (compareIndex, compareOp, compareConstant) = comparison ?? (0, .equal, 0)
    }

    /// The key word for this firing.
    @inline(__always)
    func keyWord(_ fp: UnsafeMutablePointer<ProbeFrame>, _ t: UnsafeMutablePointer<trace_thread>) throws(ClauseFault) -> Int64 {
        try word(key, keyIndex, keyConstant, keyCode, true, fp, t)
    }

    /// The value word for this firing.
    @inline(__always)
    func valueWord(_ fp: UnsafeMutablePointer<ProbeFrame>, _ t: UnsafeMutablePointer<trace_thread>) throws(ClauseFault) -> Int64 {
        try word(value, valueIndex, valueConstant, valueCode, false, fp, t)
    }

    @inline(__always)
    private func word(_ operand: DirectOperand, _ index: Int, _ constant: Int64, _ code: IntCode, _ isKey: Bool,
                      _ fp: UnsafeMutablePointer<ProbeFrame>, _ t: UnsafeMutablePointer<trace_thread>) throws(ClauseFault) -> Int64 {
        switch operand {
        case .none: return 0
        case .constant: return constant
        case .argument: return UnsafeRawPointer(fp).load(fromByteOffset: index &* 8, as: Int64.self)
        case .elapsed: return fp.pointee.elapsed
        case .retval: return fp.pointee.retval
        case .compact:
            let c = computed.unsafelyUnwrapped
            return try CompactRun.run(isKey ? c.pointee.key : c.pointee.value, c, 0, 0, fp, t)
        case .code: return try code(Firing(frame: fp, thread: t, locals: UnsafeMutableRawPointer(fp).assumingMemoryBound(to: Int64.self)))
        }
    }

    /// Whether the `argument OP constant` predicate passes.
    @inline(__always)
    func passes(_ fp: UnsafeMutablePointer<ProbeFrame>) -> Bool {
        let w = UnsafeRawPointer(fp).load(fromByteOffset: compareIndex &* 8, as: Int64.self)
        switch compareOp {
        case .less: return w < compareConstant
        case .lessEqual: return w <= compareConstant
        case .greater: return w > compareConstant
        case .greaterEqual: return w >= compareConstant
        case .equal: return w == compareConstant
        default: return w != compareConstant
        }
    }

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
            // The bucket words, then the sum of the values (as StatementCompiler's updater keeps them).
            trace_add_relaxed(v + HistogramLayout.quantizeBucket(x), 1)
            trace_add_relaxed(v + HistogramLayout.quantizeBucketCount, x)
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
        let zero: IntCode = { _ in 0 }
        let compact = CompactCompiler(context: ec.context)
        var keyOps: [CompactOp]?, valueOps: [CompactOp]?
        let key: (DirectOperand, Int, Int64, IntCode)
        if let k = keys.first {
            if let constant = ec.constantKeyWord(k) { key = (.constant, 0, constant, zero) }
            else if let i = integerArgument(k, ec) { key = (.argument, i, 0, zero) }
            else if let ops = compact.compile(k, key: true) { key = (.compact, 0, 0, zero); keyOps = ops }
            else { key = (.code, 0, 0, ec.keyWord(k)) }
        } else {
            key = (.none, 0, 0, zero)
        }
        let value: (DirectOperand, Int, Int64, IntCode)
        if let x = arguments.first {
            switch x {
            case .integer(let c): value = (.constant, 0, c, zero)
            case .builtin(.elapsed): value = (.elapsed, 0, 0, zero)
            case .builtin(.retval): value = (.retval, 0, 0, zero)
            default:
                if let i = integerArgument(x, ec) { value = (.argument, i, 0, zero) }
                else if let ops = compact.compile(x, key: false) { value = (.compact, 0, 0, zero); valueOps = ops }
                else { value = (.code, 0, 0, ec.int(x)) }
            }
        } else {
            value = (.none, 0, 0, zero)
        }
        let comparison = DirectAggregate.comparison(clause.predicate, ec)
        let computed = keyOps != nil || valueOps != nil ? ComputedOperands(key: keyOps, value: valueOps, program: program) : nil
        return DirectAggregate(aggregation: aggregation, function: function, key: key, value: value, comparison: comparison,
                               computed: computed)
    }

    /// The frame position of an integer (not Double) argument expression.
    static func integerArgument(_ e: Expression, _ ec: ExpressionCompiler) -> Int? {
        guard case .argument(let position, let type, let perProbe) = e, type == .int else { return nil }
        let i = ec.context.position(position, perProbe)
        guard i < ProbeFrame.argumentCapacity, i < ec.context.arguments.count, ec.context.arguments[i].type != .double else { return nil }
        return i
    }

    /// An `argument OP constant` predicate as (the argument's frame position, OP, the constant), or nil.
    static func comparison(_ predicate: Expression?, _ ec: ExpressionCompiler) -> (Int, BinaryOperator, Int64)? {
        guard case .binary(let op, let l, .integer(let c))? = predicate, isComparison(op), let i = integerArgument(l, ec) else { return nil }
        return (i, op, c)
    }

    private static func isComparison(_ op: BinaryOperator) -> Bool {
        switch op {
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
        default: return false
        }
    }
}
