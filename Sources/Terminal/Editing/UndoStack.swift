// Undo: snapshots of the buffer taken before each change (a run of typed characters is one change).

struct UndoStack {
    private var snapshots: [LineBuffer] = []
    let capacity: Int

    init(capacity: Int = 200) { self.capacity = max(1, capacity) }

    var isEmpty: Bool { snapshots.isEmpty }

    /// Remembers `state` as it was before a change.
    mutating func record(_ state: LineBuffer) {
        if snapshots.last == state { return }
        snapshots.append(state)
        if snapshots.count > capacity { snapshots.removeFirst(snapshots.count - capacity) }
    }

    /// The state before the latest change.
    mutating func undo() -> LineBuffer? { snapshots.popLast() }

    mutating func removeAll() { snapshots.removeAll() }
}
