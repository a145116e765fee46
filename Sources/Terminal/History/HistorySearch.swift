// State of an incremental history search (Ctrl-R backward, Ctrl-S forward).

struct HistorySearch: Equatable, Sendable {
    var backward: Bool
    var query = ""
    var match: History.Match?
    /// The query matches nothing (the last match stays shown).
    var failed = false
    /// The buffer and history position when the search began (restored by Ctrl-G / Esc).
    let original: LineBuffer
    let originalIndex: Int

    /// The prompt shown while searching, bash style: (reverse-i-search)`query': .
    var label: String {
        (failed ? "(failed " : "(") + (backward ? "reverse-i-search)" : "i-search)") + "`\(query)': "
    }

    /// Looks for the query from the current match (inclusive, or `advancing` past it) or from where the search began.
    mutating func run(in history: History, advancing: Bool) {
        guard !query.isEmpty else { match = nil; failed = false; return }
        let step = backward ? -1 : 1
        let start: Int
        if let match { start = match.index + (advancing ? step : 0) } else { start = originalIndex + step }
        if let found = history.search(query, from: start, backward: backward) {
            match = found
            failed = false
        } else {
            failed = true
        }
    }
}
