import CTraceCore

/// One program's drop counts by kind, shared by the program and its aggregations so whoever refuses
/// the data counts it where `programs` reads it.
// @unchecked Sendable: the words are only changed by atomic read-modify-writes and read with relaxed loads.
final class DropCounters: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Int64>

    init() {
        storage = .allocate(capacity: DropKind.allCases.count)
        storage.initialize(repeating: 0, count: DropKind.allCases.count)
    }

    deinit { storage.deallocate() }

    /// Counts one drop (drops are rare and may come from many threads: a real read-modify-write).
    func count(_ kind: DropKind) {
        _ = trace_fetch_add(storage + kind.index, 1)
    }

    /// Drops so far, by kind.
    var byKind: [DropKind: Int64] {
        var out: [DropKind: Int64] = [:]
        for k in DropKind.allCases { out[k] = trace_load_relaxed(storage + k.index) }
        return out
    }
}
