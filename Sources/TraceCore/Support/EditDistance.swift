/// Nearest-name suggestions for error messages ("did you mean …?").
public enum EditDistance {
    /// Levenshtein distance between two strings, by Character.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidates closest to `text`, best first, within a distance that still looks like a typo.
    /// With `matchSuffixes`, a candidate is also compared by its last fields (`a:b:c:d` vs `c:d`).
    public static func nearest(to text: String, among candidates: [String], limit: Int = 3, matchSuffixes: Bool = false) -> [String] {
        let fieldCount = text.split(separator: ":", omittingEmptySubsequences: false).count
        var scored: [(Int, String)] = []
        for c in candidates {
            var compared = c
            if matchSuffixes {
                let fields = c.split(separator: ":", omittingEmptySubsequences: false)
                if fields.count > fieldCount { compared = fields.suffix(fieldCount).joined(separator: ":") }
            }
            let d = distance(text, compared)
            let threshold = Swift.max(2, text.count / 3)
            if d <= threshold { scored.append((d, c)) }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var seen = Set<String>()
        return scored.compactMap { seen.insert($0.1).inserted ? $0.1 : nil }.prefix(limit).map { $0 }
    }
}
