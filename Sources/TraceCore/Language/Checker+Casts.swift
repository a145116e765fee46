// Casts and declared types: `(int)x` keeps x's low 32 bits sign-extended, `(uint8_t)x` its low 8 bits;
// a 64-bit type leaves the value as it is (comparisons stay signed: values are 64-bit signed integers).
// A store to a variable declared narrower than 64 bits truncates the same way.

extension Checker {
    mutating func cast(_ type: CType, _ spelled: String, _ operand: SyntaxExpression, _ location: SourceLocation) -> Expression? {
        guard let x = expression(operand) else { return nil }
        switch (type, x.type) {
        case (.string, .string):
            return x
        case (.string, _):
            sink.report(location, "a (string) cast reads a C string from memory in DTrace, which this tracer cannot; convert an integer with str(x)")
            return nil
        case (.integer, .int):
            guard let op = type.narrowing else { return x }
            return ConstantFolding.unary(op, x)
        case (.integer, _):
            sink.report(location, "cannot cast \(Checker.article(x.type)) to '\(spelled)'; only integers convert to integer types")
            return nil
        }
    }

    /// `value` as stored in the variable `target` names: truncated to its declared type.
    func narrowed(_ target: SyntaxExpression, _ value: Expression) -> Expression {
        let key: VariableKey
        switch target.kind {
        case .identifier(let n): key = .global(n)
        case .threadLocal(let n): key = .threadLocal(n)
        case .clauseLocal(let n): key = .clauseLocal(n)
        case .index(let n, _): key = .array(n)
        default: return value
        }
        guard let op = scope[key]?.narrowing, value.type == .int else { return value }
        return ConstantFolding.unary(op, value)
    }
}

extension Checker {
    /// In a clause that fires only at ERROR: its arguments by position (`arg1`, `arg4`) or name (`fault`, `message`).
    func errorArgument(_ name: String, _ resolved: ResolvedProbes) -> Expression? {
        guard resolved.sites.isEmpty, !resolved.probes.isEmpty, resolved.probes.allSatisfy({ $0 == .error }) else { return nil }
        let arguments = SpecialProbes.errorArguments
        if let index = NameResolution.argumentIndex(name), index < arguments.count {
            return .argument(index: index, type: arguments[index].type.valueType)
        }
        if scope[.global(name)] == nil, let index = arguments.firstIndex(where: { $0.name == name }) {
            return .argument(index: index, type: arguments[index].type.valueType)
        }
        return nil
    }
}
