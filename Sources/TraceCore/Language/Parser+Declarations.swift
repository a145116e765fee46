// What D writes besides clauses and statements: declarations outside the clauses (`int x;`,
// `self string s;`, `int a[5];`), `#pragma D option` lines, and casts (`(int)x`, `(uint8_t)x`).

extension Parser {
    /// Most elements a declared-size array may have.
    static let maximumArraySize = 65_536

    /// Whether the next tokens declare a variable: a type name (or `self`/`this` and a type name) and a name.
    mutating func startsDeclaration() -> Bool {
        var copy = lexer
        let first = lookahead ?? copy.next()
        guard let word = first.identifier else { return false }
        let second = copy.next()
        if word == "self" || word == "this" { return second.identifier.map(CTypeNames.startsType) ?? false }
        return CTypeNames.startsType(word) && second.identifier != nil
    }

    /// `[self|this] TYPE name[, name…];`, each name optionally `[SIZE]` or `[KEYTYPE, …]` (globals only).
    mutating func parseDeclarations() throws(ParseAbort) -> [SyntaxDeclaration] {
        var scope = DeclarationScope.global
        if peek().identifier == "self" { scope = .threadLocal; consume() }
        else if peek().identifier == "this" { scope = .clauseLocal; consume() }
        let (type, spelled) = try parseTypeName()
        var result: [SyntaxDeclaration] = []
        while true {
            let n = peek()
            guard let name = n.identifier else {
                throw fail(n, "expected a variable name after '\(spelled)', found \(n.kind.quoted)")
            }
            consume()
            var d = SyntaxDeclaration(scope: scope, type: type, spelled: spelled, name: name, size: nil, keyTypes: nil, location: n.location)
            if peek().isSymbol("[") {
                let open = consume()
                if scope != .global {
                    throw fail(open, "only global arrays can be declared; a '\(scope == .threadLocal ? "self->" : "this->")' variable holds one value")
                }
                let k = peek()
                if case .integer(let size) = k.kind {
                    consume()
                    guard size >= 1 && size <= Int64(Parser.maximumArraySize) else {
                        throw fail(k, "an array has 1 to \(Parser.maximumArraySize) elements, not \(size)")
                    }
                    d.size = Int(size)
                } else {
                    var keys: [ValueType] = []
                    while true {
                        keys.append(try parseTypeName().type.valueType)
                        if peek().isSymbol(",") { consume(); continue }
                        break
                    }
                    d.keyTypes = keys
                }
                _ = try expect("]", "after the array's \(d.size == nil ? "key types" : "size")")
            }
            if peek().isSymbol("=") {
                throw fail(peek(), "a D declaration takes no value; assign it in a clause, as in BEGIN { \(name) = …; }")
            }
            result.append(d)
            guard peek().isSymbol(",") else { break }
            consume()
        }
        _ = try expect(";", "after the declaration")
        return result
    }

    /// A type name: C's words in any valid combination (`unsigned long long`), or one name (`uint64_t`, `string`).
    mutating func parseTypeName() throws(ParseAbort) -> (type: CType, spelled: String) {
        let t = peek()
        guard let word = t.identifier, CTypeNames.startsType(word) else {
            throw fail(t, "expected a type name such as int, uint64_t or string, found \(t.kind.quoted)")
        }
        if let named = CTypeNames.names[word] {
            consume()
            return (named, word)
        }
        var words: [String] = []
        while let w = peek().identifier, CTypeNames.words.contains(w) {
            words.append(w)
            consume()
        }
        let spelled = words.joined(separator: " ")
        guard let type = CTypeNames.combine(words) else { throw fail(t, "'\(spelled)' is not a C type") }
        return (type, spelled)
    }

    /// Whether the `(` just peeked opens a cast: a C type word, or a type name alone before `)`.
    mutating func startsCast() -> Bool {
        var copy = lexer
        guard let word = copy.next().identifier, CTypeNames.startsType(word) else { return false }
        return CTypeNames.words.contains(word) || copy.next().isSymbol(")")
    }

    /// `(TYPE) operand`: binds like a unary operator.
    mutating func parseCast() throws(ParseAbort) -> SyntaxExpression {
        let open = consume()
        try enter(open)
        defer { leave() }
        let (type, spelled) = try parseTypeName()
        let close = peek()
        if close.isSymbol("*") {
            throw fail(close, "pointer casts read memory, which this tracer cannot; its values are 64-bit integers and strings")
        }
        _ = try expect(")", "after the type name '\(spelled)'")
        let operand = try parseUnary()
        return try checkDepth(SyntaxExpression(.cast(type, spelled: spelled, operand), open.location))
    }

    /// `#pragma` lines and declarations before the clauses (or before the `{` of `{ clauses }`): what the
    /// console puts before a program from the lines typed outside any (Console's EntryParser `.preamble`).
    mutating func parsePreamble() {
        while !sink.isFull {
            let c = lexer.nextSignificantCharacter()
            if c == ";" { consume(); continue }
            if c == "#" { directive(); continue }
            guard startsDeclaration() else { return }
            do throws(ParseAbort) { declarations += try parseDeclarations() } catch { recoverDeclaration() }
        }
    }

    /// A `#` line outside the clauses: `#pragma D option NAME[=VALUE]`, a first-line `#!`, or `#pragma ident`.
    mutating func directive() {
        let (text, start) = lexer.restOfLine()
        if text.hasPrefix("#!") && start.line == 1 { return }
        let body = text.dropFirst()
        let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        func column(of word: String) -> SourceLocation {
            guard let r = text.range(of: word) else { return start }
            return SourceLocation(line: start.line, column: start.column + text.distance(from: text.startIndex, to: r.lowerBound))
        }
        guard let first = words.first else {
            sink.report(start, "expected a directive after '#', as in #pragma D option quiet")
            return
        }
        switch first {
        case "pragma":
            if words.count >= 2 && words[1] == "ident" { return }
            guard words.count >= 2, words[1] == "D" else {
                sink.report(start, "unknown #pragma; D scripts use '#pragma D option NAME[=VALUE]'")
                return
            }
            guard words.count >= 3, words[2] == "option" else {
                let what = words.count >= 3 ? words[2] : ""
                sink.report(words.count >= 3 ? column(of: what) : start, "unknown '#pragma D \(what)'; this tracer understands '#pragma D option NAME[=VALUE]'")
                return
            }
            let setting = words.dropFirst(3).joined()
            guard !setting.isEmpty else {
                sink.report(start, "expected an option after '#pragma D option', as in #pragma D option quiet")
                return
            }
            let parts = setting.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            options.append(SyntaxOption(name: parts[0], value: parts.count > 1 ? parts[1] : nil, location: column(of: words[3])))
        case "include", "define", "undef", "if", "ifdef", "ifndef", "else", "elif", "endif", "line", "error":
            sink.report(start, "'#\(first)' needs the C preprocessor (dtrace -C), which this tracer does not run")
        default:
            sink.report(start, "unexpected '#\(first)': outside the clauses, only '#pragma D option NAME[=VALUE]' lines are understood")
        }
    }
}
