import CTraceCore
import Dispatch
import Synchronization
import TraceSystem

/// The tracing runtime of this process: defines, enables, disables and deletes programs, and
/// reads their aggregations, variables and output. Programs run on the service's own threads.
public final class TraceRuntime: Sendable {
    /// The process-wide runtime.
    public static let shared = TraceRuntime()

    struct State {
        var programs: [String: ProgramEntry] = [:]
        var order: [String] = []
        var nextAnonymous = 1
    }
    let state = Lock(State())
    let registry: ProbeRegistry
    let service = ServiceThread()

    init(registry: ProbeRegistry = .shared) {
        self.registry = registry
    }

    private static let started: Bool = {
        trace_calibrate_ticks()
        _ = trace_install_thread_exit(ThreadRegistry.onThreadExit)
        return true
    }()

    /// Calibrates the clock and installs the thread-exit hook, once.
    static func ensureStarted() { _ = started }

    // MARK: definitions

    /// Defines (or atomically redefines) a program and, by default, enables it.
    @discardableResult
    public func define(_ spec: ProgramSpec, enable: Bool = true) throws -> DefineResult {
        TraceRuntime.ensureStarted()
        try SpecValidator.validate(spec, registry: registry)
        let limits = TraceLimits.get()
        if spec.aggregations.count > limits.aggregationsPerProgram {
            throw TraceRuntimeError.tooManyAggregations(program: spec.name, count: spec.aggregations.count, limit: limits.aggregationsPerProgram)
        }
        let entry = try ProgramCompiler.compile(spec, registry: registry)
        var previous: ProgramEntry?
        var beginClauses: [CompiledClause] = []
        let generation: Int64 = state.withLock { s in
            previous = s.programs[spec.name]
            if previous == nil { s.order.append(spec.name) }
            if let previous { entry.budget = previous.budget }
            s.programs[spec.name] = entry
            entry.enabled = enable
            if enable { beginClauses = entry.begin }
            return rebuild(&s)
        }
        if let previous, previous.enabled {
            ThreadRegistry.waitForQuiescence(after: generation)
            runSpecial(previous.end)
        }
        runSpecial(beginClauses)
        service.wake()
        ProfileSampler.shared.programsChanged()
        // The profile provider counts as one probe, as DTrace counts profile-N.
        let matched = entry.bySite.count + (entry.profiles.isEmpty ? 0 : 1)
        return DefineResult(name: spec.name, matchedProbes: matched, replaced: previous != nil, enabled: enable)
    }

    /// The next anonymous program name (`p1`, `p2`, …) not in use.
    public func nextAnonymousName() -> String {
        state.withLock { s in
            while s.programs["p\(s.nextAnonymous)"] != nil { s.nextAnonymous += 1 }
            defer { s.nextAnonymous += 1 }
            return "p\(s.nextAnonymous)"
        }
    }

    /// Enables a disabled program (BEGIN fires).
    public func enable(_ name: String) throws {
        let begin: [CompiledClause] = try state.withLock { s throws(TraceRuntimeError) in
            guard let e = s.programs[name] else { throw noSuch(name, s) }
            if e.enabled { return [] }
            e.enabled = true
            trace_store_relaxed(e.instance.exitFlag, 0)
            e.instance.exitFinished.store(false, ordering: .relaxed)
            rebuild(&s)
            return e.begin
        }
        runSpecial(begin)
        service.wake()
        ProfileSampler.shared.programsChanged()
    }

    /// Disables a program: it stops firing; its aggregations and variables stay readable. END fires.
    public func disable(_ name: String) throws {
        let (end, generation): ([CompiledClause], Int64) = try state.withLock { s throws(TraceRuntimeError) in
            guard let e = s.programs[name] else { throw noSuch(name, s) }
            if !e.enabled { return ([], 0) }
            e.enabled = false
            return (e.end, rebuild(&s))
        }
        if generation > 0 {
            ThreadRegistry.waitForQuiescence(after: generation)
            runSpecial(end)
            ProfileSampler.shared.programsChanged()
        }
    }

    /// Deletes a program (END fires if it was enabled) and frees its data.
    public func delete(_ name: String) throws {
        let (entry, generation): (ProgramEntry, Int64) = try state.withLock { s throws(TraceRuntimeError) in
            guard let e = s.programs.removeValue(forKey: name) else { throw noSuch(name, s) }
            s.order.removeAll { $0 == name }
            return (e, e.enabled ? rebuild(&s) : 0)
        }
        if generation > 0 {
            ThreadRegistry.waitForQuiescence(after: generation)
            runSpecial(entry.end)
            ProfileSampler.shared.programsChanged()
        }
    }

    /// Disables every enabled program and waits until no firing is in flight, so that the
    /// aggregations read afterwards are exact and consistent (the end of a `--duration` run).
    public func stopAll() {
        let names = state.withLock { s in s.order.filter { s.programs[$0]?.enabled == true } }
        for n in names { try? disable(n) }
    }

    /// Waits until every firing that started before now has finished.
    public func quiesce() {
        ThreadRegistry.waitForQuiescence(after: trace_generation_load())
    }

    /// Publishes the same clauses under a new generation and waits until no firing that started
    /// before is still running (so no firing still uses what it read before).
    func republishAndQuiesce() {
        let generation = state.withLock { rebuild(&$0) }
        ThreadRegistry.waitForQuiescence(after: generation)
    }

    func noSuch(_ name: String, _ s: State) -> TraceRuntimeError {
        .noSuchProgram(name, suggestions: EditDistance.nearest(to: name, among: s.order))
    }

    /// Publishes the configuration for the enabled programs and updates every probe's enabled word.
    @discardableResult
    private func rebuild(_ s: inout State) -> Int64 {
        let sites = registry.allProbes
        var table = Array(repeating: [CompiledClause](), count: sites.count)
        for name in s.order {
            guard let e = s.programs[name], e.enabled else { continue }
            for (id, clauses) in e.bySite where id < table.count { table[id].append(contentsOf: clauses) }
        }
        let config = Configuration(clausesBySite: table)
        let generation = Configuration.publish(config)
        for site in sites {
            site.setEnabled(config.hasClauses(site.id))
        }
        return generation
    }

    /// Runs BEGIN/END clauses on the calling thread.
    private func runSpecial(_ clauses: [CompiledClause]) {
        guard !clauses.isEmpty, let t = ThreadRegistry.current() else { return }
        // One firing of BEGIN (or END): its clauses share one frame, and so their `this->` variables.
        var frame = ProbeFrame()
        for c in clauses {
            trace_enter_firing(&t.pointee.depth)
            c.run(&frame, t, nil)
            trace_end_firing(t)
        }
    }

    /// Called (from any firing thread) when a clause ran `exit()`.
    func requestExit(_ program: ProgramInstance) {
        service.requestExit(program)
    }

    /// Disables the program if `instance` is still its current definition (the service thread).
    func finishExit(_ instance: ProgramInstance) {
        let current = state.withLock { $0.programs[instance.name]?.instance === instance }
        defer { instance.exitFinished.store(true, ordering: .relaxed) }
        guard current else { return }
        OutputCollector.shared.enqueue(OutputRecord(program: instance.name, kind: .exited, ticks: trace_rdtsc()))
        try? disable(instance.name)
    }

    /// Tick clauses of enabled programs (the service thread).
    func enabledTicks() -> [(clause: CompiledClause, interval: Int64, program: String)] {
        state.withLock { s in
            s.order.compactMap { s.programs[$0] }.filter(\.enabled).flatMap { e in
                e.ticks.map { ($0.clause, $0.interval, e.instance.name) }
            }
        }
    }

    /// Everything programs printed since the last call, in firing order — but the output of programs an open
    /// `OutputCursor` claims, which goes to that cursor only.
    public func drainOutput() -> [OutputRecord] {
        OutputCollector.shared.drain()
    }

    /// What one program printed since the last call; other programs' output stays for `drainOutput()`.
    public func drainOutput(program: String) -> [OutputRecord] {
        OutputCollector.shared.drain(program: program)
    }

    /// A new consumer of trace output with its own cursor (an attached console): it receives the programs it
    /// claims and (if `unclaimedOutput`) those nobody claims, at most `limits` waiting between its drains.
    public func openOutputCursor(limits: OutputCursor.Limits, unclaimedOutput: Bool = true) -> OutputCursor {
        OutputCursor(collector: .shared, limits: limits, unclaimedOutput: unclaimedOutput)
    }

    /// Moves what the threads printed to its consumers now (done periodically while cursors are open, so the
    /// threads' buffers do not fill while a consumer drains rarely).
    public func routeOutput() {
        OutputCollector.shared.collect(ownDrain: false)
    }

    /// The limits in force (`set`).
    public var limits: TraceLimits {
        get { TraceLimits.get() }
        set { TraceLimits.set(newValue) }
    }

    /// Sets the share of one core (0.05 = 5%) above which a program is disabled; nil removes it.
    public func setBudget(program: String, fraction: Double?) throws {
        let e = try entry(program)
        state.withLock { _ in e.budget = fraction }
        service.wake()
    }

    /// Budgets in force, for the service thread.
    func budgets() -> [(ProgramInstance, Double)] {
        state.withLock { s in
            s.programs.values.compactMap { e in
                guard e.enabled, let b = e.budget else { return nil }
                return (e.instance, b)
            }
        }
    }

    /// Disables a program over its budget and reports it.
    func disableOverBudget(_ instance: ProgramInstance, share: Double, budget: Double) {
        let current = state.withLock { $0.programs[instance.name]?.instance === instance }
        guard current else { return }
        try? disable(instance.name)
        let message = "program '\(instance.name)' disabled: its clauses used \(Int((share * 100).rounded()))% of a core, over its budget of \(Int((budget * 100).rounded()))%"
        OutputCollector.shared.enqueue(OutputRecord(program: instance.name, kind: .overBudget(message), ticks: trace_rdtsc()))
    }

    /// Bytes of tracing memory charged now (every program's state and the threads' trace buffers), against `limits.memoryBytes`.
    public var memoryUsedBytes: Int { MemoryBudget.usedBytes }

    /// Firings skipped because more threads than the runtime's table holds were tracing at once.
    public var threadOverflowDrops: Int { ThreadRegistry.overflowDrops.load(ordering: .relaxed) }
}
