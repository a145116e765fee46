/// A value as the reader sees it: printf arguments, trace() output, globals.
public enum TraceValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int64)
    case string(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .string(let s): return s
        }
    }
}
