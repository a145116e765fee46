// export, unexport, exports: the checks an export must pass before /metrics publishes it.
import TraceCore

extension LocalBackend {
    func answerExport(_ request: BackendRequest) throws -> BackendResponse {
        switch request {
        case .export(let export):
            return .exports([try add(export)])
        case .unexport(let program, let aggregation):
            guard exports.remove(program: program, aggregation: aggregation) else {
                throw BackendError.message("\(program).@\(aggregation) is not exported")
            }
            return .done
        case .listExports:
            return .exports(exports.all.map { MetricsScrape.info($0, try? runtime.snapshot(program: $0.program, aggregation: $0.aggregation)) })
        default:
            throw BackendError.message("not an export request")
        }
    }

    private func add(_ export: MetricExport) throws -> ExportInfo {
        let snapshot = try runtime.snapshot(program: export.program, aggregation: export.aggregation)
        let function = snapshot.function
        let shape = MetricShape.of(function, gauge: export.gauge)
        let what = "\(export.program).@\(export.aggregation)"
        guard MetricNaming.isValidMetricName(export.name) else {
            throw BackendError.message("invalid metric name '\(export.name)': lower-case letters, digits and _, not starting with a digit")
        }
        if export.gauge && function != .sum {
            throw BackendError.message("gauge is for a sum() that can go down; \(what) is \(function.name)(), exported as a \(MetricShape.of(function, gauge: false).rawValue)")
        }
        if export.unit != nil && function == .count {
            throw BackendError.message("\(what) is a count(): a count has no unit")
        }
        if !export.labels.isEmpty {
            guard export.labels.count == snapshot.keyTypes.count else {
                throw BackendError.message("\(what) has \(snapshot.keyTypes.count) key\(snapshot.keyTypes.count == 1 ? "" : "s"), so it takes \(snapshot.keyTypes.count) label name\(snapshot.keyTypes.count == 1 ? "" : "s"), not \(export.labels.count)")
            }
            for label in export.labels where !MetricNaming.isValidLabelName(label) {
                throw BackendError.message("invalid label name '\(label)': letters, digits and _, not starting with a digit or __")
            }
            if let twice = export.labels.first(where: { l in export.labels.filter { $0 == l }.count > 1 }) {
                throw BackendError.message("label name '\(twice)' is given twice")
            }
            if shape == .histogram, export.labels.contains("le") {
                throw BackendError.message("'le' is the bucket label of a histogram; name the key another way")
            }
        }
        let runtime = self.runtime
        func names(_ e: MetricExport, _ f: AggregationFunction) -> Set<String> {
            let shape = MetricShape.of(f, gauge: e.gauge)
            let base = MetricNaming.baseName(e.name, unit: e.unit, shape: shape)
            return Set([base] + MetricNaming.samples(base: base, shape: shape))
        }
        if let clash = exports.add(export, names: names(export, function), namesOf: { other in
            names(other, (try? runtime.snapshot(program: other.program, aggregation: other.aggregation))?.function ?? .count)
        }) {
            throw BackendError.message(clash)
        }
        return MetricsScrape.info(export, snapshot)
    }
}
