// "Did you mean" candidates, computed fast enough to run for every unknown name of every program
// (a mistyped probe description is compared with every declared probe). Same ranking as
// `EditDistance.nearest`; ASCII names are compared byte by byte, others by Character.

enum NearestNames {
    /// The candidates closest to `text`, best first, within a distance that still looks like a typo.
    /// With `matchSuffixes`, a candidate is compared by as many of its last `:` fields as `text` has.
    static func nearest(to text: String, among candidates: [String], limit: Int, matchSuffixes: Bool = false) -> [String] {
        let fieldCount = text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: ":") ? 1 : 0) }
        let threshold = Swift.max(2, text.count / 3)
        let typed = Array(text.utf8)
        let typedIsASCII = typed.allSatisfy { $0 < 0x80 }
        var scored: [(distance: Int, name: String)] = []
        for candidate in candidates {
            var compared = candidate
            if matchSuffixes {
                let fields = candidate.split(separator: ":", omittingEmptySubsequences: false)
                if fields.count > fieldCount { compared = fields.suffix(fieldCount).joined(separator: ":") }
            }
            let bytes = Array(compared.utf8)
            let d: Int
            if typedIsASCII && bytes.allSatisfy({ $0 < 0x80 }) {
                // A length difference beyond the threshold cannot come back under it.
                if abs(bytes.count - typed.count) > threshold { continue }
                d = distance(typed, bytes, limit: threshold)
            } else {
                d = EditDistance.distance(text, compared)
            }
            if d <= threshold { scored.append((d, candidate)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        var seen = Set<String>()
        var result: [String] = []
        for s in scored where result.count < limit && seen.insert(s.name).inserted { result.append(s.name) }
        return result
    }

    /// Levenshtein distance between two byte strings, or `limit + 1` as soon as it must exceed `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        let rows = UnsafeMutablePointer<Int>.allocate(capacity: 2 * width)
        defer { rows.deallocate() }
        var previous = rows, current = rows + width
        for j in 0..<width { previous[j] = j }
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for i in 1...a.count {
                    current[0] = i
                    var rowMinimum = i
                    let ai = a[i - 1]
                    for j in 1...b.count {
                        var best = previous[j - 1] + (ai == b[j - 1] ? 0 : 1)
                        let deletion = previous[j] + 1, insertion = current[j - 1] + 1
                        if deletion < best { best = deletion }
                        if insertion < best { best = insertion }
                        current[j] = best
                        if best < rowMinimum { rowMinimum = best }
                    }
                    if rowMinimum > limit { return limit + 1 }
                    swap(&previous, &current)
                }
                return previous[b.count]
            }
        }
    }
}
