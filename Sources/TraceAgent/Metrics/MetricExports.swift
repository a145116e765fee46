// The aggregations this process publishes on /metrics, in the order they were exported. Consoles change it
// through the backend (export, unexport; deleting a program drops its exports); the metrics server reads it at
// each scrape. An export names its program and aggregation, so it follows a redefinition of the program.
import TraceSystem

/// The table of exports the metrics endpoint serves. Thread-safe.
public final class MetricExports: Sendable {
    /// The process-wide table (what LocalBackend and MetricsServer use unless given another).
    public static let shared = MetricExports()

    private let table = Lock<[MetricExport]>([])

    /// An empty table.
    public init() {}

    /// Every export, in the order they were made.
    public var all: [MetricExport] { table.withLock { $0 } }

    /// Adds `export`, replacing one of the same aggregation; the message says why not when another aggregation
    /// already publishes one of the names in `names` (its family and sample names, as `namesOf` gives them).
    func add(_ export: MetricExport, names: Set<String>, namesOf: (MetricExport) -> Set<String>) -> String? {
        table.withLock { list in
            for other in list where !(other.program == export.program && other.aggregation == export.aggregation) {
                if let taken = namesOf(other).intersection(names).sorted().first {
                    return "\(other.program).@\(other.aggregation) publishes \(taken) already (choose another name with: as NAME)"
                }
            }
            if let i = list.firstIndex(where: { $0.program == export.program && $0.aggregation == export.aggregation }) {
                list[i] = export
            } else {
                list.append(export)
            }
            return nil
        }
    }

    /// Removes the export of one aggregation; whether there was one.
    func remove(program: String, aggregation: String) -> Bool {
        table.withLock { list in
            let before = list.count
            list.removeAll { $0.program == program && $0.aggregation == aggregation }
            return list.count != before
        }
    }

    /// Removes every export of a program (it was deleted).
    func removeAll(ofProgram program: String) {
        table.withLock { list in list.removeAll { $0.program == program } }
    }
}
