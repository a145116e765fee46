/// What a dropped piece of data was.
public enum DropKind: String, Sendable, CaseIterable, Hashable {
    /// A trace record that did not fit in its thread's buffer.
    case traceBuffer = "trace buffer"
    /// A new aggregation key refused at the key limit.
    case aggregationKeys = "aggregation keys"
    /// A new associative-array entry refused at the entry limit.
    case arrayEntries = "array entries"
    /// A new string key refused at the program's string-key limit.
    case stringKeys = "string keys"
    /// Data refused because tracing memory reached its budget (`set memory`).
    case memory = "memory"
    /// A firing skipped because every thread slot was taken.
    case threads = "threads"

    /// Its position in `allCases`.
    var index: Int {
        switch self {
        case .traceBuffer: 0
        case .aggregationKeys: 1
        case .arrayEntries: 2
        case .stringKeys: 3
        case .memory: 4
        case .threads: 5
        }
    }
}
