// Checks a parsed program and lowers it to the clause form: every name resolved to a slot, a
// probe argument or a built-in; every expression typed and its literals folded; aggregations
// declared by their first use. Errors are collected, not thrown, so that many are reported at once.

/// Checks clauses against their resolved probes and the program's scope.
struct Checker {
    private let clauses: [SyntaxClause]
    private let probes: [ResolvedProbes]
    private let scope: Scope
    private let sourceLines: [[Character]]
    private(set) var sink: DiagnosticSink

    private var aggregationSlots: [String: Int] = [:]
    private var aggregationNames: [String] = []
    private(set) var aggregations: [AggregationDeclaration?] = []
    private var aggregationFirstUse: [Int: SourceLocation] = [:]
    private var clauseIndex = 0
    private var pendingPrintaFormats: [(format: PrintfFormat, aggregation: Int, location: SourceLocation)] = []

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
        var result: [ClauseSpec] = []
        for (c, clause) in clauses.enumerated() {
            clauseIndex = c
            var predicate: Expression? = nil
            if let p = clause.predicate, let e = expression(p) {
                if e.type == .int { predicate = e } else {
                    sink.report(p.location, "the predicate must be an integer or a comparison, not a string")
                }
            }
            let body = statements(clause.body)
            result.append(ClauseSpec(probes: probes[c].probes, predicate: predicate, body: body,
                                     clauseLocals: c < scope.clauseLocals.count ? scope.clauseLocals[c] : [],
                                     line: clause.location.line))
        }
        for pending in pendingPrintaFormats {
            if let declaration = aggregations[pending.aggregation] {
                _ = checkPrintaFormat(pending.format, declaration, pending.location)
            }
        }
        return result
    }

    private mutating func reportNameClashes() {
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

    private mutating func statements(_ list: [SyntaxStatement]) -> [Statement] {
        var out: [Statement] = []
        for s in list {
            if let lowered = statement(s) { out.append(lowered) }
        }
        return out
    }

    private mutating func statement(_ s: SyntaxStatement) -> Statement? {
        switch s.kind {
        case .assign(let target, let value):
            let v = expression(value)
            guard let t = assignmentTarget(target, valueType: v?.type), let v else { return nil }
            return .assign(t, v)
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

    private mutating func assignmentTarget(_ t: SyntaxExpression, valueType: ValueType?) -> AssignmentTarget? {
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
        case .clauseLocal(let n): key = .clauseLocal(clause: clauseIndex, name: n)
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
            sink.report(t.location, "cannot assign \(Checker.article(valueType)) to '\(key.spelling)', which holds \(Checker.article(info.type)) (first assigned at \(info.firstAssignment.line):\(info.firstAssignment.column))")
            return nil
        }
        switch key {
        case .global: return .global(slot: info.slot, type: info.type)
        case .threadLocal: return .threadLocal(slot: info.slot, type: info.type)
        case .clauseLocal: return .clauseLocal(slot: info.slot, type: info.type)
        case .array: return .arrayElement(array: info.slot, keys: keys, type: info.type)
        }
    }

    private mutating func arrayKeys(_ name: String, _ keys: [SyntaxExpression], _ location: SourceLocation) -> [Expression]? {
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
            sink.report(location, "'\(name)' takes \(Checker.count(info.keyTypes.count, "key")), got \(keys.count)")
            return nil
        }
        return result
    }

    // MARK: Aggregations

    private static let aggregatingFunctions = ["count", "sum", "avg", "min", "max", "stddev", "quantize", "hist", "lquantize", "lhist", "llquantize"]

    private mutating func aggregate(name: String, keys: [SyntaxExpression], function written: String, arguments: [SyntaxExpression],
                                    at location: SourceLocation, functionAt: SourceLocation) -> Statement? {
        let display = Checker.display(name)
        let checkedKeys = keys.map { expression($0) }
        let checkedArguments = arguments.map { expression($0) }
        guard let slot = aggregationSlots[name] else { return nil }
        let canonical = written == "hist" ? "quantize" : written == "lhist" ? "lquantize" : written
        let arity: ClosedRange<Int>
        switch canonical {
        case "count": arity = 0...0
        case "sum", "avg", "min", "max", "stddev", "quantize": arity = 1...1
        case "lquantize": arity = 3...4
        case "llquantize": arity = 5...5
        default:
            if StringFunction(rawValue: written) != nil || Checker.actions.contains(written) {
                sink.report(functionAt, "'\(written)' is not an aggregating function; use count(), sum(), avg(), min(), max(), stddev(), quantize(), lquantize() or llquantize()")
            } else {
                sink.report(functionAt, "unknown aggregating function '\(written)'\(Checker.suggestion(written, Checker.aggregatingFunctions))")
            }
            return nil
        }
        guard arity.contains(arguments.count) else {
            let expected = arity.lowerBound == arity.upperBound ? Checker.count(arity.lowerBound, "argument") : "\(arity.lowerBound) or \(arity.upperBound) arguments"
            sink.report(functionAt, "'\(written)' takes \(expected), got \(arguments.count)")
            return nil
        }
        guard !checkedKeys.contains(where: { $0 == nil }), !checkedArguments.contains(where: { $0 == nil }) else { return nil }
        let keyExpressions = checkedKeys.compactMap { $0 }
        let argumentExpressions = checkedArguments.compactMap { $0 }
        if let value = argumentExpressions.first, value.type != .int {
            sink.report(arguments[0].location, "the value of '\(written)' must be an integer, not a string")
            return nil
        }
        var parameters: [Int64] = []
        for (i, p) in argumentExpressions.enumerated().dropFirst() {
            guard case .integer(let v) = p else {
                sink.report(arguments[i].location, "the parameters of '\(written)' must be integer constants")
                return nil
            }
            parameters.append(v)
        }
        let function: AggregationFunction
        switch canonical {
        case "count": function = .count
        case "sum": function = .sum
        case "avg": function = .avg
        case "min": function = .min
        case "max": function = .max
        case "stddev": function = .stddev
        case "quantize": function = .quantize
        case "lquantize":
            function = .lquantize(low: parameters[0], high: parameters[1], step: parameters.count > 2 ? parameters[2] : 1)
        default:
            function = .llquantize(factor: parameters[0], lowMagnitude: parameters[1], highMagnitude: parameters[2], steps: parameters[3])
        }
        if let problem = HistogramLayout.validate(function) {
            sink.report(functionAt, problem)
            return nil
        }
        if keys.count > Checker.maximumKeys {
            sink.report(location, "'\(display)' has \(keys.count) keys; at most \(Checker.maximumKeys) are allowed")
            return nil
        }
        let declaration = AggregationDeclaration(name: name, function: function, keyTypes: keyExpressions.map(\.type))
        if let existing = aggregations[slot], let first = aggregationFirstUse[slot] {
            let at = "\(first.line):\(first.column)"
            if existing.function != function {
                sink.report(functionAt, "'\(display)' is already \(Checker.spell(existing.function)) (at \(at)); it cannot also be \(Checker.spell(function))")
                return nil
            }
            if existing.keyTypes.count != declaration.keyTypes.count {
                sink.report(location, "'\(display)' has \(Checker.count(existing.keyTypes.count, "key")) (at \(at)), not \(declaration.keyTypes.count)")
                return nil
            }
            for (i, t) in declaration.keyTypes.enumerated() where t != existing.keyTypes[i] {
                sink.report(keys[i].location, "key \(i + 1) of '\(display)' is \(Checker.article(existing.keyTypes[i])) (at \(at)), not \(Checker.article(t))")
                return nil
            }
        } else {
            aggregations[slot] = declaration
            aggregationFirstUse[slot] = location
        }
        let values = Array(argumentExpressions.prefix(arity.lowerBound == 0 ? 0 : 1))
        return .aggregate(aggregation: slot, keys: keyExpressions, arguments: values)
    }

    private static func spell(_ f: AggregationFunction) -> String {
        switch f {
        case .lquantize(let l, let h, let s): return "lquantize(…, \(l), \(h), \(s))"
        case .llquantize(let f, let l, let h, let s): return "llquantize(…, \(f), \(l), \(h), \(s))"
        case .count: return "count()"
        default: return f.name + "(…)"
        }
    }

    // MARK: Actions

    /// Most key components an aggregation or associative array may have (the runtime's limit).
    static let maximumKeys = 8

    static let actions = ["printf", "trace", "printa", "print", "clear", "trunc", "exit"]

    private mutating func aggregationSlot(_ e: SyntaxExpression, for action: String) -> Int? {
        guard case .aggregation(let name) = e.kind else {
            sink.report(e.location, "'\(action)' takes an aggregation here, as in \(action)(@counts)")
            return nil
        }
        guard let slot = aggregationSlots[name] else {
            sink.report(e.location, "unknown aggregation '\(Checker.display(name))'\(Checker.suggestion(name, aggregationNames, prefix: "@"))")
            return nil
        }
        return slot
    }

    private mutating func action(_ name: String, _ arguments: [SyntaxExpression], _ location: SourceLocation) -> Statement? {
        switch name {
        case "printf":
            guard let first = arguments.first else {
                sink.report(location, "'printf' needs a format string, as in printf(\"%d\\n\", x)")
                return nil
            }
            let rest = arguments.dropFirst().map { expression($0) }
            guard case .string(let format) = first.kind else {
                sink.report(first.location, "the format of 'printf' must be a string literal")
                return nil
            }
            let parsed: PrintfFormat
            do { parsed = try PrintfFormat.parse(format) } catch {
                sink.report(formatLocation(first.location, error.offset), error.message)
                return nil
            }
            guard !rest.contains(where: { $0 == nil }) else { return nil }
            let values = rest.compactMap { $0 }
            if parsed.conversions.count != values.count {
                sink.report(location, "the format has \(Checker.count(parsed.conversions.count, "conversion")) but printf got \(Checker.count(values.count, "argument")) after it")
                return nil
            }
            for (i, c) in parsed.conversions.enumerated() {
                if let expected = c.expects, expected != values[i].type {
                    sink.report(arguments[i + 1].location, "conversion \(Checker.conversionName(c)) expects \(Checker.article(expected)), but this argument is \(Checker.article(values[i].type))")
                    return nil
                }
            }
            return .printf(format: format, arguments: values)
        case "trace":
            guard arguments.count == 1 else {
                sink.report(location, "'trace' takes 1 argument, got \(arguments.count)")
                return nil
            }
            if case .aggregation = arguments[0].kind {
                sink.report(arguments[0].location, "'trace' takes a value; print an aggregation with printa()")
                return nil
            }
            guard let e = expression(arguments[0]) else { return nil }
            return .trace(e)
        case "printa", "print":
            var rest = arguments[...]
            var format: String? = nil
            var parsed: PrintfFormat? = nil
            if name == "printa", let first = rest.first, case .string(let f) = first.kind {
                rest = rest.dropFirst()
                format = f
                do { parsed = try PrintfFormat.parse(f, allowAggregationValue: true) } catch {
                    sink.report(formatLocation(first.location, error.offset), error.message)
                    return nil
                }
            }
            guard !rest.isEmpty else {
                sink.report(location, "'\(name)' needs an aggregation, as in \(name)(@counts)")
                return nil
            }
            if name == "print" && rest.count != 1 {
                sink.report(location, "'print' takes 1 aggregation, got \(rest.count)")
                return nil
            }
            var slots: [Int] = []
            for a in rest {
                guard let slot = aggregationSlot(a, for: name) else { return nil }
                slots.append(slot)
            }
            if let parsed {
                for (a, slot) in zip(rest, slots) {
                    // An aggregation first assigned further down is checked once every clause is.
                    guard let declaration = aggregations[slot] else {
                        pendingPrintaFormats.append((parsed, slot, a.location))
                        continue
                    }
                    if !checkPrintaFormat(parsed, declaration, a.location) { return nil }
                }
            }
            return .printa(format: format, aggregations: slots, withName: name == "print")
        case "clear":
            guard arguments.count == 1 else {
                sink.report(location, "'clear' takes 1 aggregation, got \(arguments.count)")
                return nil
            }
            guard let slot = aggregationSlot(arguments[0], for: name) else { return nil }
            return .clear(aggregation: slot)
        case "trunc":
            guard arguments.count == 1 || arguments.count == 2 else {
                sink.report(location, "'trunc' takes an aggregation and an optional count, got \(Checker.count(arguments.count, "argument"))")
                return nil
            }
            let slot = aggregationSlot(arguments[0], for: name)
            var keep: Expression? = nil
            if arguments.count == 2 {
                guard let n = expression(arguments[1]) else { return nil }
                if n.type != .int {
                    sink.report(arguments[1].location, "the count of 'trunc' must be an integer, not a string")
                    return nil
                }
                keep = n
            }
            guard let slot else { return nil }
            return .trunc(aggregation: slot, keep: keep)
        case "exit":
            // `exit(0)` as in D: the status is accepted and ignored.
            guard arguments.count <= 1 else {
                sink.report(location, "'exit' takes at most 1 argument, got \(arguments.count)")
                return nil
            }
            if let a = arguments.first, let e = expression(a), e.type != .int {
                sink.report(a.location, "the status of 'exit' must be an integer, not a string")
                return nil
            }
            return .exit
        default:
            if let f = StringFunction(rawValue: name) {
                sink.report(location, "the result of '\(f.rawValue)' is unused; assign it or pass it to trace() or printf()")
            } else if Checker.aggregatingFunctions.contains(name) {
                sink.report(location, "'\(name)' is an aggregating function; use it as '@name = \(name)(…)'")
            } else {
                sink.report(location, "unknown function '\(name)'\(Checker.suggestion(name, TraceLanguage.functionNames))")
            }
            return nil
        }
    }

    /// printa conversions other than `%@` print the keys, in order.
    private mutating func checkPrintaFormat(_ format: PrintfFormat, _ declaration: AggregationDeclaration, _ location: SourceLocation) -> Bool {
        let keyConversions = format.conversions.filter { $0.kind != .aggregationValue }
        if keyConversions.count > declaration.keyTypes.count {
            sink.report(location, "the printa format has \(Checker.count(keyConversions.count, "key conversion")) but '\(Checker.display(declaration.name))' has \(Checker.count(declaration.keyTypes.count, "key"))")
            return false
        }
        for (i, c) in keyConversions.enumerated() {
            if let expected = c.expects, expected != declaration.keyTypes[i] {
                sink.report(location, "printa conversion \(Checker.conversionName(c)) expects \(Checker.article(expected)), but key \(i + 1) of '\(Checker.display(declaration.name))' is \(Checker.article(declaration.keyTypes[i]))")
                return false
            }
        }
        return true
    }

    /// Where the `offset`-th decoded Character of the string literal at `literal` is in the source.
    private func formatLocation(_ literal: SourceLocation, _ offset: Int) -> SourceLocation {
        guard literal.line >= 1, literal.line <= sourceLines.count else { return literal }
        let text = sourceLines[literal.line - 1]
        var i = literal.column  // just after the opening quote (columns are 1-based)
        guard literal.column - 1 < text.count, text[literal.column - 1] == "\"" else { return literal }
        var decoded = 0
        while i < text.count && decoded < offset {
            i += text[i] == "\\" ? 2 : 1
            decoded += 1
        }
        return SourceLocation(line: literal.line, column: i + 1)
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
            guard let info = scope[.clauseLocal(clause: clauseIndex, name: n)] else {
                sink.report(e.location, "unknown clause-local variable 'this->\(n)'\(Checker.suggestion(n, scope.clauseLocalNames(clauseIndex), prefix: "this->"))")
                return nil
            }
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
        case .call(let name, let arguments):
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

    private static func signature(_ f: StringFunction) -> (required: [ValueType], optional: [ValueType], spelled: String) {
        switch f {
        case .strlen: return ([.string], [], "strlen(s)")
        case .substr: return ([.string, .int], [.int], "substr(s, start[, length])")
        case .strjoin: return ([.string, .string], [], "strjoin(a, b)")
        case .strstr: return ([.string, .string], [], "strstr(s, t)")
        case .str: return ([.int], [], "str(n)")
        }
    }

    private mutating func stringFunction(_ f: StringFunction, _ arguments: [SyntaxExpression], _ location: SourceLocation) -> Expression? {
        let (required, optional, spelled) = Checker.signature(f)
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

    private mutating func identifier(_ name: String, _ location: SourceLocation) -> Expression? {
        let resolved = probes[clauseIndex]
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
        if let index = NameResolution.argumentIndex(name) {
            let lacking = resolved.sites.filter { index >= $0.arguments.count }.map(\.fullName) + resolved.specials
            if !lacking.isEmpty {
                sink.report(location, "'\(name)' is not declared by \(Checker.list(lacking))")
                return nil
            }
            // A clause allowed to match nothing (`-z`) reads its arguments as integers.
            if resolved.sites.isEmpty { return .argumentAt(index: index, type: .int) }
            guard let type = agreedType(resolved.sites.map { ($0.fullName, $0.arguments[index].type.valueType) }, "'\(name)'", location) else { return nil }
            return .argumentAt(index: index, type: type)
        }
        let declaring = resolved.sites.compactMap { site in site.arguments.first { $0.name == name }.map { (site.fullName, $0.type.valueType) } }
        if !declaring.isEmpty {
            let lacking = resolved.sites.filter { $0.argumentIndex(named: name) == nil }.map(\.fullName) + resolved.specials
            if !lacking.isEmpty {
                sink.report(location, "argument '\(name)' is not declared by \(Checker.list(lacking))")
                return nil
            }
            guard let type = agreedType(declaring, "argument '\(name)'", location) else { return nil }
            return .argument(name: name, type: type)
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

    private mutating func agreedType(_ declared: [(String, ValueType)], _ what: String, _ location: SourceLocation) -> ValueType? {
        guard let first = declared.first else { return nil }
        if let other = declared.first(where: { $0.1 != first.1 }) {
            sink.report(location, "\(what) has different types in the matched probes: \(Checker.article(first.1)) in \(first.0), \(Checker.article(other.1)) in \(other.0)")
            return nil
        }
        return first.1
    }

    // MARK: Wording

    static func display(_ aggregation: String) -> String { "@" + aggregation }

    static func article(_ t: ValueType) -> String { t == .int ? "an integer" : "a string" }

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
        case .aggregationValue: return "'%@'"
        }
    }
}
