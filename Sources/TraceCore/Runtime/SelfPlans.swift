import CTraceCore

// The `self->ts` idiom as thread-plan ops: `self->X = timestamp` at one probe and
// `/self->X/ { @[k] = quantize(timestamp - self->X); self->X = 0; }` at another run without a frame or a
// closure, the thread's `self->X` word resolved once per thread when its plans are built (ThreadPlans.rebuild),
// as a plan resolves its value words. The compiled closures of the same clauses stay for the general path
// (every 64th firing, a site some other clause keeps off its plan): both read and write the same word with the
// same clock (`trace_timestamp_ns`, the `timestamp` built-in), so which path ran is never seen. Every other
// use of `self->` (another read, another probe's clause, a string) is compiled as before.

/// One clause of the idiom, recognised when its program is compiled (`make`).
final class SelfIdiom {
    /// SiteOp.function of `self->X = timestamp`.
    static let stampFunction: UInt8 = 6
    /// SiteOp.function of `/self->X/ { @[k] = quantize(timestamp - self->X); self->X = 0; }`.
    static let sinceFunction: UInt8 = 7

    let function: UInt8
    /// The variable's slot in the program's `self->` integer words.
    let slot: Int
    /// The quantize's key (`sinceFunction`): none, a constant or an integer argument.
    let key: DirectOperand, keyIndex: Int, keyConstant: Int64
    /// The quantize's aggregation (`sinceFunction`); nil for a stamp.
    let aggregation: Aggregation?

    private init(function: UInt8, slot: Int, key: (DirectOperand, Int, Int64) = (.none, 0, 0), aggregation: Aggregation? = nil) {
        self.function = function
        self.slot = slot
        (self.key, keyIndex, keyConstant) = key
        self.aggregation = aggregation
    }

    /// The idiom's form of a clause at a declared probe, or nil.
    static func make(_ clause: ClauseSpec, _ program: ProgramInstance, _ ec: ExpressionCompiler) -> SelfIdiom? {
        guard clause.clauseLocals.isEmpty, ec.context.probe != nil, !ec.context.sampled else { return nil }
        if clause.predicate == nil, clause.body.count == 1,
           case .assign(.threadLocal(let slot, .int), .builtin(.timestamp)) = clause.body[0] {
            return SelfIdiom(function: stampFunction, slot: slot)
        }
        guard case .threadLocal(let slot, .int)? = clause.predicate, clause.body.count == 2,
              case .aggregate(let index, let keys, let arguments) = clause.body[0], keys.count <= 1, arguments.count == 1,
              case .binary(.subtract, .builtin(.timestamp), .threadLocal(slot, .int)) = arguments[0],
              case .assign(.threadLocal(slot, .int), .integer(0)) = clause.body[1] else { return nil }
        let a = program.aggregations[index]
        guard a.declaration.function == .quantize, a.keyWidth == keys.count else { return nil }
        var key: (DirectOperand, Int, Int64) = (.none, 0, 0)
        if let k = keys.first {
            if let constant = ec.constantKeyWord(k) { key = (.constant, 0, constant) }
            else if let i = DirectAggregate.integerArgument(k, ec) { key = (.argument, i, 0) }
            else { return nil }
        }
        return SelfIdiom(function: sinceFunction, slot: slot, key: key, aggregation: a)
    }

    /// The clause's op in a site plan whose firings pass the words `sources` names, or nil. A stamp
    /// updates no aggregation: its op carries the program's first one, which the op never touches.
    func siteOp(_ c: CompiledClause, _ sources: PlanSources) -> SiteOp? {
        guard let a = aggregation ?? c.program.aggregations.first,
              let masks = SitePlan.masks(key, keyIndex, keyConstant, sources) else { return nil }
        let words = SiteOpWords(keyMask0: masks.0, keyMask1: masks.1, keyConstant: masks.2, valueMask0: 0, valueMask1: 0, valueConstant: 0,
                                compareMask0: 0, compareMask1: 0, low: .min, high: .max, inverted: false)
        return SiteOp(function: function, compares: false, keyWidth: aggregation == nil ? 0 : Int32(a.keyWidth), entryWidth: Int32(a.entryWidth),
                      words: words, exitFlag: c.exitFlag, counters: c.counters, metas: a.metas, generation: a.generation,
                      aggregation: .passUnretained(a), sources: sources,
                      selfProgram: .passUnretained(c.program), selfSlot: slot)
    }

    /// The source of the word the clause reads (its key), for ReturnPlans.sources.
    var source: UInt8? { PlanSources.source(key, keyIndex) }

    /// A planned firing of op `function` on the thread's `self->X` word: a stamp stores the time and
    /// returns nil; a quantize returns the time since the stamp, or nil when there is none (its predicate).
    @inline(__always)
    static func begin(_ function: UInt8, _ word: UnsafeMutablePointer<Int64>) -> Int64? {
        if function == stampFunction {
            word.pointee = trace_timestamp_ns()
            return nil
        }
        let stamp = word.pointee
        if stamp == 0 { return nil }
        return trace_timestamp_ns() &- stamp
    }

    /// The thread's `self->X` word of a site op (made with its store on first use), for ThreadPlans.rebuild.
    static func word(_ op: SiteOp, _ t: UnsafeMutablePointer<trace_thread>) -> UnsafeMutablePointer<Int64>? {
        op.selfProgram.map { $0._withUnsafeGuaranteedRef { $0.threadLocalInts(t) } + op.selfSlot }
    }
}
