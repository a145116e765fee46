// The program's variables: every global, `self->`, `this->` and associative array gets a slot and
// a type before any clause is checked. A declared variable (`int x;`) has its declared type; any other
// takes that of its first assignment in source order; types that depend on other variables are settled
// by iterating to a fixed point (no recursion, so no chain of variables can exhaust the stack).
// `this->` names are the program's, as in DTrace: every clause of one firing sees the same ones.

/// Which namespace a variable lives in.
enum VariableKey: Hashable {
    case global(String)
    case threadLocal(String)
    case clauseLocal(String)
    case array(String)

    /// The same name as a scalar if this is an array and the reverse (one name cannot be both).
    var otherNamespace: VariableKey {
        switch self {
        case .global(let n): return .array(n)
        case .array(let n): return .global(n)
        default: return self
        }
    }

    /// How the variable is written in the language.
    var spelling: String {
        switch self {
        case .global(let n), .array(let n): return n
        case .threadLocal(let n): return "self->" + n
        case .clauseLocal(let n): return "this->" + n
        }
    }
}

/// A variable's slot and type.
struct VariableInfo {
    var slot: Int
    var type: ValueType
    /// Key types of an associative array (empty for scalars).
    var keyTypes: [ValueType]
    /// Where it is first assigned, or declared.
    var firstAssignment: SourceLocation
    /// The type as declared (`uint8_t`), nil if not declared.
    var declared: String? = nil
    /// What a store to it passes through: the declared type's truncation (`uint8_t x; x = 300;` stores 44).
    var narrowing: UnaryOperator? = nil
    /// Declared unsigned 64-bit (`uint64_t ts;`): C's conversions make its comparisons, `/`, `%` and `>>` unsigned.
    var unsigned64 = false
    /// `int a[5]`: the number of elements.
    var size: Int? = nil
}

/// Every variable of a program.
struct Scope {
    private(set) var variables: [VariableKey: VariableInfo] = [:]
    private(set) var globals: [VariableDeclaration] = []
    private(set) var threadLocals: [VariableDeclaration] = []
    private(set) var arrays: [ArrayDeclaration] = []
    private(set) var clauseLocals: [VariableDeclaration] = []
    /// A declaration of a name declared before (the checker reports them), with the first one's place.
    private(set) var redeclarations: [(SyntaxDeclaration, SourceLocation)] = []

    subscript(key: VariableKey) -> VariableInfo? { variables[key] }

    /// Names in a namespace, for "did you mean".
    var globalNames: [String] { globals.map(\.name) }
    var threadLocalNames: [String] { threadLocals.map(\.name) }
    var arrayNames: [String] { arrays.map(\.name) }
    var clauseLocalNames: [String] { clauseLocals.map(\.name) }

    private struct FirstAssignment {
        var key: VariableKey
        var value: SyntaxExpression
        var keys: [SyntaxExpression]
        var clause: Int
        var location: SourceLocation
    }

    /// Builds the scope from the declarations, then every assignment of the program.
    init(clauses: [SyntaxClause], probes: [ResolvedProbes], declarations: [SyntaxDeclaration] = []) {
        var order: [FirstAssignment] = []
        var seen = Set<VariableKey>()
        var declaredAt: [VariableKey: SyntaxDeclaration] = [:]
        for d in declarations {
            let key: VariableKey
            switch d.scope {
            case .global: key = d.size != nil || d.keyTypes != nil ? .array(d.name) : .global(d.name)
            case .threadLocal: key = .threadLocal(d.name)
            case .clauseLocal: key = .clauseLocal(d.name)
            }
            if let first = declaredAt[key] ?? declaredAt[key.otherNamespace] {
                redeclarations.append((d, first.location))
                continue
            }
            declaredAt[key] = d
            seen.insert(key)
            let value = SyntaxExpression(d.type == .string ? .string("") : .integer(0), d.location)
            order.append(FirstAssignment(key: key, value: value, keys: [], clause: 0, location: d.location))
        }
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
                    case .clauseLocal(let n): key = .clauseLocal(n)
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
        for (key, d) in declaredAt { types[key] = d.type.valueType }
        var changed = true
        while changed {
            changed = false
            for a in order where types[a.key] == nil {
                if let t = Scope.shallowType(a.value, probes: probes[a.clause], types: types) {
                    types[a.key] = t
                    changed = true
                }
            }
        }

        for a in order {
            let type = types[a.key] ?? .int
            var info = VariableInfo(slot: 0, type: type, keyTypes: [], firstAssignment: a.location)
            let declaration = declaredAt[a.key]
            info.declared = declaration?.spelled
            info.narrowing = declaration?.type.narrowing
            info.unsigned64 = declaration?.type == .unsigned64
            info.size = declaration?.size
            switch a.key {
            case .global(let n):
                info.slot = globals.count
                globals.append(VariableDeclaration(name: n, type: type))
            case .threadLocal(let n):
                info.slot = threadLocals.count
                threadLocals.append(VariableDeclaration(name: n, type: type))
            case .clauseLocal(let n):
                info.slot = clauseLocals.count
                clauseLocals.append(VariableDeclaration(name: n, type: type))
            case .array(let n):
                if let declaration {
                    info.keyTypes = declaration.keyTypes ?? [.int]
                } else {
                    info.keyTypes = a.keys.map { Scope.shallowType($0, probes: probes[a.clause], types: types) ?? .int }
                }
                info.slot = arrays.count
                arrays.append(ArrayDeclaration(name: n, keyTypes: info.keyTypes, valueType: type, size: info.size))
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
            case .unary(_, let a), .cast(_, _, let a): children = [a]
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
    static func shallowType(_ e: SyntaxExpression, probes: ResolvedProbes, types: [VariableKey: ValueType]) -> ValueType? {
        switch e.kind {
        case .integer, .unary, .binary: return .int
        case .cast(let type, _, _): return type.valueType
        case .string: return .string
        case .identifier(let name):
            if name == "NULL" { return types[.global(name)] ?? .int }
            if StackFunctions.stackNames.contains(name) && types[.global(name)] == nil { return .stack }
            if StackFunctions.callerNames.contains(name) && types[.global(name)] == nil { return .int }
            if let b = BuiltinVariable(rawValue: name) { return b.type }
            if probes.sites.isEmpty, !probes.probes.isEmpty, probes.probes.allSatisfy({ $0 == .error }) {
                let arguments = SpecialProbes.errorArguments
                if let i = NameResolution.argumentIndex(name), i < arguments.count { return arguments[i].type.valueType }
                if types[.global(name)] == nil, let a = arguments.first(where: { $0.name == name }) { return a.type.valueType }
            }
            if let index = NameResolution.argumentIndex(name) {
                return probes.sites.first.flatMap { index < $0.arguments.count ? $0.arguments[index].type.valueType : nil }
            }
            for site in probes.sites {
                if let a = site.arguments.first(where: { $0.name == name }) { return a.type.valueType }
            }
            return types[.global(name)]
        case .threadLocal(let n): return types[.threadLocal(n)]
        case .clauseLocal(let n): return types[.clauseLocal(n)]
        case .index(let n, _): return types[.array(n)]
        case .aggregation: return nil
        case .conditional(_, let a, let b):
            return shallowType(a, probes: probes, types: types) ?? shallowType(b, probes: probes, types: types)
        case .call(let f, _):
            if StackFunctions.stackNames.contains(f) { return .stack }
            if StackFunctions.symbolForms[f] != nil { return .symbol }
            return StringFunction(rawValue: f)?.resultType ?? .int
        case .assignment(let target, let value, _):
            return shallowType(target, probes: probes, types: types) ?? shallowType(value, probes: probes, types: types)
        }
    }
}
