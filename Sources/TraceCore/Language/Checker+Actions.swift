// Checking actions: printf and printa formats against their arguments, trace, print, clear, trunc, exit.

extension Checker {

    /// Most key components an aggregation or associative array may have (the runtime's limit).
    static let maximumKeys = TraceLimits.maximumKeyComponents

    static let actions = ["printf", "trace", "printa", "print", "clear", "trunc", "exit"]

    mutating func aggregationSlot(_ e: SyntaxExpression, for action: String) -> Int? {
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

    mutating func action(_ name: String, _ arguments: [SyntaxExpression], _ location: SourceLocation) -> Statement? {
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
            if format.isEmpty {
                sink.report(first.location, "the format of 'printf' is empty; give it something to print, as in printf(\"%d\\n\", x)")
                return nil
            }
            let parsed: PrintfFormat
            do { parsed = try PrintfFormat.parse(format) } catch {
                sink.report(formatLocation(first.location, error.offset), error.message)
                return nil
            }
            guard !rest.contains(where: { $0 == nil }) else { return nil }
            let values = rest.compactMap { $0 }
            let types = parsed.argumentTypes
            if types.count != values.count {
                if types.count == parsed.conversions.count {
                    sink.report(location, "the format has \(Checker.count(types.count, "conversion")) but printf got \(Checker.count(values.count, "argument")) after it")
                } else {
                    sink.report(location, "the format takes \(Checker.count(types.count, "argument")), counting each '*' width and precision, but printf got \(values.count) after it")
                }
                return nil
            }
            var position = 0
            for c in parsed.conversions {
                for (k, expected) in c.argumentTypes.enumerated() {
                    defer { position += 1 }
                    guard !Checker.conversionAccepts(c, expected, values[position].type) else { continue }
                    let what = k < c.argumentTypes.count - 1 || c.expects == nil ? "the '*' of conversion \(Checker.conversionName(c))" : "conversion \(Checker.conversionName(c))"
                    sink.report(arguments[position + 1].location, "\(what) expects \(Checker.article(expected)), but this argument is \(Checker.article(values[position].type))")
                    return nil
                }
            }
            return .printf(format: format, arguments: Checker.symbolicArguments(parsed, values))
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
            if parsed != nil && slots.count > 1 {
                pendingPrintaJoins.append((slots, rest.map(\.location)))
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
            // `exit(N)` as in D: N becomes the console's exit status in script mode.
            guard arguments.count <= 1 else {
                sink.report(location, "'exit' takes at most 1 argument, got \(arguments.count)")
                return nil
            }
            guard let a = arguments.first else { return .exit }
            guard let e = expression(a) else { return nil }
            if e.type != .int {
                sink.report(a.location, "the status of 'exit' must be an integer, not a string")
                return nil
            }
            if case .integer(0) = e { return .exit }
            return .exitWith(e)
        default:
            if StackFunctions.names.contains(name) { return stackAction(name, arguments, location) }
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
    mutating func checkPrintaFormat(_ format: PrintfFormat, _ declaration: AggregationDeclaration, _ location: SourceLocation) -> Bool {
        let keyConversions = format.conversions.filter { $0.kind != .aggregationValue }
        if keyConversions.count > declaration.keyTypes.count {
            sink.report(location, "the printa format has \(Checker.count(keyConversions.count, "key conversion")) but '\(Checker.display(declaration.name))' has \(Checker.count(declaration.keyTypes.count, "key"))")
            return false
        }
        for (i, c) in keyConversions.enumerated() {
            if let expected = c.expects, !Checker.printaAccepts(c, declaration.keyTypes[i]) {
                sink.report(location, "printa conversion \(Checker.conversionName(c)) expects \(Checker.article(c.kind == .symbol ? .symbol : expected)), but key \(i + 1) of '\(Checker.display(declaration.name))' is \(Checker.article(declaration.keyTypes[i]))")
                return false
            }
        }
        return true
    }

    /// Where the `offset`-th decoded Character of the string literal at `literal` is in the source.
    func formatLocation(_ literal: SourceLocation, _ offset: Int) -> SourceLocation {
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
}
