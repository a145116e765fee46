// The program's variables: every global, `self->`, `this->` and associative array gets a slot and
// a type before any clause is checked. A variable's type is that of its first assignment in
// source order; types that depend on other variables are settled by iterating to a fixed point
// (no recursion, so no chain of variables can exhaust the stack).

/// Which namespace a variable lives in.
enum VariableKey: Hashable {
    case global(String)
    case threadLocal(String)
    case clauseLocal(clause: Int, name: String)
    case array(String)

    /// How the variable is written in the language.
    var spelling: String {
        switch self {
        case .global(let n), .array(let n): return n
        case .threadLocal(let n): return "self->" + n
        case .clauseLocal(_, let n): return "this->" + n
        }
    }
}

/// A variable's slot and type.
struct VariableInfo {
    var slot: Int
    var type: ValueType
    /// Key types of an associative array (empty for scalars).
    var keyTypes: [ValueType]
    /// Where it is first assigned.
    var firstAssignment: SourceLocation
}

/// Every variable of a program.
struct Scope {
    private(set) var variables: [VariableKey: VariableInfo] = [:]
    private(set) var globals: [VariableDeclaration] = []
    private(set) var threadLocals: [VariableDeclaration] = []
    private(set) var arrays: [ArrayDeclaration] = []
    private(set) var clauseLocals: [[VariableDeclaration]]

    subscript(key: VariableKey) -> VariableInfo? { variables[key] }

    /// Names in a namespace, for "did you mean".
    var globalNames: [String] { globals.map(\.name) }
    var threadLocalNames: [String] { threadLocals.map(\.name) }
    var arrayNames: [String] { arrays.map(\.name) }
    func clauseLocalNames(_ clause: Int) -> [String] {
        clause < clauseLocals.count ? clauseLocals[clause].map(\.name) : []
    }

    private struct FirstAssignment {
        var key: VariableKey
        var value: SyntaxExpression
        var keys: [SyntaxExpression]
        var clause: Int
        var location: SourceLocation
    }

    /// Builds the scope from every assignment of the program.
    init(clauses: [SyntaxClause], probes: [ResolvedProbes]) {
        clauseLocals = Array(repeating: [], count: clauses.count)
        var order: [FirstAssignment] = []
        var seen = Set<VariableKey>()
        for (c, clause) in clauses.enumerated() {
            // Walk statements in source order without recursion: an explicit stack of pending lists.
            // Assignments inside expressions (`x++`, `(x = 1)`) are walked as statements of their own.
            var stack: [ArraySlice<SyntaxStatement>] = [clause.body[...]]
            if let p = clause.predicate { stack.append(Scope.embeddedAssignments([p])[...]) }
            while var list = stack.popLast() {
                guard let statement = list.popFirst() else { continue }
                stack.append(list)
                let embedded: [SyntaxExpression]
                switch statement.kind {
                case .assign(let target, let value): embedded = [target, value]
                case .aggregate(_, let keys, _, let arguments, _): embedded = keys + arguments
                case .expression(let e): embedded = [e]
                case .ifElse(let condition, _, _): embedded = [condition]
                }
                let inner = Scope.embeddedAssignments(embedded)
                if !inner.isEmpty { stack.append(inner[...]) }
                switch statement.kind {
                case .assign(let target, let value):
                    let key: VariableKey
                    var keys: [SyntaxExpression] = []
                    switch target.kind {
                    case .identifier(let n): key = .global(n)
                    case .threadLocal(let n): key = .threadLocal(n)
                    case .clauseLocal(let n): key = .clauseLocal(clause: c, name: n)
                    case .index(let n, let k): key = .array(n); keys = k
                    default: continue
                    }
                    if seen.insert(key).inserted {
                        order.append(FirstAssignment(key: key, value: value, keys: keys, clause: c, location: target.location))
                    }
                case .ifElse(_, let thenPart, let elsePart):
                    stack.append(elsePart[...])
                    stack.append(thenPart[...])
                default:
                    break
                }
            }
        }

        // Settle types: each round types every first assignment whose value's type is now known.
        var types: [VariableKey: ValueType] = [:]
        var changed = true
        while changed {
            changed = false
            for a in order where types[a.key] == nil {
                if let t = Scope.shallowType(a.value, clause: a.clause, probes: probes[a.clause], types: types) {
                    types[a.key] = t
                    changed = true
                }
            }
        }

        for a in order {
            let type = types[a.key] ?? .int
            var info = VariableInfo(slot: 0, type: type, keyTypes: [], firstAssignment: a.location)
            switch a.key {
            case .global(let n):
                info.slot = globals.count
                globals.append(VariableDeclaration(name: n, type: type))
            case .threadLocal(let n):
                info.slot = threadLocals.count
                threadLocals.append(VariableDeclaration(name: n, type: type))
            case .clauseLocal(let c, let n):
                info.slot = clauseLocals[c].count
                clauseLocals[c].append(VariableDeclaration(name: n, type: type))
            case .array(let n):
                info.keyTypes = a.keys.map { Scope.shallowType($0, clause: a.clause, probes: probes[a.clause], types: types) ?? .int }
                info.slot = arrays.count
                arrays.append(ArrayDeclaration(name: n, keyTypes: info.keyTypes, valueType: type))
            }
            variables[a.key] = info
        }
    }

    /// The assignments inside expressions, as statements, outermost first (walked without recursion).
    static func embeddedAssignments(_ roots: [SyntaxExpression]) -> [SyntaxStatement] {
        var found: [SyntaxStatement] = []
        var pending = Array(roots.reversed())
        while let e = pending.popLast() {
            var children: [SyntaxExpression] = []
            switch e.kind {
            case .integer, .string, .identifier, .threadLocal, .clauseLocal, .aggregation: break
            case .index(_, let keys), .call(_, let keys): children = keys
            case .unary(_, let a): children = [a]
            case .binary(_, let a, let b): children = [a, b]
            case .conditional(let a, let b, let c): children = [a, b, c]
            case .assignment(let target, let value, _):
                found.append(SyntaxStatement(kind: .assign(target: target, value: value), location: target.location))
                children = [value]
                if case .index(_, let keys) = target.kind { children += keys }
            }
            pending.append(contentsOf: children.reversed())
        }
        return found
    }

    /// The type of an expression as far as it is known without checking it (nil: not known yet).
    static func shallowType(_ e: SyntaxExpression, clause: Int, probes: ResolvedProbes, types: [VariableKey: ValueType]) -> ValueType? {
        switch e.kind {
        case .integer, .unary, .binary: return .int
        case .string: return .string
        case .identifier(let name):
            if name == "NULL" { return types[.global(name)] ?? .int }
            if StackFunctions.stackNames.contains(name) && types[.global(name)] == nil { return .stack }
            if StackFunctions.callerNames.contains(name) && types[.global(name)] == nil { return .int }
            if let b = BuiltinVariable(rawValue: name) { return b.type }
            if let index = NameResolution.argumentIndex(name) {
                return probes.sites.first.flatMap { index < $0.arguments.count ? $0.arguments[index].type.valueType : nil }
            }
            for site in probes.sites {
                if let a = site.arguments.first(where: { $0.name == name }) { return a.type.valueType }
            }
            return types[.global(name)]
        case .threadLocal(let n): return types[.threadLocal(n)]
        case .clauseLocal(let n): return types[.clauseLocal(clause: clause, name: n)]
        case .index(let n, _): return types[.array(n)]
        case .aggregation: return nil
        case .conditional(_, let a, let b):
            return shallowType(a, clause: clause, probes: probes, types: types) ?? shallowType(b, clause: clause, probes: probes, types: types)
        case .call(let f, _):
            if StackFunctions.stackNames.contains(f) { return .stack }
            if StackFunctions.symbolForms[f] != nil { return .symbol }
            return StringFunction(rawValue: f)?.resultType ?? .int
        case .assignment: return .int
        }
    }
}
