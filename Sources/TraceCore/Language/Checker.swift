// Checks a parsed program and resolves it into the clause form: every name resolved to a slot, a
// probe argument position or a built-in; every expression typed and its literals folded; aggregations
// declared by their first use. Errors are collected, not thrown, so that many are reported at once.

/// Checks clauses against their resolved probes and the program's scope.
struct Checker {
    private let clauses: [SyntaxClause]
    let probes: [ResolvedProbes]
    let scope: Scope
    let sourceLines: [[Character]]
    var sink: DiagnosticSink

    var aggregationSlots: [String: Int] = [:]
    var aggregationNames: [String] = []
    var aggregations: [AggregationDeclaration?] = []
    var aggregationFirstUse: [Int: SourceLocation] = [:]
    var clauseIndex = 0
    var pendingPrintaFormats: [(format: PrintfFormat, aggregation: Int, location: SourceLocation)] = []
    var pendingPrintaJoins: [(slots: [Int], locations: [SourceLocation])] = []
    /// Whether the clause being checked names a `this->` variable (it then gets the program's clause-local slots).
    var usesClauseLocals = false

    init(source: String, clauses: [SyntaxClause], probes: [ResolvedProbes], scope: Scope, sink: DiagnosticSink) {
        self.clauses = clauses
        self.probes = probes
        self.scope = scope
        self.sink = sink
        self.sourceLines = Diagnostic.sourceLines(source).map { Array($0) }
        // Aggregation slots in order of their first `@name = f()` in source order.
        for clause in clauses {
            var stack: [ArraySlice<SyntaxStatement>] = [clause.body[...]]
            while var list = stack.popLast() {
                guard let statement = list.popFirst() else { continue }
                stack.append(list)
                switch statement.kind {
                case .aggregate(let name, _, _, _, _):
                    if aggregationSlots[name] == nil {
                        aggregationSlots[name] = aggregationNames.count
                        aggregationNames.append(name)
                        aggregations.append(nil)
                    }
                case .ifElse(_, let thenPart, let elsePart):
                    stack.append(elsePart[...])
                    stack.append(thenPart[...])
                default:
                    break
                }
            }
        }
    }

    /// The checked clauses (meaningful only if no error was reported).
    mutating func check() -> [ClauseSpec] {
        reportNameClashes()
        for (d, first) in scope.redeclarations {
            sink.report(d.location, "'\(d.name)' is already declared (at \(first.line):\(first.column))")
        }
        var result: [ClauseSpec] = []
        for (c, clause) in clauses.enumerated() {
            clauseIndex = c
            usesClauseLocals = false
            var predicate: Expression? = nil
            if let p = clause.predicate, let e = expression(p) {
                if e.type == .int { predicate = e } else {
                    sink.report(p.location, "the predicate must be an integer or a comparison, not a string")
                }
            }
            let body = statements(clause.body)
            refuseStrayStacks(predicate, body, clause.location)
            result.append(ClauseSpec(probes: probes[c].probes, predicate: predicate, body: body,
                                     clauseLocals: usesClauseLocals ? scope.clauseLocals : [],
                                     line: clause.location.line))
        }
        for pending in pendingPrintaFormats {
            if let declaration = aggregations[pending.aggregation] {
                _ = checkPrintaFormat(pending.format, declaration, pending.location)
            }
        }
        for join in pendingPrintaJoins { checkPrintaJoin(join.slots, join.locations) }
        return result
    }

    mutating func reportNameClashes() {
        for name in scope.globalNames {
            guard let g = scope[.global(name)], let a = scope[.array(name)] else { continue }
            if g.firstAssignment < a.firstAssignment {
                sink.report(a.firstAssignment, "'\(name)' is already a variable (first assigned at \(g.firstAssignment.line):\(g.firstAssignment.column)); use another name for the array")
            } else {
                sink.report(g.firstAssignment, "'\(name)' is already an associative array (first assigned at \(a.firstAssignment.line):\(a.firstAssignment.column)); use another name for the variable")
            }
        }
    }

    // MARK: Statements

    mutating func statements(_ list: [SyntaxStatement]) -> [Statement] {
        var out: [Statement] = []
        for s in list {
            if let checked = statement(s) { out.append(checked) }
        }
        return out
    }

    mutating func statement(_ s: SyntaxStatement) -> Statement? {
        switch s.kind {
        case .assign(let target, let value):
            let v = expression(value)
            guard let t = assignmentTarget(target, valueType: v?.type), let v else { return nil }
            return .assign(t, narrowed(target, v))
        case .aggregate(let name, let keys, let function, let arguments, let functionLocation):
            return aggregate(name: name, keys: keys, function: function, arguments: arguments, at: s.location, functionAt: functionLocation)
        case .ifElse(let condition, let thenPart, let elsePart):
            let c = expression(condition)
            if let c, c.type != .int {
                sink.report(condition.location, "the condition of 'if' must be an integer or a comparison, not a string")
            }
            let a = statements(thenPart)
            let b = statements(elsePart)
            guard let c else { return nil }
            if case .integer(let v) = c {
                // A literal condition keeps the branch as an always-true `if`, so the runtime sees one shape.
                return .ifElse(.integer(v != 0 ? 1 : 0), v != 0 ? a : b, [])
            }
            return .ifElse(c, a, b)
        case .expression(let e):
            guard case .call(let name, let arguments) = e.kind else {
                if case .aggregation(let n) = e.kind {
                    sink.report(e.location, "'\(Checker.display(n))' alone does nothing; assign it, as in '\(Checker.display(n)) = count()'")
                } else {
                    sink.report(e.location, "this expression does nothing; assign it to a variable or pass it to trace() or printf()")
                }
                return nil
            }
            return action(name, arguments, e.location)
        }
    }

    mutating func assignmentTarget(_ t: SyntaxExpression, valueType: ValueType?) -> AssignmentTarget? {
        let key: VariableKey
        var keys: [Expression] = []
        switch t.kind {
        case .identifier(let name):
            if BuiltinVariable(rawValue: name) != nil || NameResolution.argumentIndex(name) != nil {
                sink.report(t.location, "cannot assign to built-in variable '\(name)'")
                return nil
            }
            if probes[clauseIndex].sites.contains(where: { $0.argumentIndex(named: name) != nil }) {
                sink.report(t.location, "cannot assign to probe argument '\(name)'; assign to another variable")
                return nil
            }
            key = .global(name)
        case .threadLocal(let n): key = .threadLocal(n)
        case .clauseLocal(let n):
            key = .clauseLocal(n)
            usesClauseLocals = true
        case .index(let n, let k):
            key = .array(n)
            guard let checked = arrayKeys(n, k, t.location) else { return nil }
            keys = checked
        default:
            sink.report(t.location, "cannot assign to this expression")
            return nil
        }
        guard let info = scope[key] else {
            sink.report(t.location, "cannot assign to '\(key.spelling)'")
            return nil
        }
        if let valueType, valueType != info.type {
            let origin = info.declared.map { "declared '\($0)' at" } ?? "first assigned at"
            sink.report(t.location, "cannot assign \(Checker.article(valueType)) to '\(key.spelling)', which holds \(Checker.article(info.type)) (\(origin) \(info.firstAssignment.line):\(info.firstAssignment.column))")
            return nil
        }
        switch key {
        case .global: return .global(slot: info.slot, type: info.type)
        case .threadLocal: return .threadLocal(slot: info.slot, type: info.type)
        case .clauseLocal: return .clauseLocal(slot: info.slot, type: info.type)
        case .array: return .arrayElement(array: info.slot, keys: keys, type: info.type)
        }
    }

    mutating func arrayKeys(_ name: String, _ keys: [SyntaxExpression], _ location: SourceLocation) -> [Expression]? {
        let checked = keys.map { expression($0) }
        guard let info = scope[.array(name)] else {
            if scope[.global(name)] != nil {
                sink.report(location, "'\(name)' is a variable, not an associative array")
            } else {
                sink.report(location, "unknown associative array '\(name)'\(Checker.suggestion(name, scope.arrayNames))")
            }
            return nil
        }
        var result: [Expression] = []
        for (i, k) in checked.enumerated() {
            guard let k else { return nil }
            result.append(k)
            if i < info.keyTypes.count, k.type != info.keyTypes[i] {
                sink.report(keys[i].location, "key \(i + 1) of '\(name)' must be \(Checker.article(info.keyTypes[i])), not \(Checker.article(k.type))")
                return nil
            }
        }
        if keys.count > Checker.maximumKeys {
            sink.report(location, "'\(name)' has \(keys.count) keys; at most \(Checker.maximumKeys) are allowed")
            return nil
        }
        if keys.count != info.keyTypes.count {
            if let size = info.size {
                sink.report(location, "'\(name)' is an array of \(size) elements (declared at \(info.firstAssignment.line):\(info.firstAssignment.column)); index it with one integer, as in \(name)[0]")
                return nil
            }
            sink.report(location, "'\(name)' takes \(Checker.count(info.keyTypes.count, "key")), got \(keys.count)")
            return nil
        }
        if let size = info.size, case .integer(let index)? = result.first, index < 0 || index >= Int64(size) {
            sink.report(keys[0].location, "index \(index) is out of range for '\(name)', an array of \(size) elements (0 to \(size - 1))")
            return nil
        }
        return result
    }

    // MARK: Expressions

    mutating func expression(_ e: SyntaxExpression) -> Expression? {
        switch e.kind {
        case .integer(let v): return .integer(v)
        case .string(let s): return .string(s)
        case .identifier(let name): return identifier(name, e.location)
        case .threadLocal(let n):
            guard let info = scope[.threadLocal(n)] else {
                sink.report(e.location, "unknown thread-local variable 'self->\(n)'\(Checker.suggestion(n, scope.threadLocalNames, prefix: "self->"))")
                return nil
            }
            return .threadLocal(slot: info.slot, type: info.type)
        case .clauseLocal(let n):
            guard let info = scope[.clauseLocal(n)] else {
                sink.report(e.location, "unknown clause-local variable 'this->\(n)'\(Checker.suggestion(n, scope.clauseLocalNames, prefix: "this->"))")
                return nil
            }
            usesClauseLocals = true
            return .clauseLocal(slot: info.slot, type: info.type)
        case .index(let name, let keys):
            guard let k = arrayKeys(name, keys, e.location), let info = scope[.array(name)] else { return nil }
            return .arrayElement(array: info.slot, keys: k, type: info.type)
        case .aggregation(let name):
            sink.report(e.location, "'\(Checker.display(name))' is an aggregation; it can only be passed to printa(), print(), clear() or trunc()")
            return nil
        case .unary(let op, let a):
            guard let x = expression(a) else { return nil }
            guard x.type == .int else {
                sink.report(e.location, "operator '\(op.rawValue)' needs an integer operand, not a string")
                return nil
            }
            return ConstantFolding.unary(op, x)
        case .cast(let type, let spelled, let a):
            return cast(type, spelled, a, e.location)
        case .binary(let op, let a, let b):
            let x = expression(a), y = expression(b)
            guard let x, let y else { return nil }
            switch op {
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
                if x.type != y.type {
                    sink.report(e.location, "cannot compare \(Checker.article(x.type)) with \(Checker.article(y.type)) using '\(op.rawValue)'")
                    return nil
                }
            default:
                if x.type != .int || y.type != .int {
                    let hint = op == .add && x.type == .string && y.type == .string ? "; join strings with strjoin(a, b)" : ""
                    sink.report(e.location, "operator '\(op.rawValue)' needs integer operands, not a string\(hint)")
                    return nil
                }
                if (op == .divide || op == .modulo), case .integer(0) = y {
                    sink.report(e.location, "division by zero")
                    return nil
                }
            }
            if x.type == .int && op.unsignedForm != op && (isUnsigned(a) || (op != .shiftRight && isUnsigned(b))) {
                return ConstantFolding.binary(op.unsignedForm, x, y)
            }
            return ConstantFolding.binary(op, x, y)
        case .conditional(let c, let a, let b):
            let cond = expression(c), x = expression(a), y = expression(b)
            guard let cond, let x, let y else { return nil }
            if cond.type != .int {
                sink.report(c.location, "the condition of '?:' must be an integer or a comparison, not a string")
                return nil
            }
            if x.type != y.type {
                sink.report(e.location, "the branches of '?:' must have the same type; this one has \(Checker.article(x.type)) and \(Checker.article(y.type))")
                return nil
            }
            return ConstantFolding.conditional(cond, x, y)
        case .assignment(let target, let value, let postfix):
            guard let v = expression(value) else { return nil }
            guard v.type != .stack else {
                sink.report(e.location, "ustack() can only be an aggregation key, as in @[ustack()] = count()")
                return nil
            }
            guard let t = assignmentTarget(target, valueType: v.type) else { return nil }
            return .assignment(t, narrowed(target, v), postfix: postfix)
        case .call(let name, let arguments):
            if StackFunctions.names.contains(name) { return stackCall(name, arguments, e.location) }
            guard let f = StringFunction(rawValue: name) else {
                if Checker.actions.contains(name) {
                    sink.report(e.location, "'\(name)' is an action; it cannot be used as a value")
                } else if Checker.aggregatingFunctions.contains(name) {
                    sink.report(e.location, "'\(name)' is an aggregating function; use it as '@name = \(name)(…)'")
                } else {
                    sink.report(e.location, "unknown function '\(name)'\(Checker.suggestion(name, TraceLanguage.functionNames))")
                }
                return nil
            }
            return stringFunction(f, arguments, e.location)
        }
    }


    mutating func stringFunction(_ f: StringFunction, _ arguments: [SyntaxExpression], _ location: SourceLocation) -> Expression? {
        let (required, optional, spelled) = f.signature
        let checked = arguments.map { expression($0) }
        guard arguments.count >= required.count && arguments.count <= required.count + optional.count else {
            sink.report(location, "'\(f.rawValue)' takes \(optional.isEmpty ? Checker.count(required.count, "argument") : "\(required.count) or \(required.count + optional.count) arguments"), got \(arguments.count): \(spelled)")
            return nil
        }
        let types = required + optional
        var values: [Expression] = []
        for (i, a) in checked.enumerated() {
            guard let a else { return nil }
            if a.type != types[i] {
                sink.report(arguments[i].location, "argument \(i + 1) of '\(f.rawValue)' must be \(Checker.article(types[i])), not \(Checker.article(a.type))")
                return nil
            }
            values.append(a)
        }
        return ConstantFolding.call(f, values)
    }

    mutating func identifier(_ name: String, _ location: SourceLocation) -> Expression? {
        let resolved = probes[clauseIndex]
        // D's NULL is the integer 0 (there are no pointers to dereference here).
        if name == "NULL" && scope[.global(name)] == nil { return .integer(0) }
        if let fault = FaultKind.constants[name], scope[.global(name)] == nil { return .integer(fault) }
        if let stack = stackIdentifier(name) { return stack }
        if let b = BuiltinVariable(rawValue: name) {
            if b == .retval || b == .elapsed {
                let other = resolved.sites.filter { !$0.isReturn }.map(\.fullName) + resolved.specials
                if !other.isEmpty {
                    sink.report(location, "'\(name)' is only available in return probes, not in \(Checker.list(other))")
                    return nil
                }
            }
            return .builtin(b)
        }
        if let argument = errorArgument(name, resolved) { return argument }
        if let index = NameResolution.argumentIndex(name) {
            let lacking = resolved.sites.filter { index >= $0.arguments.count }.map(\.fullName) + resolved.specials
            if !lacking.isEmpty {
                sink.report(location, "'\(name)' is not declared by \(Checker.list(lacking))")
                return nil
            }
            // A clause allowed to match nothing (`-z`) reads its arguments as integers.
            if resolved.sites.isEmpty { return .argument(index: index, type: .int) }
            guard let type = agreedType(resolved.sites.map { ($0.fullName, $0.arguments[index].type.valueType) }, "'\(name)'", location) else { return nil }
            return .argument(index: index, type: type)
        }
        let declaring = resolved.sites.compactMap { site in site.arguments.first { $0.name == name }.map { (site.fullName, $0.type.valueType) } }
        if !declaring.isEmpty {
            let lacking = resolved.sites.filter { $0.argumentIndex(named: name) == nil }.map(\.fullName) + resolved.specials
            if !lacking.isEmpty {
                sink.report(location, "argument '\(name)' is not declared by \(Checker.list(lacking))")
                return nil
            }
            guard let type = agreedType(declaring, "argument '\(name)'", location) else { return nil }
            return Checker.argument(named: name, type: type, in: resolved.sites)
        }
        if let info = scope[.global(name)] { return .global(slot: info.slot, type: info.type) }
        if scope[.array(name)] != nil {
            sink.report(location, "'\(name)' is an associative array; index it, as in \(name)[key]")
            return nil
        }
        // The program's own names and the probes' arguments first, then the built-ins.
        var candidates = scope.globalNames
        for site in resolved.sites { candidates += site.arguments.map(\.name) }
        var hint = Checker.suggestion(name, candidates)
        if hint.isEmpty { hint = Checker.suggestion(name, BuiltinVariable.allCases.map(\.rawValue)) }
        sink.report(location, "unknown variable '\(name)'\(hint)")
        return nil
    }

    /// A declared argument every site declares, by its position: the first site's, and the
    /// position in each site that declares it elsewhere.
    static func argument(named name: String, type: ValueType, in sites: [ProbeSite]) -> Expression {
        let positions = sites.compactMap { site in site.argumentIndex(named: name).map { (site.id, $0) } }
        guard let index = positions.first?.1 else { preconditionFailure("argument '\(name)' resolved where no probe declares it") }
        var perProbe: [ProbeID: Int] = [:]
        for (id, position) in positions where position != index { perProbe[id] = position }
        return .argument(index: index, type: type, perProbe: perProbe)
    }

    mutating func agreedType(_ declared: [(String, ValueType)], _ what: String, _ location: SourceLocation) -> ValueType? {
        guard let first = declared.first else { return nil }
        if let other = declared.first(where: { $0.1 != first.1 }) {
            sink.report(location, "\(what) has different types in the matched probes: \(Checker.article(first.1)) in \(first.0), \(Checker.article(other.1)) in \(other.0)")
            return nil
        }
        return first.1
    }

    // MARK: Wording

    static func display(_ aggregation: String) -> String { "@" + aggregation }

    static func article(_ t: ValueType) -> String {
        switch t {
        case .int: return "an integer"
        case .string: return "a string"
        case .stack: return "a stack"
        case .symbol: return "a symbol"
        }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func list(_ names: [String]) -> String {
        let shown = names.prefix(3).joined(separator: ", ")
        return names.count > 3 ? "\(shown) and \(names.count - 3) more" : shown
    }

    static func suggestion(_ name: String, _ candidates: [String], prefix: String = "") -> String {
        guard let best = NearestNames.nearest(to: name, among: candidates.filter { $0 != name }, limit: 1).first else { return "" }
        return " (did you mean '\(prefix)\(best)'?)"
    }

    static func conversionName(_ c: PrintfConversion) -> String {
        switch c.kind {
        case .signed: return "'%d'"
        case .unsigned: return "'%u'"
        case .hex: return "'%x'"
        case .string: return "'%s'"
        case .character: return "'%c'"
        case .float: return "'%f'"
        case .exponent: return "'%e'"
        case .general: return "'%g'"
        case .octal: return "'%o'"
        case .pointer: return "'%p'"
        case .aggregationValue: return "'%@'"
        case .stack: return "'%k'"
        case .symbol: return "'%a'"
        }
    }
}
