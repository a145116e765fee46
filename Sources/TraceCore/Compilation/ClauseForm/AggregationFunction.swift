/// Aggregating functions with their definition-time parameters.
public enum AggregationFunction: Sendable, Equatable, Hashable {
    case count, sum, avg, min, max, stddev
    case quantize
    case lquantize(low: Int64, high: Int64, step: Int64)
    case llquantize(factor: Int64, lowMagnitude: Int64, highMagnitude: Int64, steps: Int64)

    /// The name the language uses for the function.
    public var name: String {
        switch self {
        case .count: return "count"
        case .sum: return "sum"
        case .avg: return "avg"
        case .min: return "min"
        case .max: return "max"
        case .stddev: return "stddev"
        case .quantize: return "quantize"
        case .lquantize: return "lquantize"
        case .llquantize: return "llquantize"
        }
    }

    /// Whether the value is a distribution (rendered as a histogram).
    public var isHistogram: Bool {
        switch self {
        case .quantize, .lquantize, .llquantize: return true
        default: return false
        }
    }
}
