// Writes exported aggregations as metric families, in the 0.0.4 text format or OpenMetrics:
//
//   # HELP orders_matches_total count() of p1.@matches, exported by trace-console
//   # TYPE orders_matches_total counter
//   orders_matches_total{side="buy"} 1233
//   # TYPE lat_seconds histogram
//   lat_seconds_bucket{le="1.023e-06"} 2306        cumulative; le is each bucket's inclusive upper bound
//   lat_seconds_bucket{le="+Inf"} 4576
//   lat_seconds_sum 0.00512
//   lat_seconds_count 4576
//
// A quantize bucket [2^k, 2^(k+1)) has le = 2^(k+1)-1 (in seconds with `unit seconds`); buckets are written from
// 0 (or the lowest non-empty negative bucket) up to the highest non-empty one; lquantize/llquantize write each
// bucket below their `>= high` one, which +Inf covers. Label values are escaped (\\, \", \n).
import TraceCore

/// Builds one exposition.
struct ExpositionWriter {
    let format: ExpositionFormat
    private(set) var text = ""

    init(format: ExpositionFormat) {
        self.format = format
        text.reserveCapacity(1 << 16)
    }

    /// Writes one export's family from its aggregation's snapshot.
    mutating func family(_ export: MetricExport, _ snapshot: AggregationSnapshot) {
        let shape = MetricShape.of(snapshot.function, gauge: export.gauge)
        let base = MetricNaming.baseName(export.name, unit: export.unit, shape: shape)
        let labels = MetricNaming.labelNames(export.labels, width: snapshot.keyTypes.count)
        let scale = export.unit == .seconds ? 1e9 : nil   // nanoseconds per second
        let family = format == .prometheusText && shape == .counter ? base + "_total" : base
        let where_ = export.aggregation.isEmpty ? "\(export.program).@" : "\(export.program).@\(export.aggregation)"
        text += "# HELP \(family) \(snapshot.function.name)() of \(where_), exported by trace-console\n"
        text += "# TYPE \(family) \(shape.rawValue)\n"
        if format == .openMetrics, let unit = export.unit { text += "# UNIT \(family) \(unit.rawValue)\n" }
        for entry in snapshot.entries {
            let labelText = Self.labels(labels, entry.key)
            switch (shape, entry.value) {
            case (.histogram, .histogram(let h)):
                histogram(base, labelText, h, scale: scale)
            case (_, let value):
                sample(shape == .counter ? base + "_total" : base, labelText, Self.number(value, scale: scale))
            }
        }
    }

    /// Ends the exposition (OpenMetrics' `# EOF`).
    mutating func finish() -> String {
        if format == .openMetrics { text += "# EOF\n" }
        return text
    }

    private mutating func sample(_ name: String, _ labels: String, _ value: String) {
        text += name
        if !labels.isEmpty { text += "{" + labels + "}" }
        text += " " + value + "\n"
    }

    private mutating func histogram(_ base: String, _ labels: String, _ h: HistogramValue, scale: Double?) {
        let n = min(h.counts.count, h.layout.count)
        var lowest = -1, highest = -1
        for i in 0..<n where h.counts[i] != 0 {
            if lowest < 0 { lowest = i }
            highest = i
        }
        var first = 0, last = n - 1
        switch h.layout.kind {
        case .quantize:
            first = lowest >= 0 ? min(lowest, 64) : 64
            last = max(highest, 64)
        case .linear, .logLinear:
            last = n - 2   // the `>= high` bucket is +Inf's
        }
        let prefix = labels.isEmpty ? "" : labels + ","
        var cumulative: Int64 = 0
        for i in 0..<n {
            cumulative &+= h.counts[i]
            guard i >= first, i <= last, let upper = h.layout.bucketRange(i).highest else { continue }
            sample(base + "_bucket", prefix + "le=\"" + Self.bound(upper, scale: scale) + "\"", "\(cumulative)")
        }
        sample(base + "_bucket", prefix + "le=\"+Inf\"", "\(cumulative)")
        // OpenMetrics allows no _sum for a histogram with negative observations.
        let negative = lowest >= 0 && (h.layout.bucketRange(lowest).highest ?? 0) < 0
        if !(format == .openMetrics && negative) { sample(base + "_sum", labels, Self.integer(h.sum, scale: scale)) }
        sample(base + "_count", labels, "\(cumulative)")
    }

    private static func labels(_ names: [String], _ key: [KeyComponent]) -> String {
        var out = ""
        for (i, component) in key.enumerated() where i < names.count {
            if i > 0 { out += "," }
            out += names[i] + "=\""
            switch component {
            case .int(let v): out += String(v)
            case .string(let s): out += escaped(s)
            case .stack(let frames): out += escaped(frames.joined(separator: ";"))   // a folded stack, outermost first
            }
            out += "\""
        }
        return out
    }

    /// A label value with `\`, `"` and newlines escaped.
    static func escaped(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return s }
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    private static func number(_ value: AggregationValue, scale: Double?) -> String {
        switch value {
        case .scalar(let v): return integer(v, scale: scale)
        case .average(let c, let s): return c == 0 ? "NaN" : float(Double(s) / Double(c) / (scale ?? 1))
        case .deviation(let c, _, _): return c == 0 ? "NaN" : float(value.sortWeight / (scale ?? 1))
        case .histogram(let h): return "\(h.total)"
        }
    }

    /// An integer, or with `scale` (a divisor) the quotient as a float.
    private static func integer(_ v: Int64, scale: Double?) -> String {
        guard let scale else { return String(v) }
        return float(Double(v) / scale)
    }

    private static func bound(_ v: Int64, scale: Double?) -> String {
        integer(v, scale: scale)
    }

    /// A float as Prometheus reads it.
    static func float(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}
