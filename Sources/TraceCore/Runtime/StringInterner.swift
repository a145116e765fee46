import Synchronization
import TraceSystem

/// Maps strings to small integer ids so aggregation keys and probe names are fixed-width words.
/// Append-only; ids are never reused.
final class StringInterner: Sendable {
    static let shared = StringInterner()

    private struct Table {
        var ids: [String: Int64] = [:]
        var strings: [String] = []
    }
    private let table = Lock(Table())

    /// Most distinct strings kept: string keys are interned for good, so a program keying on an
    /// unbounded set of strings (request keys, say) must not grow the table without end.
    static let capacity = 1_000_000

    /// The id of a string, adding it if new; -1 when the table is full.
    func intern(_ s: String) -> Int64 {
        table.withLock { t in
            if let id = t.ids[s] { return id }
            if t.strings.count >= StringInterner.capacity { return -1 }
            let id = Int64(t.strings.count)
            t.strings.append(s)
            t.ids[s] = id
            return id
        }
    }

    /// The string of an id ("" if unknown).
    func string(_ id: Int64) -> String {
        table.withLock { t in id >= 0 && id < Int64(t.strings.count) ? t.strings[Int(id)] : "" }
    }

}
