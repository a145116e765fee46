/// Seeded, deterministic program generators for the fuzz test: mutations of the golden programs and
/// the reference's examples, random programs from the grammar, and pathological nesting.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct FuzzCorpus {
    var random: SplitMix64

    static let snippets = [
        "(", ")", "{", "}", "/", "\"", ";", "@", "@x", "self->", "self->ts", "this->x", "[", "]", ",", "?", ":", "0x", "0xffffffffffffffff",
        "1_000", "5ms", "9223372036854775807", "99999999999999999999", "-", "!", "~", "*", "%", "<<", ">>", "&&", "||", "==", "!=",
        "/*", "*/", "//", "\n", "printf(\"%d\\n\", ", "printf(\"%s %@d\", ", "count()", "sum(qty)", "quantize(", "lquantize(qty, 0, 10, 0)",
        "llquantize(qty, 10, 0, 30, 10)", "qty", "client", "side", "price", "venue", "arg0", "arg9", "retval", "elapsed", "probefunc",
        "if (", "else", "if (1) { x = 1; }", "BEGIN", "END", "ERROR", "tick-1s", "tick-1ms", "interval:ms:1", "\\", "\\q", "é", "日本", "🚀",
        "exit()", "trunc(@", "clear(@", "printa(@", "print(@", "strjoin(", "substr(client, ", "str(", "strlen(", "strstr(", "x = ", "x++",
        "a[1, \"k\"]", " ", "\t", "0", "1 / 0", "qty / 0", "qty % (side - 1)", "fzsvc:book:match:entry", "fzsvc:::", "*:*:*:*", "::",
        "@[probefunc] = count();", "@a = count(); @a = sum(1);", "x = \"s\"; x = 1;", "trace(", "program", "=", "+=", "<<=",
    ]

    /// One mutated copy of a seed: 1–4 random edits.
    mutating func mutate(_ seed: String, splice other: String) -> String {
        var chars = Array(seed)
        let edits = Int.random(in: 1...4, using: &random)
        for _ in 0..<edits {
            let at = chars.isEmpty ? 0 : Int.random(in: 0...chars.count, using: &random)
            switch Int.random(in: 0..<8, using: &random) {
            case 0, 1:
                let n = Int.random(in: 1...5, using: &random)
                chars.removeSubrange(at..<min(chars.count, at + n))
            case 2, 3:
                chars.insert(contentsOf: Array(FuzzCorpus.snippets.randomElement(using: &random) ?? ""), at: at)
            case 4:
                let n = Int.random(in: 1...12, using: &random)
                let piece = chars[at..<min(chars.count, at + n)]
                chars.insert(contentsOf: piece, at: at)
            case 5:
                chars = Array(chars.prefix(at))
            case 6:
                let o = Array(other)
                let cut = o.isEmpty ? 0 : Int.random(in: 0...o.count, using: &random)
                chars = Array(chars.prefix(at)) + o[cut...]
            default:
                if let i = chars.indices.randomElement(using: &random) {
                    let replacements: [Character] = ["0", "9", "a", "_", "-", "+", "*", "/", ":", "\"", "'", "{", "}", "(", ")"]
                    chars[i] = replacements.randomElement(using: &random) ?? "x"
                }
            }
        }
        return String(chars)
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    /// A random expression of at most `depth` levels over the service's arguments and built-ins.
    mutating func expression(_ depth: Int) -> String {
        if depth <= 0 || Int.random(in: 0..<3, using: &random) == 0 {
            return pick(["qty", "price", "side", "client", "venue", "1", "0", "42", "0x1f", "2ms", "\"acme\"", "timestamp", "probefunc",
                         "arg0", "x", "self->t", "this->v", "a[side]", "retval", "elapsed", "strlen(client)", "str(qty)"])
        }
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return "(\(expression(depth - 1)) \(pick(["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "<", "<=", ">", ">=", "==", "!=", "&&", "||"])) \(expression(depth - 1)))"
        case 1: return "\(pick(["-", "!", "~"]))\(expression(depth - 1))"
        case 2: return "(\(expression(depth - 1)) ? \(expression(depth - 1)) : \(expression(depth - 1)))"
        case 3: return "\(pick(["strjoin", "strstr"]))(\(expression(depth - 1)), \(expression(depth - 1)))"
        default: return "substr(\(expression(depth - 1)), \(expression(depth - 1)))"
        }
    }

    mutating func statement(_ depth: Int) -> String {
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return "x = \(expression(3))"
        case 1: return "self->t = \(expression(2))"
        case 2: return "this->v = \(expression(2))"
        case 3: return "a[side] = \(expression(2))"
        case 4: return "@\(pick(["", "c", "s", "q"]))[\(expression(1))] = \(pick(["count()", "sum(\(expression(2)))", "max(qty)", "quantize(\(expression(1)))", "lquantize(qty, 0, 200, 20)", "stddev(price)"]))"
        case 5: return "printf(\"%d %s\\n\", \(expression(2)), \(expression(2)))"
        case 6: return "trace(\(expression(2)))"
        case 7:
            guard depth > 0 else { return "exit()" }
            return "if (\(expression(2))) { \(statement(depth - 1)); } else { \(statement(depth - 1)); }"
        default: return pick(["printa(@c)", "clear(@s)", "trunc(@q, 2)", "print(@)", "exit()"])
        }
    }

    /// A random program from the grammar; often ill-typed, sometimes valid.
    mutating func program() -> String {
        var clauses: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let probe = pick(["fzsvc:book:match:entry", "fzsvc:book:match:return", "fzsvc:gateway:submit:entry", "fzsvc:book:match:fill",
                              "fzsvc:risk:check:reject", "BEGIN", "END", "fzsvc:::entry", "fzsvc:book::"])
            let predicate = Int.random(in: 0..<2, using: &random) == 0 ? "" : " /\(expression(2))/"
            let body = (0..<Int.random(in: 0...4, using: &random)).map { _ in statement(2) }.joined(separator: "; ")
            clauses.append("\(probe)\(predicate) { \(body) }")
        }
        return clauses.joined(separator: "\n")
    }

    /// Inputs built to exhaust a recursive parser: deep parentheses, unary chains, `?:`, `if`, long operator chains.
    static func pathological() -> [String] {
        let n = 10_000
        return [
            "BEGIN { x = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + "; }",
            "BEGIN { x = " + String(repeating: "-", count: n) + "1; }",
            "BEGIN { x = " + String(repeating: "!~", count: n) + "1; }",
            "BEGIN { x = " + String(repeating: "1 ? 2 : ", count: n / 10) + "3; }",
            "BEGIN { " + String(repeating: "if (1) { ", count: n / 10) + String(repeating: "}", count: n / 10) + " }",
            "BEGIN { x = " + Array(repeating: "1", count: n).joined(separator: " + ") + "; }",
            "BEGIN { x = " + Array(repeating: "a", count: n).joined(separator: "[") + "; }",
            "BEGIN { x = " + String(repeating: "strlen(", count: n) + "\"\"" + String(repeating: ")", count: n) + "; }",
            "BEGIN { " + String(repeating: "x = y; ", count: n / 10) + "}",
            String(repeating: "{", count: n),
            String(repeating: "BEGIN { x = 1; }\n", count: n / 100),
            "BEGIN { " + (0..<2000).map { "v\($0) = v\($0 + 1);" }.joined(separator: " ") + " }",
            "(define-program p " + String(repeating: "(", count: n) + ")",
            "(define-program p ((:entry fzsvc:book:match :when (+ " + String(repeating: "1 ", count: n) + "))))",
        ]
    }
}
