// Checking `@name[keys] = function(arguments)`: the function, its arity and constant parameters,
// and agreement with the aggregation's first use (same function, parameters and key types).

extension Checker {

    static let aggregatingFunctions = ["count", "sum", "avg", "min", "max", "stddev", "quantize", "hist", "lquantize", "lhist", "llquantize"]

    mutating func aggregate(name: String, keys: [SyntaxExpression], function written: String, arguments: [SyntaxExpression],
                                    at location: SourceLocation, functionAt: SourceLocation) -> Statement? {
        let display = Checker.display(name)
        let checkedKeys = keys.map { expression($0) }
        let checkedArguments = arguments.map { expression($0) }
        guard let slot = aggregationSlots[name] else { return nil }
        let canonical = written == "hist" ? "quantize" : written == "lhist" ? "lquantize" : written
        let arity: ClosedRange<Int>
        switch canonical {
        case "count": arity = 0...0
        case "sum", "avg", "min", "max", "stddev": arity = 1...1
        case "quantize": arity = 1...2
        case "lquantize": arity = 3...5
        case "llquantize": arity = 5...6
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
        // The weight (increment) of a histogram: quantize(v, w), lquantize(v, lo, hi, step, w), llquantize(…, steps, w).
        let weightIndex: Int? = switch canonical {
        case "quantize": 1
        case "lquantize": 4
        case "llquantize": 5
        default: nil
        }
        var weight: Expression? = nil
        if let w = weightIndex, w < argumentExpressions.count {
            weight = argumentExpressions[w]
            if weight?.type != .int {
                sink.report(arguments[w].location, "the weight of '\(written)' must be an integer, not a string")
                return nil
            }
        }
        var parameters: [Int64] = []
        for (i, p) in argumentExpressions.enumerated().dropFirst() where i != weightIndex {
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
        let values = Array(argumentExpressions.prefix(arity.lowerBound == 0 ? 0 : 1)) + (weight.map { [$0] } ?? [])
        return .aggregate(aggregation: slot, keys: keyExpressions, arguments: values)
    }

    static func spell(_ f: AggregationFunction) -> String {
        switch f {
        case .lquantize(let l, let h, let s): return "lquantize(…, \(l), \(h), \(s))"
        case .llquantize(let f, let l, let h, let s): return "llquantize(…, \(f), \(l), \(h), \(s))"
        case .count: return "count()"
        default: return f.name + "(…)"
        }
    }
}
