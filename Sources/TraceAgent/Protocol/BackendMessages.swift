// The requests a console makes and the answers it gets, shared by both ends of an attach (see TraceBackend).
import TraceCore

/// What the console asks TraceCore to do.
public enum BackendRequest: Codable, Sendable, Equatable {
    /// Every declared probe matching `pattern` (a probe description; a word with no `:` matches any field); nil: all.
    case listProbes(pattern: String?)
    /// Compiles D-like clauses and defines (and enables) the program; a nil name takes the next `p1`, `p2`, ….
    case define(name: String?, source: String, allowZeroMatches: Bool)
    /// Compiles one CLTRACE form: `(define-program …)` defines; `(getagg …)`/`(getvar …)` are answered as queries.
    case defineLisp(source: String)
    /// Enables a disabled program.
    case enable(program: String)
    /// Disables a program, keeping its data.
    case disable(program: String)
    /// Deletes a program and its data.
    case delete(program: String)
    /// The status of every program, in definition order.
    case listPrograms
    /// Every aggregation of a program, merged.
    case aggregations(program: String)
    /// One aggregation, merged.
    case aggregation(program: String, name: String)
    /// Zeroes an aggregation's values.
    case clear(program: String, aggregation: String)
    /// Drops an aggregation's keys, keeping the `keep` largest.
    case trunc(program: String, aggregation: String, keep: Int)
    /// A program's global variable.
    case global(program: String, name: String)
    /// Everything programs printed since the last drain.
    case drainOutput
    /// The limits in force.
    case limits
    /// Replaces the limits.
    case setLimits(LimitsInfo)
    /// Sets (or with nil removes) a program's budget, a share of one core.
    case setBudget(program: String, fraction: Double?)
    /// Disables every program and waits until no firing is in flight.
    case stopAll
    /// Leaves the service a console is attached to: with `keep`, the console's programs stay enabled; without,
    /// they are deleted now. Fails for a console co-hosted in the service.
    case detach(keep: Bool)
    /// Publishes an aggregation on the service's /metrics endpoint (replacing an export of the same aggregation).
    case export(MetricExport)
    /// Stops publishing an aggregation.
    case unexport(program: String, aggregation: String)
    /// Every export, in the order they were made.
    case listExports
}

/// What TraceCore answers.
public enum BackendResponse: Codable, Sendable, Equatable {
    /// Done; nothing to report.
    case done
    /// Probes, in declaration order.
    case probes([ProbeInfo])
    /// A program was defined.
    case defined(DefinitionInfo)
    /// A CLTRACE query form was read: `(getagg NAME)` or `(getvar :NAME)`.
    case lispQuery(LispQuery)
    /// Program statuses.
    case programs([ProgramInfo])
    /// Aggregation snapshots.
    case snapshots([AggregationSnapshot])
    /// A global's value (nil: the program has no such global).
    case value(WireValue?)
    /// Trace output, in firing order.
    case output([TraceOutput])
    /// The limits in force.
    case limits(LimitsInfo)
    /// The console left the service (process `pid`, named `execname`): what became of its programs.
    case detached(DetachResult, pid: Int32, execname: String)
    /// Exports and what they publish.
    case exports([ExportInfo])
    /// The request could not be done.
    case failure(BackendError)
}
