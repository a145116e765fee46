/// Checks that a clause-form program only names slots and argument positions it may, and that its
/// expressions are typed as the compilers expect, so that no spec — however it was produced — can
/// make the runtime read out of bounds or compile code it has no meaning for.
enum SpecValidator {
    static func validate(_ spec: ProgramSpec, registry: ProbeRegistry) throws(TraceRuntimeError) {
        for a in spec.aggregations {
            if let problem = HistogramLayout.validate(a.function) { throw .invalidProgram(problem) }
            if a.keyTypes.count > TraceLimits.maximumKeyComponents { throw .invalidProgram("@\(a.name) has more than \(TraceLimits.maximumKeyComponents) key components") }
        }
        for a in spec.arrays where a.keyTypes.count > TraceLimits.maximumKeyComponents {
            throw .invalidProgram("\(a.name) has more than \(TraceLimits.maximumKeyComponents) key components")
        }
        for (i, clause) in spec.clauses.enumerated() {
            for a in spec.arrays where a.size.map({ $0 < 1 || $0 > Parser.maximumArraySize }) ?? false {
                throw .invalidProgram("array \(a.name) has a size outside 1 to \(Parser.maximumArraySize)")
            }
            if clause.clauseLocals.count > ThreadScratch.localCapacity {
                throw .invalidProgram("clause \(i + 1) has more than \(ThreadScratch.localCapacity) this-> variables")
            }
            for p in clause.probes {
                if case .sites(let ids) = p {
                    for id in ids where registry.probe(id: id) == nil { throw .invalidProgram("clause \(i + 1) names unknown probe id \(id)") }
                }
                if case .tick(let ns) = p, ns < TraceLimits.shortestTickNanoseconds { throw .invalidProgram("tick interval below 1ms") }
                if case .profile(let ns) = p, ns < ProfileSampler.shortestPeriod { throw .invalidProgram("profile period below \(ProfileSampler.shortestPeriod / 1000)us") }
            }
            if let p = clause.predicate { try integer(p, spec, clause, "the predicate") }
            try statements(clause.body, spec, clause)
        }
    }

    private static func statements(_ list: [Statement], _ spec: ProgramSpec, _ clause: ClauseSpec) throws(TraceRuntimeError) {
        for s in list {
            switch s {
            case .assign(let target, let value):
                try expression(value, spec, clause)
                try expression(target.storage, spec, clause)
                guard value.type == target.storage.type else {
                    throw .invalidProgram("\(Self.article(value.type)) assigned to \(Self.article(target.storage.type)) variable")
                }
            case .aggregate(let a, let keys, let args):
                guard a >= 0 && a < spec.aggregations.count else { throw .invalidProgram("unknown aggregation \(a)") }
                guard keys.count == spec.aggregations[a].keyTypes.count else {
                    throw .invalidProgram("@\(spec.aggregations[a].name) used with \(keys.count) keys, declared with \(spec.aggregations[a].keyTypes.count)")
                }
                for e in keys { try expression(e, spec, clause) }
                let function = spec.aggregations[a].function
                let values = function == .count ? 0 : 1
                // Histograms may take a weight after the value.
                guard args.count == values || (function.isHistogram && args.count == 2) else {
                    throw .invalidProgram("@\(spec.aggregations[a].name) = \(function.name)() takes \(values) value\(values == 1 ? "" : "s"), got \(args.count)")
                }
                for e in args { try integer(e, spec, clause, "the value of \(function.name)()") }
            case .printf(_, let args):
                for e in args { try expression(e, spec, clause) }
            case .trace(let e):
                try expression(e, spec, clause)
            case .printa(_, let aggs, _):
                for a in aggs where !(a >= 0 && a < spec.aggregations.count) { throw .invalidProgram("unknown aggregation \(a)") }
            case .clear(let a):
                guard a >= 0 && a < spec.aggregations.count else { throw .invalidProgram("unknown aggregation \(a)") }
            case .trunc(let a, let keep):
                guard a >= 0 && a < spec.aggregations.count else { throw .invalidProgram("unknown aggregation \(a)") }
                if let keep { try integer(keep, spec, clause, "trunc's count") }
            case .exit:
                break
            case .exitWith(let status):
                try integer(status, spec, clause, "the status of exit()")
            case .ifElse(let c, let a, let b):
                try integer(c, spec, clause, "a condition")
                try statements(a, spec, clause)
                try statements(b, spec, clause)
            }
        }
    }

    private static func slotCheck(_ slot: Int, _ decls: [VariableDeclaration], _ type: ValueType, _ what: String) throws(TraceRuntimeError) {
        guard slot >= 0 && slot < decls.count else { throw .invalidProgram("unknown \(what) variable slot \(slot)") }
        guard decls[slot].type == type else { throw .invalidProgram("\(what)\(decls[slot].name) used as \(type.rawValue)") }
    }

    private static func article(_ t: ValueType) -> String { t == .int ? "an integer" : "a string" }

    private static func integer(_ e: Expression, _ spec: ProgramSpec, _ clause: ClauseSpec, _ what: String) throws(TraceRuntimeError) {
        try expression(e, spec, clause)
        guard e.type == .int else { throw .invalidProgram("\(what) must be an integer, not a string") }
    }

    private static func expression(_ e: Expression, _ spec: ProgramSpec, _ clause: ClauseSpec) throws(TraceRuntimeError) {
        switch e {
        case .integer, .string, .builtin: return
        case .argument(let index, _, let perProbe):
            for i in [index] + perProbe.values where !(0..<ProbeFrame.argumentCapacity).contains(i) {
                throw .invalidProgram("arg\(i) is out of range")
            }
        case .global(let slot, let t): try slotCheck(slot, spec.globals, t, "global")
        case .threadLocal(let slot, let t): try slotCheck(slot, spec.threadLocals, t, "self->")
        case .clauseLocal(let slot, let t): try slotCheck(slot, clause.clauseLocals, t, "this->")
        case .arrayElement(let a, let keys, _):
            guard a >= 0 && a < spec.arrays.count else { throw .invalidProgram("unknown array \(a)") }
            for k in keys { try expression(k, spec, clause) }
        case .unary(let op, let x): try integer(x, spec, clause, "the operand of \(op.rawValue)")
        case .binary(let op, let a, let b):
            try expression(a, spec, clause)
            try expression(b, spec, clause)
            if a.type == .string || b.type == .string {
                guard a.type == b.type, op.comparesStrings else {
                    throw .invalidProgram("operator \(op.rawValue) applied to \(article(a.type)) and \(article(b.type))")
                }
            }
        case .conditional(let c, let a, let b):
            try integer(c, spec, clause, "a condition")
            try expression(a, spec, clause)
            try expression(b, spec, clause)
            guard a.type == b.type else { throw .invalidProgram("the branches of ?: are \(article(a.type)) and \(article(b.type))") }
        case .assignment(let target, let value, _):
            try expression(value, spec, clause)
            try expression(target.storage, spec, clause)
            guard value.type == target.storage.type, value.type != .stack else {
                throw .invalidProgram("\(article(value.type)) assigned inside an expression to \(article(target.storage.type)) variable")
            }
        case .stack(let depth):
            guard (1...StackFunctions.maximumDepth).contains(depth) else { throw .invalidProgram("ustack(\(depth)): the depth must be 1 to \(StackFunctions.maximumDepth)") }
        case .symbol(_, let address):
            try expression(address, spec, clause)
            guard address.type == .int else { throw .invalidProgram("a symbol function of a non-integer address") }
        case .call(let f, let args):
            for a in args { try expression(a, spec, clause) }
            guard f.accepts(args) else { throw .invalidProgram("\(f.rawValue)() called with arguments that do not fit \(f.signature.spelled)") }
        }
    }
}
