/// A value as the reader sees it: printf arguments, trace() output, globals, aggregation keys.
/// Integers sort before strings; each sorts by its natural order.
public enum TraceValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    case int(Int64)
    case string(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .string(let s): return s
        }
    }

    public static func < (a: TraceValue, b: TraceValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.string(let x), .string(let y)): return x < y
        case (.int, .string): return true
        case (.string, .int): return false
        }
    }
}
