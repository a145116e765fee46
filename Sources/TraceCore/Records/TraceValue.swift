/// A value as the reader sees it: printf arguments, trace() output, globals, aggregation keys.
/// Integers sort before strings; each sorts by its natural order.
public enum TraceValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    case int(Int64)
    case string(String)
    /// A stack: its frames, innermost first, each `module`function+0xoffset`.
    case stack([String])

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .string(let s): return s
        case .stack(let frames): return frames.joined(separator: "\n")
        }
    }

    private var rank: Int {
        switch self {
        case .int: return 0
        case .string: return 1
        case .stack: return 2
        }
    }

    public static func < (a: TraceValue, b: TraceValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.string(let x), .string(let y)): return x < y
        case (.stack(let x), .stack(let y)): return x.lexicographicallyPrecedes(y)
        default: return a.rank < b.rank
        }
    }
}
