// Recursive-descent parser for D-like clauses. Recursion that user input controls (parentheses,
// unary operators, `?:`, nested `if`) is capped at `maximumNesting`; expression trees at `maximumDepth`.
// A syntax error skips to the end of its statement (or clause) so that several can be reported at once.

/// Why parsing of the current statement or clause stopped; the diagnostic is already reported.
struct ParseAbort: Error {}

/// Parses a program's text into clauses.
struct Parser {
    /// Deepest nesting of parentheses, unary operators, `?:` and `if` accepted.
    static let maximumNesting = 64
    /// Tallest expression tree accepted (long operator chains).
    static let maximumDepth = 256

    var lexer: Lexer
    var lookahead: Token?
    var sink = DiagnosticSink()
    /// `int x;`, `self string s;` … written outside the clauses.
    var declarations: [SyntaxDeclaration] = []
    /// `#pragma D option` lines.
    var options: [SyntaxOption] = []
    private var nesting = 0
    private var inPredicate = false

    init(_ source: String) { lexer = Lexer(source) }

    /// Parses every clause; `{ clauses }` (the body of `program NAME { … }`) is accepted too.
    mutating func parseProgram() -> [SyntaxClause] {
        var clauses: [SyntaxClause] = []
        var wrapped = false
        parsePreamble()
        if lexer.nextSignificantCharacter() == "{" {
            wrapped = true
            consume()
        }
        while !sink.isFull {
            let c = lexer.nextSignificantCharacter()
            if c == nil { if wrapped { report(peek(), "expected '}' to close the program") }; break }
            if c == ";" { consume(); continue }
            if c == "#" { directive(); continue }
            if startsDeclaration() {
                do throws(ParseAbort) { declarations += try parseDeclarations() } catch { recoverDeclaration() }
                continue
            }
            if c == "}" && !wrapped {
                report(consume(), "unexpected '}': no clause is open")
                continue
            }
            if c == "}" && wrapped {
                consume()
                let after = peek()
                if after.kind != .end { report(after, "unexpected \(after.kind.quoted) after the end of the program") }
                break
            }
            do throws(ParseAbort) {
                clauses.append(try parseClause())
            } catch {
                recoverClause()
            }
        }
        if clauses.isEmpty && sink.isEmpty {
            report(peek(), "expected a clause, like 'BEGIN { trace(1); }'")
        }
        return clauses
    }

    // MARK: Tokens

    mutating func peek() -> Token {
        if let t = lookahead { return t }
        let t = lexer.next()
        lookahead = t
        return t
    }

    @discardableResult
    mutating func consume() -> Token {
        let t = peek()
        lookahead = nil
        return t
    }

    mutating func report(_ token: Token, _ message: String) {
        if case .invalid(let m) = token.kind { sink.report(token.location, m) } else { sink.report(token.location, message) }
    }

    mutating func fail(_ token: Token, _ message: String) -> ParseAbort {
        report(token, message)
        return ParseAbort()
    }

    mutating func expect(_ symbol: String, _ context: String) throws(ParseAbort) -> Token {
        let t = peek()
        guard t.isSymbol(symbol) else { throw fail(t, "expected '\(symbol)' \(context), found \(t.kind.quoted)") }
        return consume()
    }

    mutating func enter(_ token: Token) throws(ParseAbort) {
        nesting += 1
        if nesting > Parser.maximumNesting {
            throw fail(token, "nesting is too deep (more than \(Parser.maximumNesting) levels)")
        }
    }

    mutating func leave() { nesting -= 1 }

    mutating func checkDepth(_ e: SyntaxExpression) throws(ParseAbort) -> SyntaxExpression {
        if e.depth > Parser.maximumDepth {
            sink.report(e.location, "expression is too complex (more than \(Parser.maximumDepth) levels deep)")
            throw ParseAbort()
        }
        return e
    }

    // MARK: Clauses

    private mutating func parseClause() throws(ParseAbort) -> SyntaxClause {
        var probes: [SyntaxProbe] = []
        let start = lexer.location
        repeat {
            guard let d = lexer.probeDescription() else {
                let t = peek()
                throw fail(t, "expected a probe description, found \(t.kind.quoted)")
            }
            guard case .probeDescription(let text) = d.kind else { throw fail(d, "expected a probe description") }
            probes.append(SyntaxProbe(text: text, location: d.location))
            if peek().isSymbol(",") { consume() } else { break }
        } while true
        var predicate: SyntaxExpression? = nil
        if peek().isSymbol("/") {
            consume()
            inPredicate = true
            defer { inPredicate = false }
            predicate = try parseExpression()
            _ = try expect("/", "to end the predicate")
        }
        let open = peek()
        guard open.isSymbol("{") else {
            throw fail(open, "expected '{' to start the clause body, found \(open.kind.quoted)")
        }
        consume()
        let body = try parseStatements()
        return SyntaxClause(probes: probes, predicate: predicate, body: body, location: probes.first?.location ?? start)
    }

    /// Skips the rest of a broken clause: through its balanced `{ … }`, or to the end.
    private mutating func recoverClause() {
        var depth = 0
        while true {
            let t = consume()
            if t.kind == .end { lookahead = t; return }
            if t.isSymbol("{") { depth += 1 }
            if t.isSymbol("}") { depth -= 1; if depth <= 0 { return } }
        }
    }

    // MARK: Statements

    /// Statements up to and including the closing `}` (the `{` is already consumed).
    private mutating func parseStatements() throws(ParseAbort) -> [SyntaxStatement] {
        var statements: [SyntaxStatement] = []
        while true {
            let t = peek()
            if t.isSymbol("}") { consume(); return statements }
            if t.kind == .end {
                // After an unterminated string or comment, the missing '}' is no news.
                if sink.isEmpty { report(t, "expected '}' to close the block") }
                throw ParseAbort()
            }
            if t.isSymbol(";") { consume(); continue }
            if sink.isFull { throw ParseAbort() }
            do throws(ParseAbort) {
                let s = try parseStatement()
                statements.append(s)
                if case .ifElse = s.kind { continue }
                let after = peek()
                if after.isSymbol(";") { consume() }
                else if !after.isSymbol("}") { throw fail(after, "expected ';' after the statement, found \(after.kind.quoted)") }
            } catch {
                if peek().kind == .end { throw error }
                recoverStatement()
            }
        }
    }

    /// Skips a broken declaration: to just after its `;`, or to the end.
    mutating func recoverDeclaration() {
        while true {
            let t = consume()
            if t.kind == .end { lookahead = t; return }
            if t.isSymbol(";") { return }
        }
    }

    /// Skips to just after the next `;`, or to the `}` that closes the current block.
    private mutating func recoverStatement() {
        var depth = 0
        while true {
            let t = peek()
            if t.kind == .end { return }
            if t.isSymbol("}") { if depth == 0 { return }; depth -= 1 }
            if t.isSymbol("{") { depth += 1 }
            consume()
            if t.isSymbol(";") && depth == 0 { return }
        }
    }

    private static let compoundOperators: [String: BinaryOperator] = [
        "+=": .add, "-=": .subtract, "*=": .multiply, "/=": .divide, "%=": .modulo,
        "&=": .bitAnd, "|=": .bitOr, "^=": .bitXor, "<<=": .shiftLeft, ">>=": .shiftRight,
    ]

    private mutating func parseStatement() throws(ParseAbort) -> SyntaxStatement {
        let t = peek()
        if t.identifier == "if" { return try parseIf() }
        if case .aggregation(let name) = t.kind { return try parseAggregation(name, t) }
        if startsDeclaration() {
            throw fail(t, "declarations go outside the clauses in D: write '\(t.identifier ?? "int") …;' before the first clause that uses it")
        }
        let target = try parseExpression()
        if case .assignment(let t, let v, _) = target.kind {
            // `x++;` and `(x = 1);` as statements: the value is unused.
            return SyntaxStatement(kind: .assign(target: t, value: v), location: target.location)
        }
        let op = peek()
        if op.isSymbol("=") || { if case .symbol(let s) = op.kind { return Parser.compoundOperators[s] != nil }; return false }() {
            try requireAssignable(target)
            consume()
            var value = try parseExpression()
            if case .symbol(let s) = op.kind, let binary = Parser.compoundOperators[s] {
                value = try checkDepth(SyntaxExpression(.binary(binary, target, value), op.location))
            }
            return SyntaxStatement(kind: .assign(target: target, value: value), location: target.location)
        }
        if op.isSymbol("++") || op.isSymbol("--") {
            try requireAssignable(target)
            consume()
            let one = SyntaxExpression(.integer(1), op.location)
            let value = try checkDepth(SyntaxExpression(.binary(op.isSymbol("++") ? .add : .subtract, target, one), op.location))
            return SyntaxStatement(kind: .assign(target: target, value: value), location: target.location)
        }
        return SyntaxStatement(kind: .expression(target), location: target.location)
    }

    private mutating func requireAssignable(_ e: SyntaxExpression) throws(ParseAbort) {
        switch e.kind {
        case .identifier, .threadLocal, .clauseLocal, .index: return
        default:
            sink.report(e.location, "cannot assign to this expression; assign to a variable, self->name, this->name or name[key]")
            throw ParseAbort()
        }
    }

    private mutating func parseAggregation(_ name: String, _ at: Token) throws(ParseAbort) -> SyntaxStatement {
        consume()
        var keys: [SyntaxExpression] = []
        if peek().isSymbol("[") {
            consume()
            keys = try parseArguments(closing: "]")
        }
        let display = "@" + name
        let eq = peek()
        guard eq.isSymbol("=") else {
            throw fail(eq, "expected '=' after '\(display)', as in '\(display) = count()'")
        }
        consume()
        let f = peek()
        guard let function = f.identifier else {
            throw fail(f, "expected an aggregating function such as count() or sum(x), found \(f.kind.quoted)")
        }
        consume()
        _ = try expect("(", "after '\(function)'")
        let arguments = try parseArguments(closing: ")")
        return SyntaxStatement(kind: .aggregate(name: name, keys: keys, function: function, arguments: arguments, functionLocation: f.location),
                               location: at.location)
    }

    private mutating func parseIf() throws(ParseAbort) -> SyntaxStatement {
        let keyword = consume()
        try enter(keyword)
        defer { leave() }
        _ = try expect("(", "after 'if'")
        let condition = try parseExpression()
        _ = try expect(")", "after the condition")
        _ = try expect("{", "to start the 'if' block")
        let thenPart = try parseStatements()
        var elsePart: [SyntaxStatement] = []
        if peek().identifier == "else" {
            consume()
            if peek().identifier == "if" {
                elsePart = [try parseIf()]
            } else {
                _ = try expect("{", "after 'else'")
                elsePart = try parseStatements()
            }
        }
        return SyntaxStatement(kind: .ifElse(condition: condition, then: thenPart, else: elsePart), location: keyword.location)
    }

    // MARK: Expressions

    private static let binaryOperators: [String: (BinaryOperator, Int)] = [
        "||": (.logicalOr, 1), "&&": (.logicalAnd, 2), "|": (.bitOr, 3), "^": (.bitXor, 4), "&": (.bitAnd, 5),
        "==": (.equal, 6), "!=": (.notEqual, 6),
        "<": (.less, 7), "<=": (.lessEqual, 7), ">": (.greater, 7), ">=": (.greaterEqual, 7),
        "<<": (.shiftLeft, 8), ">>": (.shiftRight, 8),
        "+": (.add, 9), "-": (.subtract, 9),
        "*": (.multiply, 10), "/": (.divide, 10), "%": (.modulo, 10),
    ]

    mutating func parseExpression() throws(ParseAbort) -> SyntaxExpression {
        let condition = try parseBinary(1)
        let q = peek()
        guard q.isSymbol("?") else { return condition }
        consume()
        try enter(q)
        defer { leave() }
        let a = try parseExpression()
        _ = try expect(":", "in the '?:' expression")
        let b = try parseExpression()
        return try checkDepth(SyntaxExpression(.conditional(condition, a, b), q.location))
    }

    private mutating func parseBinary(_ minimum: Int) throws(ParseAbort) -> SyntaxExpression {
        var left = try parseUnary()
        while true {
            let t = peek()
            guard case .symbol(let s) = t.kind, let (op, precedence) = Parser.binaryOperators[s], precedence >= minimum else {
                return left
            }
            if op == .divide && inPredicate {
                // The closing '/' of a predicate is the one followed by the clause body.
                let next = lexer.nextSignificantCharacter()
                if next == nil || next == "{" { return left }
            }
            consume()
            let right = try parseBinary(precedence + 1)
            left = try checkDepth(SyntaxExpression(.binary(op, left, right), t.location))
        }
    }

    mutating func parseUnary() throws(ParseAbort) -> SyntaxExpression {
        let t = peek()
        let op: UnaryOperator?
        switch t.kind {
        case .symbol("-"): op = .negate
        case .symbol("!"): op = .logicalNot
        case .symbol("~"): op = .bitNot
        case .symbol("+"): op = nil
        case .symbol("(") where startsCast():
            return try parseCast()
        case .symbol("++"), .symbol("--"):
            // `++x`, `--x`: the new value.
            consume()
            try enter(t)
            defer { leave() }
            let target = try parseUnary()
            try requireAssignable(target)
            let one = SyntaxExpression(.integer(1), t.location)
            let value = try checkDepth(SyntaxExpression(.binary(t.isSymbol("++") ? .add : .subtract, target, one), t.location))
            return try checkDepth(SyntaxExpression(.assignment(target: target, value: value, postfix: false), t.location))
        default: return try incrementAfter(try parsePostfix())
        }
        consume()
        try enter(t)
        defer { leave() }
        let operand = try parseUnary()
        guard let op else { return operand }
        return try checkDepth(SyntaxExpression(.unary(op, operand), t.location))
    }

    /// `x++`, `x--` after an operand: the old value.
    private mutating func incrementAfter(_ operand: SyntaxExpression) throws(ParseAbort) -> SyntaxExpression {
        let op = peek()
        guard op.isSymbol("++") || op.isSymbol("--") else { return operand }
        switch operand.kind {
        case .identifier, .threadLocal, .clauseLocal, .index: break
        default: return operand
        }
        consume()
        let one = SyntaxExpression(.integer(1), op.location)
        let value = try checkDepth(SyntaxExpression(.binary(op.isSymbol("++") ? .add : .subtract, operand, one), op.location))
        return try checkDepth(SyntaxExpression(.assignment(target: operand, value: value, postfix: true), op.location))
    }

    private mutating func parsePostfix() throws(ParseAbort) -> SyntaxExpression {
        let t = consume()
        switch t.kind {
        case .integer(let v):
            return SyntaxExpression(.integer(v), t.location)
        case .unsignedInteger(let v):
            // Typed as C types it: the same as `(uint64_t)v`.
            return SyntaxExpression(.cast(.unsigned64, spelled: "uint64_t", SyntaxExpression(.integer(v), t.location)), t.location)
        case .string(let s):
            return SyntaxExpression(.string(s), t.location)
        case .aggregation(let name):
            return SyntaxExpression(.aggregation(name), t.location)
        case .symbol("("):
            try enter(t)
            defer { leave() }
            let inner = try parseExpression()
            let op = peek()
            if case .symbol(let s) = op.kind, s == "=" || Parser.compoundOperators[s] != nil {
                // `(x = v)`, `(x += v)` inside an expression: the new value.
                try requireAssignable(inner)
                consume()
                var value = try parseExpression()
                if let binary = Parser.compoundOperators[s] {
                    value = try checkDepth(SyntaxExpression(.binary(binary, inner, value), op.location))
                }
                _ = try expect(")", "to close '('")
                return try checkDepth(SyntaxExpression(.assignment(target: inner, value: value, postfix: false), op.location))
            }
            _ = try expect(")", "to close '('")
            return inner
        case .identifier(let name):
            if name == "self" || name == "this", peek().isSymbol("->") {
                consume()
                let member = peek()
                guard let field = member.identifier else {
                    throw fail(member, "expected a variable name after '\(name)->', found \(member.kind.quoted)")
                }
                consume()
                return SyntaxExpression(name == "self" ? .threadLocal(field) : .clauseLocal(field), t.location)
            }
            if peek().isSymbol("(") {
                let open = consume()
                try enter(open)
                defer { leave() }
                let arguments = try parseArguments(closing: ")")
                return try checkDepth(SyntaxExpression(.call(name, arguments), t.location))
            }
            if peek().isSymbol("[") {
                let open = consume()
                try enter(open)
                defer { leave() }
                let keys = try parseArguments(closing: "]")
                return try checkDepth(SyntaxExpression(.index(name, keys), t.location))
            }
            return SyntaxExpression(.identifier(name), t.location)
        default:
            lookahead = t
            throw fail(t, "expected an expression, found \(t.kind.quoted)")
        }
    }

    /// An expression, or an assignment as one (`f(x = v)`, `a[i += 2]`): the new value.
    private mutating func parseArgument() throws(ParseAbort) -> SyntaxExpression {
        let inner = try parseExpression()
        let op = peek()
        guard case .symbol(let s) = op.kind, s == "=" || Parser.compoundOperators[s] != nil else { return inner }
        try requireAssignable(inner)
        consume()
        var value = try parseArgument()
        if let binary = Parser.compoundOperators[s] {
            value = try checkDepth(SyntaxExpression(.binary(binary, inner, value), op.location))
        }
        return try checkDepth(SyntaxExpression(.assignment(target: inner, value: value, postfix: false), op.location))
    }

    /// Comma-separated expressions up to and including `closing` (the opening bracket is consumed).
    private mutating func parseArguments(closing: String) throws(ParseAbort) -> [SyntaxExpression] {
        var arguments: [SyntaxExpression] = []
        if peek().isSymbol(closing) { consume(); return arguments }
        while true {
            arguments.append(try parseArgument())
            let t = peek()
            if t.isSymbol(",") { consume(); continue }
            if t.isSymbol(closing) { consume(); return arguments }
            throw fail(t, "expected ',' or '\(closing)', found \(t.kind.quoted)")
        }
    }
}
