// Prometheus names for exported aggregations: which metric type each aggregating function becomes, the base
// name (snake_case, the unit as a suffix: `_seconds` rather than `_ns`), the sample names, and the checks on
// names a user gives (what `promtool check metrics` accepts without a lint).
import TraceCore

/// The Prometheus metric type an exported aggregation becomes.
public enum MetricShape: String, Sendable, Equatable {
    /// `count()`, and `sum()` unless exported as a gauge: `NAME_total`.
    case counter
    /// `min`, `max`, `avg`, `stddev`, and `sum()` exported as a gauge.
    case gauge
    /// `quantize`, `lquantize`, `llquantize`: `NAME_bucket{le=…}`, `NAME_sum`, `NAME_count`.
    case histogram

    /// The type of `function`'s metric (`gauge` asks for a sum that can go down).
    public static func of(_ function: AggregationFunction, gauge: Bool) -> MetricShape {
        switch function {
        case .count: return .counter
        case .sum: return gauge ? .gauge : .counter
        case .min, .max, .avg, .stddev: return .gauge
        case .quantize, .lquantize, .llquantize: return .histogram
        }
    }
}

/// Metric and label names.
public enum MetricNaming {
    /// Whether `name` is a metric name a user may give: lower-case letters, digits and `_`, not starting with a digit.
    public static func isValidMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// Whether `name` is a label name: letters, digits and `_`, not starting with a digit nor with `__` (reserved).
    public static func isValidLabelName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= 0x30 && first <= 0x39), !name.hasPrefix("__") else { return false }
        return name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// A valid snake_case metric name made from any text: `riskCheck.ns` → `risk_check_ns`.
    public static func sanitized(_ text: String) -> String {
        var out = ""
        var previous: Character = "_"
        for c in text {
            if c.isASCII, c.isUppercase {
                if previous.isASCII, previous.isLowercase || previous.isNumber { out.append("_") }
                out.append(Character(c.lowercased()))
            } else if c.isASCII, c.isLetter || c.isNumber {
                out.append(c)
            } else if out.last != "_" {
                out.append("_")
            }
            previous = c
        }
        while out.hasSuffix("_") { out.removeLast() }
        while out.hasPrefix("_") { out.removeFirst() }
        if out.isEmpty || out.first!.isNumber { out = "agg_" + out }
        return out
    }

    /// The name an export takes when none is given: `PROGRAM_AGGREGATION`, sanitized.
    public static func defaultName(program: String, aggregation: String) -> String {
        sanitized(aggregation.isEmpty ? program : program + "_" + aggregation)
    }

    /// The metric's base name: `name` with the unit's suffix (`_ns`, `_nanoseconds` become `_seconds`) and
    /// without a counter's `_total` (the sample adds it).
    public static func baseName(_ name: String, unit: MetricUnit?, shape: MetricShape) -> String {
        var base = name
        if shape == .counter, base.hasSuffix("_total") { base.removeLast("_total".count) }
        switch unit {
        case .seconds?:
            for suffix in ["_nanoseconds", "_ns"] where base.hasSuffix(suffix) { base.removeLast(suffix.count) }
            if !base.hasSuffix("_seconds") { base += "_seconds" }
        case .bytes?:
            if !base.hasSuffix("_bytes") { base += "_bytes" }
        case nil:
            break
        }
        return base
    }

    /// The sample names a family of `shape` named `base` shows.
    public static func samples(base: String, shape: MetricShape) -> [String] {
        switch shape {
        case .counter: return [base + "_total"]
        case .gauge: return [base]
        case .histogram: return [base + "_bucket", base + "_sum", base + "_count"]
        }
    }

    /// The label names of a key of `width` components: the export's, then `keyN` for any it does not name.
    public static func labelNames(_ given: [String], width: Int) -> [String] {
        (0..<width).map { $0 < given.count ? given[$0] : "key\($0)" }
    }
}
