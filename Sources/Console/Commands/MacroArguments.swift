// Script arguments as D's macro arguments: in a program's text, `$1`…`$9` (and `$0`, the script) become the
// argument as written, `$$1` the argument as a string literal, as dtrace -s does with the words after the
// script. Strings and comments are left alone; an argument that was not given stays, and the language
// reports it ("macro argument $3 is not defined").

/// Substitutes script arguments into program text.
enum MacroArguments {
    /// `source` with `$N` and `$$N` replaced by `arguments[N]` (`arguments[0]` is the script's path).
    static func substitute(_ source: String, _ arguments: [String]) -> String {
        guard arguments.count > 1 || source.contains("$0"), source.contains("$") else { return source }
        let chars = Array(source)
        var out = ""
        var i = 0
        var inString = false
        while i < chars.count {
            let c = chars[i]
            if inString {
                out.append(c)
                if c == "\\", i + 1 < chars.count { out.append(chars[i + 1]); i += 2; continue }
                if c == "\"" { inString = false }
                i += 1
                continue
            }
            if c == "\"" { inString = true; out.append(c); i += 1; continue }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "/" || chars[i + 1] == "*" {
                let block = chars[i + 1] == "*"
                var j = i + 2
                while j < chars.count {
                    if block ? (chars[j] == "*" && j + 1 < chars.count && chars[j + 1] == "/") : chars[j].isNewline { break }
                    j += 1
                }
                j = block ? Swift.min(chars.count, j + 2) : j
                out += String(chars[i..<j])
                i = j
                continue
            }
            if c == "$" {
                let quoted = i + 1 < chars.count && chars[i + 1] == "$"
                var j = i + (quoted ? 2 : 1)
                var digits = ""
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { digits.append(chars[j]); j += 1 }
                if let n = Int(digits), n < arguments.count {
                    out += quoted ? literal(arguments[n]) : arguments[n]
                    i = j
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// A D string literal holding `text`.
    static func literal(_ text: String) -> String {
        var s = "\""
        for c in text {
            switch c {
            case "\"": s += "\\\""
            case "\\": s += "\\\\"
            case "\n": s += "\\n"
            case "\t": s += "\\t"
            default: s.append(c)
            }
        }
        return s + "\""
    }
}
