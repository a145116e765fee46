import TraceSystem

/// Every program instance not yet freed, so a thread that exits can free its state in each of them.
enum LiveInstances {
    /// A reference that does not keep its instance alive.
    // @unchecked Sendable: `instance` is only read and written under `table`'s lock.
    private final class Entry: @unchecked Sendable {
        weak var instance: ProgramInstance?
        init(_ instance: ProgramInstance) { self.instance = instance }
    }
    private static let table = Lock<[ObjectIdentifier: Entry]>([:])

    static func add(_ instance: ProgramInstance) {
        let entry = Entry(instance)
        table.withLock { $0[ObjectIdentifier(instance)] = entry }
    }

    /// Called by the instance's deinit.
    static func remove(_ id: ObjectIdentifier) {
        _ = table.withLock { $0.removeValue(forKey: id) }
    }

    /// The instances alive now (strong references, for the caller's use).
    static func all() -> [ProgramInstance] {
        table.withLock { t in t.values.compactMap(\.instance) }
    }
}
