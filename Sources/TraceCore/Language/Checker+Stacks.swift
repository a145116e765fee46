// `ustack([N])` / `stack([N])`: the stack of the firing thread, as an aggregation key.

/// The stack built-ins and their limits.
enum StackFunctions {
    /// The names of the stack built-in (`stack` is DTrace's kernel-stack name; here both are the thread's stack).
    static let stackNames: Set<String> = ["ustack", "stack"]
    /// Every stack function name.
    static var names: Set<String> { stackNames }
    /// Frames kept when no depth is given.
    static let defaultDepth = 16
    /// Most frames a stack key keeps.
    static let maximumDepth = 64
}

extension Checker {
    /// `ustack()`, `ustack(N)`: N a constant from 1 to 64.
    mutating func stackCall(_ name: String, _ arguments: [SyntaxExpression], _ location: SourceLocation) -> Expression? {
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

    /// Refuses a stack anywhere but as an aggregation key: it is an interned id, not a value to print or compare.
    mutating func refuseStrayStacks(_ predicate: Expression?, _ body: [Statement], _ location: SourceLocation) {
        var stray = predicate.map(Checker.containsStack) ?? false
        func visit(_ list: [Statement]) {
            for s in list {
                switch s {
                case .assign(let target, let value):
                    if Checker.containsStack(value) { stray = true }
                    if case .arrayElement(_, let keys, _) = target, keys.contains(where: Checker.containsStack) { stray = true }
                case .aggregate(_, let keys, let arguments):
                    if keys.contains(where: { if case .stack = $0 { return false }; return Checker.containsStack($0) }) { stray = true }
                    if arguments.contains(where: Checker.containsStack) { stray = true }
                case .printf(_, let arguments):
                    if arguments.contains(where: Checker.containsStack) { stray = true }
                case .trace(let e):
                    if Checker.containsStack(e) { stray = true }
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
            sink.report(location, "ustack() can only be an aggregation key, as in @[ustack()] = count(); show the aggregation to see the stacks")
        }
    }

    static func containsStack(_ e: Expression) -> Bool {
        switch e {
        case .stack: return true
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
