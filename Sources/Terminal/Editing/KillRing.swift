// The kill ring: killed text for Ctrl-Y, older kills reached with Alt-Y. Consecutive kills join into one entry.

struct KillRing {
    private(set) var entries: [String] = []
    /// Index of the entry the last yank inserted.
    private var yankIndex = 0
    let capacity: Int

    init(capacity: Int = 16) { self.capacity = max(1, capacity) }

    /// Saves killed text; with `joinWithLast` it extends the newest entry (after it, or before it for a backward kill).
    mutating func kill(_ text: String, backward: Bool, joinWithLast: Bool) {
        guard !text.isEmpty else { return }
        if joinWithLast, let last = entries.last {
            entries[entries.count - 1] = backward ? text + last : last + text
        } else {
            entries.append(text)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
        yankIndex = entries.count - 1
    }

    /// The newest entry (what Ctrl-Y inserts).
    mutating func yank() -> String? {
        guard let last = entries.last else { return nil }
        yankIndex = entries.count - 1
        return last
    }

    /// The entry before the one last yanked, cycling (what Alt-Y puts in its place).
    mutating func rotate() -> String? {
        guard !entries.isEmpty else { return nil }
        yankIndex = (yankIndex - 1 + entries.count) % entries.count
        return entries[yankIndex]
    }
}
