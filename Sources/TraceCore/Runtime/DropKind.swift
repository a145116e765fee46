/// What a dropped piece of data was.
public enum DropKind: String, Sendable, CaseIterable, Hashable {
    /// A trace record that did not fit in its thread's buffer.
    case traceBuffer = "trace buffer"
    /// A new aggregation key refused at the key limit.
    case aggregationKeys = "aggregation keys"
    /// A new associative-array entry refused at the entry limit.
    case arrayEntries = "array entries"
}
