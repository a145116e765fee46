/// A DTrace probe-description glob: `*`, `?` and `[...]` (with ranges and `!`/`^` negation).
struct Glob: Sendable, Equatable {
    let pattern: [Character]

    init(_ pattern: String) { self.pattern = Array(pattern) }

    /// Whether the pattern has no glob characters.
    var isLiteral: Bool { !pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" } }

    /// Whether `text` matches the whole pattern.
    func matches(_ text: String) -> Bool { Glob.match(pattern[...], Array(text)[...]) }

    private static func match(_ p: ArraySlice<Character>, _ t: ArraySlice<Character>) -> Bool {
        var p = p, t = t
        // Iterative with one backtrack point for '*': linear in practice.
        var starP: ArraySlice<Character>? = nil
        var starT: ArraySlice<Character> = t
        while true {
            if let pc = p.first {
                if pc == "*" {
                    p = p.dropFirst()
                    starP = p
                    starT = t
                    continue
                }
                if let tc = t.first {
                    if pc == "?" {
                        p = p.dropFirst(); t = t.dropFirst(); continue
                    }
                    if pc == "[", let (ok, rest) = matchClass(p, tc) {
                        if ok { p = rest; t = t.dropFirst(); continue }
                    } else if pc == tc {
                        p = p.dropFirst(); t = t.dropFirst(); continue
                    }
                }
            } else if t.isEmpty {
                return true
            }
            guard let sp = starP, !starT.isEmpty else { return false }
            starT = starT.dropFirst()
            p = sp
            t = starT
        }
    }

    /// Matches a `[...]` class at the start of `p`; nil if the class is unterminated (then '[' is literal).
    private static func matchClass(_ p: ArraySlice<Character>, _ c: Character) -> (Bool, ArraySlice<Character>)? {
        var i = p.index(after: p.startIndex)
        var negate = false
        if i < p.endIndex, p[i] == "!" || p[i] == "^" { negate = true; i = p.index(after: i) }
        var matched = false
        var first = true
        while i < p.endIndex {
            let ch = p[i]
            if ch == "]" && !first {
                return (matched != negate, p[p.index(after: i)...])
            }
            first = false
            let next = p.index(after: i)
            if next < p.endIndex, p[next] == "-", p.index(after: next) < p.endIndex, p[p.index(after: next)] != "]" {
                let hi = p[p.index(after: next)]
                if ch <= c && c <= hi { matched = true }
                i = p.index(after: p.index(after: next))
            } else {
                if ch == c { matched = true }
                i = next
            }
        }
        return nil
    }
}
