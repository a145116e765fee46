// The history list in memory: entries oldest first, duplicates collapsed (the newest kept), capped in size.

struct History: Sendable {
    private(set) var entries: [String] = []
    let limit: Int

    init(entries: [String] = [], limit: Int) {
        self.limit = max(0, limit)
        self.entries = Self.collapse(entries, limit: self.limit)
    }

    /// Adds an entry (moving an identical older one to the end); blank entries are not kept. Returns whether it was added.
    @discardableResult
    mutating func add(_ entry: String) -> Bool {
        guard limit > 0, !entry.allSatisfy(\.isWhitespace) else { return false }
        entries.removeAll { $0 == entry }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    /// Keeps the last occurrence of each entry, drops blanks, then keeps the newest `limit`.
    static func collapse(_ entries: [String], limit: Int) -> [String] {
        guard limit > 0 else { return [] }
        var seen = Set<String>()
        var kept: [String] = []
        for entry in entries.reversed() where !entry.allSatisfy(\.isWhitespace) {
            if seen.insert(entry).inserted { kept.append(entry) }
            if kept.count >= limit { break }
        }
        return kept.reversed()
    }

    /// A match of a search: the entry's index and the character offset of the query in it.
    struct Match: Equatable, Sendable {
        var index: Int
        var position: Int
    }

    /// The nearest entry containing `query`, starting at `start` and going back (or forward).
    func search(_ query: String, from start: Int, backward: Bool) -> Match? {
        guard !entries.isEmpty else { return nil }
        var i = start
        while i >= 0 && i < entries.count {
            if query.isEmpty { return Match(index: i, position: 0) }
            if let range = entries[i].firstRange(of: query) {
                return Match(index: i, position: entries[i].distance(from: entries[i].startIndex, to: range.lowerBound))
            }
            i += backward ? -1 : 1
        }
        return nil
    }
}
