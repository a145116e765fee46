// `ustack([N])` / `stack([N])`: the stack of the firing thread; `ufunc`/`usym`/`umod`/`uaddr(addr)`: an address
// named by its symbol; `caller`: the address the probe fired from. Stacks and symbols are aggregation keys, or
// printed (`printf("%k", ustack())`, `printf("%s", ufunc(caller))`, `trace(ustack())`, `ustack();`).

/// The stack built-ins and their limits.
enum StackFunctions {
    /// The names of the stack built-in (`stack` is DTrace's kernel-stack name; here both are the thread's stack).
    static let stackNames: Set<String> = ["ustack", "stack"]
    /// The symbol functions, by name.
    static let symbolForms: [String: SymbolForm] = ["ufunc": .function, "usym": .function, "umod": .module, "uaddr": .address]
    /// `caller` and DTrace's user-level spelling of it.
    static let callerNames: Set<String> = ["caller", "ucaller"]
    /// Every stack function name.
    static var names: Set<String> { stackNames.union(symbolForms.keys) }
    /// Frames kept when no depth is given.
    static let defaultDepth = 16
    /// Most frames a stack key keeps.
    static let maximumDepth = 64
}

extension Checker {
    /// `ustack()`, `ustack(N)` (N a constant from 1 to 64), or a symbol function of one integer address.
    mutating func stackCall(_ name: String, _ arguments: [SyntaxExpression], _ location: SourceLocation) -> Expression? {
        if let form = StackFunctions.symbolForms[name] { return symbolCall(name, form, arguments, location) }
        guard arguments.count <= 1 else {
            sink.report(location, "'\(name)' takes at most one argument, the number of frames: \(name)(\(StackFunctions.defaultDepth))")
            return nil
        }
        guard let written = arguments.first else { return .stack(depth: StackFunctions.defaultDepth) }
        guard let depth = expression(written) else { return nil }
        guard case .integer(let n) = depth, n >= 1, n <= Int64(StackFunctions.maximumDepth) else {
            sink.report(written.location, "the depth of '\(name)' must be a constant from 1 to \(StackFunctions.maximumDepth)")
            return nil
        }
        return .stack(depth: Int(n))
    }

    private mutating func symbolCall(_ name: String, _ form: SymbolForm, _ arguments: [SyntaxExpression], _ location: SourceLocation) -> Expression? {
        guard arguments.count == 1 else {
            sink.report(location, "'\(name)' takes 1 argument, an address, as in \(name)(caller); got \(arguments.count)")
            return nil
        }
        guard let address = expression(arguments[0]) else { return nil }
        guard address.type == .int else {
            sink.report(arguments[0].location, "the argument of '\(name)' must be an integer address, as in \(name)(caller) or \(name)(arg0), not \(Checker.article(address.type))")
            return nil
        }
        return .symbol(form, address)
    }

    /// `ustack`/`stack` without parentheses, `caller`, `ucaller`; nil for any other name (or one the program declared).
    func stackIdentifier(_ name: String) -> Expression? {
        guard scope[.global(name)] == nil else { return nil }
        if StackFunctions.stackNames.contains(name) { return .stack(depth: StackFunctions.defaultDepth) }
        if StackFunctions.callerNames.contains(name) { return .builtin(.caller) }
        return nil
    }

    /// A statement `ustack();`, `ufunc(x);`: DTrace's data-recording actions, which print the value as `trace` does.
    mutating func stackAction(_ name: String, _ arguments: [SyntaxExpression], _ location: SourceLocation) -> Statement? {
        stackCall(name, arguments, location).map { .trace($0) }
    }

    /// Whether a printf conversion that expects `expected` prints a value of type `actual`: `%k` a stack,
    /// `%s` a string or a symbol, `%a`/`%A` an integer address or a symbol.
    static func conversionAccepts(_ c: PrintfConversion, _ expected: ValueType, _ actual: ValueType) -> Bool {
        if expected == actual { return true }
        if actual == .symbol { return c.kind == .string || c.kind == .symbol }
        return false
    }

    /// printf arguments as recorded: an integer under `%a`/`%A` becomes `uaddr(x)`, named when it is printed.
    static func symbolicArguments(_ format: PrintfFormat, _ values: [Expression]) -> [Expression] {
        var out = values
        var position = 0
        for c in format.conversions {
            let n = c.argumentTypes.count
            if c.kind == .symbol, n > 0, position + n - 1 < out.count, out[position + n - 1].type == .int {
                out[position + n - 1] = .symbol(.address, out[position + n - 1])
            }
            position += n
        }
        return out
    }

    /// Whether a printa key conversion prints a key of type `key`: `%k` a stack key, `%s`, `%a`, `%A` a symbol key.
    static func printaAccepts(_ c: PrintfConversion, _ key: ValueType) -> Bool {
        switch c.kind {
        case .stack: return key == .stack
        case .symbol: return key == .symbol
        case .string: return key == .string || key == .symbol
        default: return c.expects == nil || c.expects == key
        }
    }

    /// Refuses a stack or symbol anywhere but as an aggregation key or a whole printf/trace argument: it is an
    /// interned id, named only when read, not a value to compute with.
    mutating func refuseStrayStacks(_ predicate: Expression?, _ body: [Statement], _ location: SourceLocation) {
        var stray = predicate.map(Checker.containsStack) ?? false
        func printed(_ e: Expression) -> Bool {
            switch e {
            case .stack: return false
            case .symbol(_, let address): return Checker.containsStack(address)
            default: return Checker.containsStack(e)
            }
        }
        func visit(_ list: [Statement]) {
            for s in list {
                switch s {
                case .assign(let target, let value):
                    if Checker.containsStack(value) { stray = true }
                    if case .arrayElement(_, let keys, _) = target, keys.contains(where: Checker.containsStack) { stray = true }
                case .aggregate(_, let keys, let arguments):
                    if keys.contains(where: printed) { stray = true }
                    if arguments.contains(where: Checker.containsStack) { stray = true }
                case .printf(_, let arguments):
                    if arguments.contains(where: printed) { stray = true }
                case .trace(let e):
                    if printed(e) { stray = true }
                case .trunc(_, let keep?):
                    if Checker.containsStack(keep) { stray = true }
                case .ifElse(let c, let a, let b):
                    if Checker.containsStack(c) { stray = true }
                    visit(a)
                    visit(b)
                default:
                    break
                }
            }
        }
        visit(body)
        if stray {
            sink.report(location, "ustack() and ufunc()/usym()/umod()/uaddr() can only be aggregation keys, as in @[ustack()] = count(), or printed whole, as in printf(\"%k\", ustack()) or trace(ufunc(caller))")
        }
    }

    static func containsStack(_ e: Expression) -> Bool {
        switch e {
        case .stack, .symbol: return true
        case .integer, .string, .argument, .builtin, .global, .threadLocal, .clauseLocal: return false
        case .arrayElement(_, let keys, _): return keys.contains(where: containsStack)
        case .unary(_, let x): return containsStack(x)
        case .binary(_, let a, let b): return containsStack(a) || containsStack(b)
        case .conditional(let c, let a, let b): return containsStack(c) || containsStack(a) || containsStack(b)
        case .call(_, let args): return args.contains(where: containsStack)
        case .assignment(let target, let value, _): return containsStack(target.storage) || containsStack(value)
        }
    }
}
