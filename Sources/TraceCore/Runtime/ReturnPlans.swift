// Site plans at the return probe of a function probe: the same thread plans as an event probe's
// (SitePlan, ThreadPlans), with the two words a firing passes taken from the entry's arguments in the
// caller's token, `retval` and `elapsed` (ProbeSite._fireReturn), so `@ = quantize(elapsed)` runs
// without a frame or a closure.

/// Where a plan's two words `w0` and `w1` come from at a firing: an argument 0…9, `retval` or `elapsed`.
struct PlanSources: Equatable {
    var w0: UInt8
    var w1: UInt8
    /// The first two arguments: every event site's plan.
    static let arguments = PlanSources(w0: 0, w1: 1)
    static let retval: UInt8 = 10
    static let elapsed: UInt8 = 11

    /// Whether these are `.arguments` (one 16-bit compare).
    @inline(__always)
    var isArguments: Bool { unsafeBitCast(self, to: UInt16.self) == unsafeBitCast(Self.arguments, to: UInt16.self) }

    /// The source of a direct operand that reads a word of the firing, or nil (none, a constant, code).
    static func source(_ o: DirectOperand, _ index: Int) -> UInt8? {
        switch o {
        case .argument where index < ProbeFrame.argumentCapacity: return UInt8(index)
        case .retval: return retval
        case .elapsed: return elapsed
        default: return nil
        }
    }
}

enum ReturnPlans {
    /// The two words the clauses' direct operands read: `.arguments` when they read at most the first two
    /// arguments, argument 0 and the one word they read beyond those, else the two they read, ascending; nil
    /// when a clause is not direct or they read more.
    /// Only a return site's clauses read `retval` or `elapsed`; an event site of three or more arguments runs its
    /// plan with the two arguments named here (ProbeSite._fire3, Dispatcher.fireFrame), one of at most two with `.arguments`.
    static func sources(_ clauses: [CompiledClause]) -> PlanSources? {
        var read: [UInt8] = []
        func note(_ s: UInt8) { if !read.contains(s) { read.append(s) } }
        for c in clauses {
            if let idiom = c.selfIdiom {
                if let s = idiom.source { note(s) }
                continue
            }
            if let printf = c.printf {
                printf.sources.forEach(note)
                continue
            }
            guard let d = c.direct?.takeUnretainedValue() else { return nil }
            for (o, i) in [(d.key, d.keyIndex), (d.value, d.valueIndex)] where o != .none && o != .constant {
                // A compact form reads arguments 0 and 1 at most when planned (SitePlan.op, `fits`).
                if o == .compact, let c = d.computed {
                    for i in arguments(c.pointee.key) + arguments(c.pointee.value) { note(i) }
                    continue
                }
                guard let s = PlanSources.source(o, i) else { return nil }
                note(s)
            }
            if d.compares { note(UInt8(d.compareIndex)) }
        }
        if read.allSatisfy({ $0 < 2 }) { return .arguments }
        // One word beyond the first two (`elapsed` in `@ = quantize(elapsed)`) is the second, after argument 0:
        // the return's entry point passes (argument 0, elapsed) with two compares (ProbeSite._fireReturn).
        if read.count == 1 { return PlanSources(w0: 0, w1: read[0]) }
        guard read.count <= 2 else { return nil }
        read.sort()
        return PlanSources(w0: read[0], w1: read.count > 1 ? read[1] : read[0])
    }

    /// The argument words a compact code reads.
    static func arguments(_ code: CompactCode) -> [UInt8] {
        guard code.isPresent else { return [] }
        if code.shape == 1 || code.shape == 2 { return [UInt8(code.index)] }
        return (0..<code.count).compactMap { i in
            let op = code.ops[i]
            return op.source == .argument || op.source == .stringKey ? op.index : nil
        }
    }

    /// Whether a site plan whose firings pass the words `sources` names can run compact operands: every argument
    /// word they read (0 or 1; `plannable`) is the plan's word of the same number — the first at a return site
    /// whose plan reads argument 0 and `elapsed` (`@[name] = quantize(elapsed)`), both at an event site.
    static func fits(_ computed: ComputedOperands, _ sources: PlanSources) -> Bool {
        let c = computed.operands.pointee
        return (arguments(c.key) + arguments(c.value)).allSatisfy { i in i == 0 ? sources.w0 == 0 : i == 1 && sources.w1 == 1 }
    }

    /// The two words a plan with `sources` passes, read from a frame that holds the firing's arguments, `retval`
    /// and `elapsed`.
    @inline(__always)
    static func words(_ sources: PlanSources, _ frame: inout ProbeFrame) -> (Int64, Int64) {
        withUnsafePointer(to: &frame) { fp in
            (word(sources.w0, fp, fp.pointee.retval, fp.pointee.elapsed), word(sources.w1, fp, fp.pointee.retval, fp.pointee.elapsed))
        }
    }

    /// The word `source` names at a return firing: the entry's argument in the token's frame, `retval` or `elapsed`.
    @inline(__always)
    static func word(_ source: UInt8, _ frame: UnsafePointer<ProbeFrame>, _ retval: Int64, _ elapsed: Int64) -> Int64 {
        if source < PlanSources.retval { return UnsafeRawPointer(frame).load(fromByteOffset: Int(source) &* 8, as: Int64.self) }
        return source == PlanSources.retval ? retval : elapsed
    }
}
