import CTraceCore
import Foundation
import Synchronization
@testable import TraceCore
import TraceSystem

/// Probes for runtime tests. Each suite uses its own provider name so parallel suites never share probes.
struct TestService {
    let provider: TraceProvider
    let match: FunctionProbe<Int, Int, Int>        // side, price, qty
    let fill: EventProbe<Int, Int, String>          // price, qty, venue
    let reject: EventProbe<String>                  // reason
    let tick: EventProbe<Int>                       // n

    init(_ name: String) {
        provider = TraceProvider(name)
        match = provider.function("book", "match", ("side", Int.self), ("price", Int.self), ("qty", Int.self))
        fill = provider.event("book", "match", "fill", ("price", Int.self), ("qty", Int.self), ("venue", String.self))
        reject = provider.event("risk", "check", "reject", ("reason", String.self))
        tick = provider.event("loop", "step", "tick", ("n", Int.self))
    }

    func ids(_ description: String) -> [ProbeID] {
        ProbeRegistry.shared.match(ProbeDescription(description)!).map(\.id)
    }
}

/// Builds small programs in the clause form.
enum Spec {
    static func clause(_ probes: [ClauseProbe], _ predicate: TraceCore.Expression? = nil, _ body: [Statement],
                       locals: [VariableDeclaration] = []) -> ClauseSpec {
        ClauseSpec(probes: probes, predicate: predicate, body: body, clauseLocals: locals)
    }

    static func count(_ name: String, sites: [ProbeID], keys: [TraceCore.Expression] = [], keyTypes: [ValueType] = [],
                      predicate: TraceCore.Expression? = nil) -> ProgramSpec {
        ProgramSpec(name: name, clauses: [clause([.sites(sites)], predicate, [.aggregate(aggregation: 0, keys: keys, arguments: [])])],
                    aggregations: [AggregationDeclaration(name: "n", function: .count, keyTypes: keyTypes)])
    }
}

/// The integer total of a count/sum snapshot.
func total(_ s: AggregationSnapshot) -> Int64 {
    s.entries.reduce(0) { acc, e in
        if case .scalar(let v) = e.value { return acc + v }
        return acc
    }
}

/// The value of one key of a count/sum snapshot.
func value(_ s: AggregationSnapshot, _ key: [KeyComponent]) -> Int64? {
    for e in s.entries where e.key == key {
        if case .scalar(let v) = e.value { return v }
    }
    return nil
}

/// Text records drained from the runtime for one program.
func drainedText(_ program: String) -> [String] {
    TraceRuntime.shared.drainOutput(program: program).compactMap { r in
        guard r.program == program, case .text(let t) = r.kind else { return nil }
        return t
    }
}

/// Runs `body` on `count` new threads at once and waits for all of them to exit.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let t = Thread {
            body(i)
            group.leave()
        }
        t.stackSize = 1 << 20
        t.start()
    }
    group.wait()
}

extension TraceCore.Expression {
    /// A probe argument by declared name, resolved by the checker over every registered probe.
    static func argument(named name: String, type: ValueType) -> TraceCore.Expression {
        Checker.argument(named: name, type: type, in: ProbeRegistry.shared.allProbes)
    }
}

/// Compiles `source` and defines it as program `name` on the shared runtime.
func defineProgram(_ name: String, _ source: String) throws {
    try TraceRuntime.shared.define(try TraceLanguage.compile(name: name, source: source))
}

/// An aggregation's rows by their keys joined with commas (a string key is its text).
func keyedRows(_ program: String, _ aggregation: String) throws -> [String: AggregationValue] {
    var out: [String: AggregationValue] = [:]
    for e in try TraceRuntime.shared.snapshot(program: program, aggregation: aggregation).entries {
        out[e.key.map { "\($0)" }.joined(separator: ",")] = e.value
    }
    return out
}

/// Changes the process-wide limits (in an exit test's child process, where no other test runs).
func changeLimits(_ change: (inout TraceLimits) -> Void) {
    var limits = TraceRuntime.shared.limits
    change(&limits)
    TraceRuntime.shared.limits = limits
}

/// What the test process runs under.
enum TestEnvironment {
    /// Whether this test binary was built with ThreadSanitizer (its runtime is linked in).
    static let underThreadSanitizer = dlsym(nil, "__tsan_init") != nil
}

/// Runs `body` while another thread defines and deletes the program `name` (its source for each round) again and again.
func whileChurning(_ name: String, _ source: @escaping @Sendable (Int) -> String, _ body: () -> Void) {
    let done = Atomic<Bool>(false)
    let churn = WorkerThread(name: "churn") {
        var round = 0
        while !done.load(ordering: .relaxed) {
            _ = try? TraceRuntime.shared.define(try! TraceLanguage.compile(name: name, source: source(round)))
            try? TraceRuntime.shared.delete(name)
            round += 1
        }
    }
    body()
    done.store(true, ordering: .relaxed)
    churn.join()
}

/// The calling thread's ops for `site` in its plans rebuilt from the current configuration, as a firing rebuilds them;
/// nil when the site has none. (The plans a thread's last firing ran may have been withdrawn since by another test's
/// generation bump, and a bump during the rebuild withdraws them again, so it is retried.)
func currentPlanOps(_ site: Int) -> UnsafeMutablePointer<ThreadOp>? {
    let t = trace_thread_get()
    for _ in 0..<1_000 {
        trace_enter_firing(&t.pointee.depth)
        ThreadRegistry.refresh(t)
        let ops = ThreadPlans.ops(t, site)
        Dispatcher.endFiring(t)
        if ops != nil || ThreadPlans.planCount(t) != 0 { return ops }
    }
    return nil
}
