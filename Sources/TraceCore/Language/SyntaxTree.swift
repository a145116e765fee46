// The parsed, not yet checked, program: names are still names and nothing has a type.
// Both the D-like parser and the CLTRACE translator produce this tree; one checker serves both.

/// An expression as written.
struct SyntaxExpression: Sendable {
    indirect enum Kind: Sendable {
        case integer(Int64)
        case string(String)
        /// A bare name: a built-in, a probe argument or a global.
        case identifier(String)
        /// `self->name`.
        case threadLocal(String)
        /// `this->name`.
        case clauseLocal(String)
        /// `name[key, …]`.
        case index(String, [SyntaxExpression])
        /// `@name`: only an argument of `printa`, `print`, `clear`, `trunc`.
        case aggregation(String)
        case unary(UnaryOperator, SyntaxExpression)
        /// `(int)x`, `(uint8_t)x`, `(string)s`: `spelled` is the type as written.
        case cast(CType, spelled: String, SyntaxExpression)
        case binary(BinaryOperator, SyntaxExpression, SyntaxExpression)
        case conditional(SyntaxExpression, SyntaxExpression, SyntaxExpression)
        case call(String, [SyntaxExpression])
        /// `x++`, `--x`, `(x = v)`: `target` gets `value`; the expression is the old value if `postfix`, else the new.
        case assignment(target: SyntaxExpression, value: SyntaxExpression, postfix: Bool)
    }

    var kind: Kind
    /// Where it is reported: the token that starts it, or the operator of an operation.
    var location: SourceLocation
    /// Height of the tree below and including this node (bounded, see `Parser.maximumDepth`).
    var depth: Int

    init(_ kind: Kind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
        switch kind {
        case .integer, .string, .identifier, .threadLocal, .clauseLocal, .aggregation:
            depth = 1
        case .index(_, let keys), .call(_, let keys):
            depth = 1 + (keys.map(\.depth).max() ?? 0)
        case .unary(_, let a), .cast(_, _, let a):
            depth = 1 + a.depth
        case .binary(_, let a, let b):
            depth = 1 + Swift.max(a.depth, b.depth)
        case .conditional(let a, let b, let c):
            depth = 1 + Swift.max(a.depth, b.depth, c.depth)
        case .assignment(let a, let b, _):
            depth = 1 + Swift.max(a.depth, b.depth)
        }
    }
}

/// A statement as written.
struct SyntaxStatement: Sendable {
    indirect enum Kind: Sendable {
        /// `target = value` (compound assignments and `++`/`--` are spelled out by the parser).
        case assign(target: SyntaxExpression, value: SyntaxExpression)
        /// `@name[keys] = function(arguments)`.
        case aggregate(name: String, keys: [SyntaxExpression], function: String, arguments: [SyntaxExpression], functionLocation: SourceLocation)
        /// An action call such as `printf(…)` (or an expression whose value would be unused).
        case expression(SyntaxExpression)
        case ifElse(condition: SyntaxExpression, then: [SyntaxStatement], else: [SyntaxStatement])
    }
    var kind: Kind
    var location: SourceLocation
}

/// One probe description of a clause, as written.
struct SyntaxProbe: Sendable {
    var text: String
    var location: SourceLocation
}

/// A clause as written.
struct SyntaxClause: Sendable {
    var probes: [SyntaxProbe]
    var predicate: SyntaxExpression?
    var body: [SyntaxStatement]
    var location: SourceLocation
}

/// Where a declared variable lives.
enum DeclarationScope: Sendable, Equatable {
    case global, threadLocal, clauseLocal
}

/// `int x;`, `self string s;`, `this int n;`, `int a[5];`, `int t[string];` outside the clauses.
struct SyntaxDeclaration: Sendable {
    var scope: DeclarationScope
    var type: CType
    var spelled: String
    var name: String
    /// `int a[5]`: an array of that many elements, indexed 0 to size - 1.
    var size: Int?
    /// `int t[string, int]`: an associative array with these key types.
    var keyTypes: [ValueType]?
    var location: SourceLocation
}

/// `#pragma D option NAME[=VALUE]`.
struct SyntaxOption: Sendable {
    var name: String
    var value: String?
    var location: SourceLocation
}
