import CTraceCore

/// What a firing reads to run a direct clause's compact key and value: plain words (nothing
/// reference-counted), reached through one pointer from the clause's direct form and the site plans.
struct CompactOperands {
    /// `CompactCode.absent` for an operand that is not compact.
    var key: CompactCode
    var value: CompactCode
    /// Unretained: the program owns its string table and outlives its clauses' compiled forms.
    var strings: Unmanaged<InternTable>
    var program: Unmanaged<ProgramInstance>
    /// The clause, to report a fault raised on a site plan's path; set once the clause is made
    /// (CompiledClause.init), before it is published. Unretained: the clause owns these operands.
    var clause: Unmanaged<CompiledClause>?
}

/// Owns a direct clause's CompactOperands and their instructions, freed with the clause's direct form.
final class ComputedOperands {
    let operands: UnsafeMutablePointer<CompactOperands>

    /// True when a site plan can run both codes (they read only constants and argument words 0 and 1).
    var plannable: Bool { operands.pointee.key.plannable && operands.pointee.value.plannable }

    init(key: [CompactOp]?, value: [CompactOp]?, program: ProgramInstance) {
        operands = .allocate(capacity: 1)
        operands.initialize(to: CompactOperands(key: key.map { CompactCode($0) } ?? .absent, value: value.map { CompactCode($0) } ?? .absent,
                                                strings: .passUnretained(program.strings), program: .passUnretained(program)))
    }

    deinit {
        operands.pointee.key.free()
        operands.pointee.value.free()
        operands.deallocate()
    }
}

/// Runs compact codes for one firing: the arguments from the frame (`frame` non-nil, the general path)
/// or from a site plan's two argument words.
enum CompactRun {
    /// A site plan's key word (`masked`: the plan's own word when the key is not compact), or nil once its fault is reported.
    @inline(__always)
    static func planKey(_ c: UnsafeMutablePointer<CompactOperands>, _ w0: Int64, _ w1: Int64, masked: Int64,
                        _ t: UnsafeMutablePointer<trace_thread>) -> Int64? {
        guard c.pointee.key.isPresent else { return masked }
        do throws(ClauseFault) { return try run(c.pointee.key, c, w0, w1, nil, t) } catch { fault(c, error, t); return nil }
    }

    /// A site plan's value word, as `planKey`.
    @inline(__always)
    static func planValue(_ c: UnsafeMutablePointer<CompactOperands>, _ w0: Int64, _ w1: Int64, masked: Int64,
                          _ t: UnsafeMutablePointer<trace_thread>) -> Int64? {
        guard c.pointee.value.isPresent else { return masked }
        do throws(ClauseFault) { return try run(c.pointee.value, c, w0, w1, nil, t) } catch { fault(c, error, t); return nil }
    }

    /// Runs a code: its shape directly, or one loop over its instructions with the accumulator and two saved values in registers.
    @inline(__always)
    static func run(_ code: CompactCode, _ c: UnsafeMutablePointer<CompactOperands>, _ w0: Int64, _ w1: Int64,
                    _ frame: UnsafeMutablePointer<ProbeFrame>?, _ t: UnsafeMutablePointer<trace_thread>) throws(ClauseFault) -> Int64 {
        if code.shape == 1 { return try CompactOperators.apply(code.op, argument(code.index, w0, w1, frame), code.constant) }
        if code.shape == 2 { return try stringKey(c, argument(code.index, w0, w1, frame), limit: code.constant, t) }
        var acc: Int64 = 0, saved0: Int64 = 0, saved1: Int64 = 0
        var p = UnsafePointer(code.ops)
        let end = p + code.count
        while p != end {
            let op = p.pointee
            switch op.kind {
            case .load:
                acc = try leaf(op, c, w0, w1, frame, t)
            case .apply:
                acc = try CompactOperators.apply(op.op, acc, try leaf(op, c, w0, w1, frame, t))
            case .push:
                saved1 = saved0
                saved0 = acc
            case .applySaved:
                acc = try CompactOperators.apply(op.op, saved0, acc)
                saved0 = saved1
            case .unary:
                acc = CompactOperators.unary[Int(op.op)].apply(acc)
            }
            p += 1
        }
        return acc
    }

    @inline(__always)
    private static func leaf(_ op: CompactOp, _ c: UnsafeMutablePointer<CompactOperands>, _ w0: Int64, _ w1: Int64,
                             _ frame: UnsafeMutablePointer<ProbeFrame>?, _ t: UnsafeMutablePointer<trace_thread>) throws(ClauseFault) -> Int64 {
        switch op.source {
        case .constant: return op.constant
        case .argument: return argument(Int(op.index), w0, w1, frame)
        case .tid: return t.pointee.tid
        case .elapsed: return frame?.pointee.elapsed ?? 0
        case .retval: return frame?.pointee.retval ?? 0
        case .timestamp: return trace_timestamp_ns()
        case .stringKey: return try stringKey(c, argument(Int(op.index), w0, w1, frame), limit: op.constant, t)
        }
    }

    @inline(__always)
    private static func argument(_ i: Int, _ w0: Int64, _ w1: Int64, _ frame: UnsafeMutablePointer<ProbeFrame>?) -> Int64 {
        if let frame { return frame.pointee.word(i) }
        return i == 0 ? w0 : w1
    }

    /// The key id of the string stashed in argument word `word`: from the thread's identity cache, else the slow path.
    @inline(__always)
    private static func stringKey(_ c: UnsafeMutablePointer<CompactOperands>, _ word: Int64, limit: Int64,
                                  _ t: UnsafeMutablePointer<trace_thread>) throws(ClauseFault) -> Int64 {
        if let id = c.pointee.strings._withUnsafeGuaranteedRef({ $0.identityID(word, t) }) { return id }
        return try stringKeySlow(c, word, limit: Int(limit), t)
    }

    /// A string key the thread's identity cache does not hold: the stashed string, cut to the string-size
    /// limit, interned; remembered by its bits when they are its whole value (StringKeyCache).
    @inline(never)
    private static func stringKeySlow(_ c: UnsafeMutablePointer<CompactOperands>, _ word: Int64, limit: Int,
                                      _ t: UnsafeMutablePointer<trace_thread>) throws(ClauseFault) -> Int64 {
        let s = stashedString(t, word)
        let p = c.pointee.program.takeUnretainedValue()
        if s.utf8.count > limit { return try p.internKey(ExpressionCompiler.truncate(s, to: limit), t) }
        guard let bits = StringKeyCache.identity(s) else { return try p.internKey(s, t) }
        // The epoch before the look-up: if a collection starts after it, the entry is dropped at the next firing.
        let epoch = p.strings.epoch
        switch p.strings.intern(s) {
        case .id(let id):
            p.strings.rememberIdentity(bits, id, epoch: epoch, t)
            return id
        case .refused(let kind):
            throw .dropped(kind)
        }
    }

    /// Reports a fault raised on a site plan's path as the clause's general path does.
    @inline(never)
    private static func fault(_ c: UnsafeMutablePointer<CompactOperands>, _ error: ClauseFault, _ t: UnsafeMutablePointer<trace_thread>) {
        c.pointee.clause?.takeUnretainedValue().reportFault(error, t)
    }
}
