// The stable JSON form (docs/output.md, "JSON"): one object per aggregation, on one line.
//
// {"program": "lat", "aggregation": "lat", "function": "quantize", "entries": [{"key": ["read"], "value": V}]}
//
// V is an integer for count/sum/min/max, a number for avg (sum/count, fractional when it is) and
// stddev (population standard deviation), and for quantize/lquantize/llquantize an object
// {"buckets": [[lo, count], …], "count": N, "sum": S, "p50": x, "p90": x, "p99": x, "max": x} (S the true sum of the values):
// non-zero buckets only, `lo` the bucket's lower bound as HistogramLayout gives it — the `< low`
// bucket of lquantize/llquantize has lo -9223372036854775808 (Int64.min), the `>= high` bucket lo = high,
// and a negative power-of-two bucket the label DTrace prints (its bound nearest zero, e.g. -2 for (-4, -2]).
// Entries are sorted by value ascending, ties by key. Strings are escaped per RFC 8259.
import TraceCore

extension AggregationFormatter {
    /// One JSON object on one line (no trailing newline), in the stable form the file header shows; entries stop
    /// once `shouldStop` says so (Ctrl-C).
    public static func json(_ snapshot: AggregationSnapshot, shouldStop: () -> Bool = { false }) -> String {
        var out = "{\"program\": " + jsonString(snapshot.program)
        out += ", \"aggregation\": " + jsonString(snapshot.name)
        out += ", \"function\": " + jsonString(snapshot.function.name)
        out += ", \"entries\": ["
        for (n, entry) in EntryOrder.sorted(snapshot.entries, descending: false).enumerated() {
            if shouldStop() { break }
            if n > 0 { out += ", " }
            out += "{\"key\": [" + entry.key.map(jsonKey).joined(separator: ", ") + "], \"value\": "
            out += jsonValue(entry.value) + "}"
        }
        out += "]}"
        return out
    }

    static func jsonKey(_ k: KeyComponent) -> String {
        switch k {
        case .int(let v): return String(v)
        case .string(let s): return jsonString(s)
        case .stack(let frames): return "[" + frames.map(jsonString).joined(separator: ",") + "]"
        }
    }

    static func jsonValue(_ value: AggregationValue) -> String {
        switch value {
        case .scalar(let v):
            return String(v)
        case .average(let c, let s):
            return c == 0 ? "0" : jsonNumber(Double(s) / Double(c))
        case .deviation:
            return jsonNumber(value.sortWeight)
        case .histogram(let h):
            var buckets: [String] = []
            for i in 0..<Swift.min(h.counts.count, h.layout.count) where h.counts[i] != 0 {
                buckets.append("[\(h.layout.lowerBounds[i]), \(h.counts[i])]")
            }
            let p = Percentiles(h)
            return "{\"buckets\": [" + buckets.joined(separator: ", ") + "], \"count\": \(p.count), \"sum\": \(h.sum), \"p50\": \(p.p50)"
                + ", \"p90\": \(p.p90), \"p99\": \(p.p99), \"max\": \(p.max)}"
        }
    }

    /// A finite number as JSON: integral values without a fraction (`3`), others in Swift's shortest form (`2.5`).
    static func jsonNumber(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        if d == d.rounded(), abs(d) < 9.0e15 { return String(Int64(d)) }
        return String(d)
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00XX`.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
