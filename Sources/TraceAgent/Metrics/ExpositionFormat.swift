// The two text formats /metrics speaks, chosen by the scraper's Accept header: Prometheus text exposition 0.0.4
// (the default, what `promtool check metrics` reads) and OpenMetrics 1.0.0 (what Prometheus asks for first).

/// A text format of the metrics endpoint.
public enum ExpositionFormat: Sendable, Equatable {
    /// `text/plain; version=0.0.4`.
    case prometheusText
    /// `application/openmetrics-text; version=1.0.0`.
    case openMetrics

    /// The Content-Type header's value.
    public var contentType: String {
        switch self {
        case .prometheusText: return "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: return "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// OpenMetrics when `accept` lists it with a non-zero quality, else the 0.0.4 text format.
    public static func negotiated(accept: String?) -> ExpositionFormat {
        guard let accept else { return .prometheusText }
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
            guard parts.first?.lowercased() == "application/openmetrics-text" else { continue }
            let zero = parts.dropFirst().contains { p in
                p.lowercased().hasPrefix("q=") && (Double(p.dropFirst(2)) ?? 1) == 0
            }
            if !zero { return .openMetrics }
        }
        return .prometheusText
    }
}

extension Substring {
    /// The text without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
