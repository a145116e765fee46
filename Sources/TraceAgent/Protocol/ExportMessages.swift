// What `export` asks the service to publish on its /metrics endpoint, and what `exports` lists (the backend
// requests .export, .unexport and .listExports carry these).

/// The unit of an exported aggregation's values: nanoseconds shown as seconds, or bytes as they are.
public enum MetricUnit: String, Codable, Sendable, Equatable, CaseIterable {
    /// The values are nanoseconds; the metric is in seconds (values divided by 10⁹, name ending `_seconds`).
    case seconds
    /// The values are bytes (name ending `_bytes`).
    case bytes
}

/// One aggregation published as a Prometheus metric.
public struct MetricExport: Codable, Sendable, Equatable {
    /// The program the aggregation belongs to; the export follows redefinitions of that name.
    public var program: String
    /// The aggregation's name without `@` ("" for the anonymous one).
    public var aggregation: String
    /// The metric's base name, without the `_total`, `_bucket`, `_sum`, `_count` suffixes.
    public var name: String
    /// One label name per key component; empty: `key0`, `key1`, ….
    public var labels: [String]
    /// The values' unit, if any.
    public var unit: MetricUnit?
    /// Whether a `sum()` is a gauge (its values can go down) rather than a counter.
    public var gauge: Bool

    /// Creates an export.
    public init(program: String, aggregation: String, name: String, labels: [String] = [], unit: MetricUnit? = nil, gauge: Bool = false) {
        self.program = program; self.aggregation = aggregation; self.name = name
        self.labels = labels; self.unit = unit; self.gauge = gauge
    }
}

/// An export as `exports` lists it: what it publishes under which names.
public struct ExportInfo: Codable, Sendable, Equatable {
    /// The export.
    public var export: MetricExport
    /// `counter`, `gauge` or `histogram`.
    public var type: String
    /// The sample names a scrape shows (`lat_seconds_bucket`, `lat_seconds_sum`, `lat_seconds_count`).
    public var samples: [String]
    /// The label names, one per key component.
    public var labels: [String]
    /// Keys the aggregation has now, one label set each (0 when its program or aggregation is gone).
    public var keys: Int

    /// Creates a listing row.
    public init(export: MetricExport, type: String, samples: [String], labels: [String], keys: Int) {
        self.export = export; self.type = type; self.samples = samples; self.labels = labels; self.keys = keys
    }
}
