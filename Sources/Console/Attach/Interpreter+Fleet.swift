// `show … by pid` in a console attached to several processes: each aggregation broken down by process, the pid
// as the first key component (so the rows and histograms print as any keyed aggregation does).
import TraceAgent
import TraceCore

extension Interpreter {
    /// The aggregations of `shown` read from each process, keyed by pid first.
    func byProcess(_ shown: [ShownAggregation]) throws(CommandError) -> [ShownAggregation] {
        guard let fleet = backend as? FleetBackend else {
            throw CommandError("show … by pid needs a console attached to several processes (trace-console attach PID PID…)")
        }
        return shown.map { item in
            var s = item.snapshot
            s.keyTypes = [.int] + s.keyTypes
            s.entries = fleet.perProcess(program: s.program, aggregation: s.name).flatMap { part in
                part.snapshot.entries.map { AggregationEntry(key: [.int(Int64(part.pid))] + $0.key, value: $0.value) }
            }
            return ShownAggregation(snapshot: s, qualified: item.qualified)
        }
    }
}
