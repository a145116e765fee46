// Translates CLTRACE forms to the same syntax tree the D-like parser produces, so that a
// `define-program` compiles, through the same checker, to the same ProgramSpec as its D-like twin:
//
//   (define-program slow-match                      orders:match:entry
//     ((:entry orders:match :when (= side 1))       /side == 1/
//      (agg! counts fn-name :count)                 { @counts[probefunc] = count();
//      (setvar :value t)))                            value = 1; }
//
// Names: `fn-name` is probefunc, `t`/`nil` are 1/0, and `-` in a variable or aggregation name
// becomes `_` (`:slow-count` is the global `slow_count`). Errors point at the offending sub-form.

enum LispTranslator {
    static func translate(_ source: String, registry: ProbeRegistry) throws(DefinitionError) -> LispForm {
        var reader = LispReader(source)
        let form: LispValue
        switch reader.readForm() {
        case .success(let v): form = v
        case .failure(let e): throw DefinitionError(diagnostics: [e.diagnostic], source: source)
        }
        var translator = Translation()
        let result = translator.topLevel(form)
        if !translator.sink.isEmpty { throw DefinitionError(diagnostics: translator.sink.finished(), source: source) }
        switch result {
        case .getagg(let n)?: return .getagg(n)
        case .getvar(let n)?: return .getvar(n)
        case .program(let name, let clauses)?:
            switch Checker.checkProgram(name: name, source: source, clauses: clauses, registry: registry,
                                         allowZeroMatches: false, sink: DiagnosticSink()) {
            case .success(let spec): return .defineProgram(spec)
            case .failure(let error): throw error
            }
        case nil:
            throw DefinitionError(diagnostics: [Diagnostic(form.location, "cannot translate this form")], source: source)
        }
    }

    /// A variable or aggregation name as the D-like language spells it.
    static func variableName(_ lisp: String) -> String {
        String(lisp.map { $0 == "-" ? "_" : $0 })
    }
}

/// One translation: the syntax it builds and the errors it finds.
private struct Translation {
    enum TopLevel {
        case program(String, [SyntaxClause])
        case getagg(String)
        case getvar(String)
    }

    var sink = DiagnosticSink()

    private mutating func fail<T>(_ at: LispValue, _ message: String) -> T? {
        sink.report(at.location, message)
        return nil
    }

    mutating func topLevel(_ form: LispValue) -> TopLevel? {
        guard let items = form.list, let head = items.first, let name = head.symbol?.lowercased() else {
            return fail(form, "expected a form such as (define-program NAME …), (getagg NAME) or (getvar :NAME)")
        }
        switch name {
        case "define-program":
            guard items.count >= 2, let programName = items[1].symbol else {
                return fail(items.count >= 2 ? items[1] : head, "define-program needs a name: (define-program NAME (PROBE FORMS…) …)")
            }
            guard items.count >= 3 else { return fail(form, "define-program '\(programName)' has no clauses; add ((:entry FN) FORMS…)") }
            var clauses: [SyntaxClause] = []
            for c in items.dropFirst(2) {
                if let clause = clause(c) { clauses.append(clause) }
            }
            return .program(programName, clauses)
        case "getagg":
            guard items.count == 2, let n = items[1].symbol ?? items[1].keyword else {
                return fail(form, "write (getagg NAME)")
            }
            let stripped = n.hasPrefix("@") ? String(n.dropFirst()) : n
            return .getagg(LispTranslator.variableName(stripped))
        case "getvar":
            guard items.count == 2, let n = items[1].keyword ?? items[1].symbol else {
                return fail(form, "write (getvar :NAME)")
            }
            return .getvar(LispTranslator.variableName(n))
        default:
            let known = ["define-program", "getagg", "getvar"]
            let hint = EditDistance.nearest(to: name, among: known, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
            return fail(head, "unknown form '\(name)'\(hint); expected define-program, getagg or getvar")
        }
    }

    /// `((:entry FN [:when PRED]) FORMS…)`.
    private mutating func clause(_ c: LispValue) -> SyntaxClause? {
        guard let items = c.list, let spec = items.first, let parts = spec.list, let kind = parts.first?.keyword else {
            return fail(c, "expected a clause ((:entry FN [:when PRED]) FORMS…)")
        }
        var probe: SyntaxProbe
        var rest = parts.dropFirst()
        switch kind {
        case "entry", "exit":
            guard let target = rest.first, let fn = target.symbol else {
                return fail(parts[0], "':\(kind)' needs a function, as in (:\(kind) orders:match)")
            }
            rest = rest.dropFirst()
            if fn.split(separator: ":", omittingEmptySubsequences: false).count > 3 {
                return fail(target, "':\(kind)' takes provider:module:function (without entry or return), not '\(fn)'")
            }
            probe = SyntaxProbe(text: fn + (kind == "entry" ? ":entry" : ":return"), location: target.location)
        case "probe":
            guard let target = rest.first, let text = target.symbol ?? { if case .string(let s) = target.kind { return s }; return nil }() else {
                return fail(parts[0], "':probe' needs a probe description, as in (:probe orders:book:fill)")
            }
            rest = rest.dropFirst()
            probe = SyntaxProbe(text: text, location: target.location)
        case "begin", "end":
            probe = SyntaxProbe(text: kind.uppercased(), location: parts[0].location)
        default:
            return fail(parts[0], "unknown probe kind ':\(kind)'; use :entry, :exit, :probe, :begin or :end")
        }
        var predicate: SyntaxExpression? = nil
        if let w = rest.first {
            guard w.keyword == "when", rest.count == 2 else {
                return fail(w, "expected ':when PREDICATE' after the probe")
            }
            predicate = expression(rest[rest.startIndex + 1])
            if predicate == nil { return nil }
        }
        var body: [SyntaxStatement] = []
        for f in items.dropFirst() {
            if let s = statement(f) { body.append(s) }
        }
        return SyntaxClause(probes: [probe], predicate: predicate, body: body, location: probe.location)
    }

    // MARK: Forms

    private mutating func statement(_ f: LispValue) -> SyntaxStatement? {
        guard let items = f.list, let head = items.first?.symbol?.lowercased() else {
            return fail(f, "expected a form such as (agg! NAME KEY :count), (setvar :NAME VALUE) or (print FMT ARGS…)")
        }
        let arguments = Array(items.dropFirst())
        switch head {
        case "agg!":
            return aggregation(f, arguments)
        case "setvar":
            guard arguments.count == 2, let n = arguments[0].keyword ?? arguments[0].symbol else {
                return fail(f, "write (setvar :NAME VALUE)")
            }
            guard let value = expression(arguments[1]) else { return nil }
            let target = SyntaxExpression(.identifier(LispTranslator.variableName(n)), arguments[0].location)
            return SyntaxStatement(kind: .assign(target: target, value: value), location: arguments[0].location)
        case "print", "printf":
            guard let values = expressions(arguments) else { return nil }
            return SyntaxStatement(kind: .expression(SyntaxExpression(.call("printf", values), f.location)), location: f.location)
        case "trace":
            guard let values = expressions(arguments) else { return nil }
            return SyntaxStatement(kind: .expression(SyntaxExpression(.call("trace", values), f.location)), location: f.location)
        case "exit":
            return SyntaxStatement(kind: .expression(SyntaxExpression(.call("exit", []), f.location)), location: f.location)
        case "when":
            guard let condition = arguments.first else { return fail(f, "write (when CONDITION FORMS…)") }
            guard let c = expression(condition) else { return nil }
            let body = arguments.dropFirst().compactMap { statement($0) }
            return SyntaxStatement(kind: .ifElse(condition: c, then: body, else: []), location: f.location)
        default:
            let known = ["agg!", "setvar", "print", "trace", "exit", "when"]
            let hint = EditDistance.nearest(to: head, among: known, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
            return fail(items[0], "unknown form '\(head)'\(hint)")
        }
    }

    /// `(agg! NAME KEY :FUNCTION ARGS…)`: KEY is an expression, `nil` for none, or `(list K…)`.
    private mutating func aggregation(_ f: LispValue, _ arguments: [LispValue]) -> SyntaxStatement? {
        guard arguments.count >= 3, let n = arguments[0].symbol ?? arguments[0].keyword else {
            return fail(f, "write (agg! NAME KEY :count), or :sum X, :avg X, :min X, :max X, :quantize X")
        }
        guard let function = arguments[2].keyword else {
            return fail(arguments[2], "expected the aggregating function as a keyword, such as :count or :sum")
        }
        var keys: [SyntaxExpression] = []
        let key = arguments[1]
        if key.symbol?.lowercased() == "nil" {
            keys = []
        } else if let parts = key.list, parts.first?.symbol?.lowercased() == "list" {
            guard let k = expressions(Array(parts.dropFirst())) else { return nil }
            keys = k
        } else {
            guard let k = expression(key) else { return nil }
            keys = [k]
        }
        guard let values = expressions(Array(arguments.dropFirst(3))) else { return nil }
        let name = LispTranslator.variableName(n.hasPrefix("@") ? String(n.dropFirst()) : n)
        return SyntaxStatement(kind: .aggregate(name: name, keys: keys, function: function, arguments: values,
                                                functionLocation: arguments[2].location), location: f.location)
    }

    // MARK: Expressions

    private mutating func expressions(_ values: [LispValue]) -> [SyntaxExpression]? {
        var out: [SyntaxExpression] = []
        var failed = false
        for v in values {
            if let e = expression(v) { out.append(e) } else { failed = true }
        }
        return failed ? nil : out
    }

    private static let comparisons: [String: BinaryOperator] = [
        "=": .equal, "/=": .notEqual, "<": .less, ">": .greater, "<=": .lessEqual, ">=": .greaterEqual,
    ]
    private static let arithmetic: [String: BinaryOperator] = [
        "+": .add, "-": .subtract, "*": .multiply, "/": .divide, "mod": .modulo, "rem": .modulo,
        "and": .logicalAnd, "or": .logicalOr,
    ]

    private mutating func expression(_ v: LispValue) -> SyntaxExpression? {
        let result: SyntaxExpression?
        switch v.kind {
        case .integer(let i): return SyntaxExpression(.integer(i), v.location)
        case .string(let s): return SyntaxExpression(.string(s), v.location)
        case .keyword(let k): return SyntaxExpression(.identifier(LispTranslator.variableName(k)), v.location)
        case .symbol(let s):
            switch s.lowercased() {
            case "t": return SyntaxExpression(.integer(1), v.location)
            case "nil": return SyntaxExpression(.integer(0), v.location)
            case "fn-name": return SyntaxExpression(.identifier("probefunc"), v.location)
            default: return SyntaxExpression(.identifier(LispTranslator.variableName(s)), v.location)
            }
        case .list(let items):
            guard let op = items.first?.symbol?.lowercased() else {
                return fail(v, "expected an operator, as in (= side 1)")
            }
            let operands = Array(items.dropFirst())
            guard let args = expressions(operands) else { return nil }
            if let binary = Translation.comparisons[op] {
                guard args.count == 2 else { return fail(v, "'\(op)' takes 2 arguments, got \(args.count)") }
                result = SyntaxExpression(.binary(binary, args[0], args[1]), v.location)
            } else if op == "not" {
                guard args.count == 1 else { return fail(v, "'not' takes 1 argument, got \(args.count)") }
                result = SyntaxExpression(.unary(.logicalNot, args[0]), v.location)
            } else if op == "-" && args.count == 1 {
                result = SyntaxExpression(.unary(.negate, args[0]), v.location)
            } else if let binary = Translation.arithmetic[op] {
                let minimum = (op == "+" || op == "*" || op == "and" || op == "or") ? 1 : 2
                guard args.count >= minimum else { return fail(v, "'\(op)' takes at least \(minimum) arguments, got \(args.count)") }
                var e = args[0]
                for a in args.dropFirst() {
                    e = SyntaxExpression(.binary(binary, e, a), v.location)
                    if e.depth > Parser.maximumDepth { break }
                }
                if (op == "and" || op == "or") && args.count == 1 {
                    e = SyntaxExpression(.binary(.notEqual, e, SyntaxExpression(.integer(0), v.location)), v.location)
                }
                result = e
            } else if op == "if" {
                guard args.count == 3 else { return fail(v, "'if' takes 3 arguments (if TEST THEN ELSE), got \(args.count)") }
                result = SyntaxExpression(.conditional(args[0], args[1], args[2]), v.location)
            } else if StringFunction(rawValue: op) != nil {
                result = SyntaxExpression(.call(op, args), v.location)
            } else {
                return fail(items[0], "unknown operator '\(op)'; use = /= < > <= >= + - * / and or not if")
            }
        }
        if let result, result.depth > Parser.maximumDepth {
            return fail(v, "expression is too complex (more than \(Parser.maximumDepth) levels deep)")
        }
        return result
    }
}
