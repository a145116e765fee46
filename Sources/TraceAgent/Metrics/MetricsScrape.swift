// One scrape: every export's aggregation read from the runtime (merged shards, as `show` reads them) and
// written in the asked format. Exports whose program or aggregation is gone publish nothing.
import TraceCore

/// What /metrics answers.
public enum MetricsScrape {
    /// The exposition of `exports` over `runtime`'s aggregations.
    public static func exposition(runtime: TraceRuntime, exports: MetricExports, format: ExpositionFormat) -> String {
        var writer = ExpositionWriter(format: format)
        for export in exports.all {
            guard let snapshot = try? runtime.snapshot(program: export.program, aggregation: export.aggregation) else { continue }
            writer.family(export, snapshot)
        }
        return writer.finish()
    }

    /// How `export` is published given its aggregation's current snapshot (nil: the aggregation is gone).
    public static func info(_ export: MetricExport, _ snapshot: AggregationSnapshot?) -> ExportInfo {
        let function = snapshot?.function ?? .count
        let shape = MetricShape.of(function, gauge: export.gauge)
        let base = MetricNaming.baseName(export.name, unit: export.unit, shape: shape)
        return ExportInfo(export: export, type: snapshot == nil ? "-" : shape.rawValue,
                          samples: snapshot == nil ? [base] : MetricNaming.samples(base: base, shape: shape),
                          labels: MetricNaming.labelNames(export.labels, width: snapshot?.keyTypes.count ?? export.labels.count),
                          keys: snapshot?.entries.count ?? 0)
    }
}
