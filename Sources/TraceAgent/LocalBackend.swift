// The backend for a console co-hosted in the traced process, and what each attached connection performs its
// requests through: TraceRuntime.shared and TraceLanguage, called directly.
import TraceCore

/// Performs the console's requests on this process's runtime and probe registry.
public struct LocalBackend: TraceBackend {
    let runtime: TraceRuntime
    private let registry: ProbeRegistry
    /// What this process publishes on /metrics (LocalBackend+Exports.swift).
    let exports: MetricExports
    /// The cursor that claims every program defined anew through this backend (an attached connection's).
    private let owner: OutputCursor?

    /// A backend on the process-wide runtime, registry and exports.
    public init() {
        self.init(runtime: .shared, registry: .shared)
    }

    /// A backend on the given runtime and registry (and table of metric exports).
    public init(runtime: TraceRuntime, registry: ProbeRegistry, exports: MetricExports = .shared) {
        self.init(runtime: runtime, registry: registry, owner: nil, exports: exports)
    }

    /// A backend whose new programs are claimed by `owner` before they can fire.
    init(runtime: TraceRuntime, registry: ProbeRegistry, owner: OutputCursor?, exports: MetricExports = .shared) {
        self.runtime = runtime
        self.registry = registry
        self.owner = owner
        self.exports = exports
    }

    /// Performs one request.
    public func perform(_ request: BackendRequest) -> BackendResponse {
        do {
            return try answer(request)
        } catch let error as BackendError {
            return .failure(error)
        } catch let error as TraceRuntimeError {
            return .failure(Self.wire(error))
        } catch {
            return .failure(.message("\(error)"))
        }
    }

    private func answer(_ request: BackendRequest) throws -> BackendResponse {
        switch request {
        case .listProbes(let pattern):
            return .probes(try probes(matching: pattern))
        case .define(let name, let source, let allowZeroMatches):
            var spec: ProgramSpec
            do {
                spec = try TraceLanguage.compile(name: name ?? "p", source: source, registry: registry,
                                                 allowZeroMatches: allowZeroMatches)
            } catch {
                throw Self.wire(error)
            }
            // An anonymous name is taken only once the program compiled, so a typo does not use up `p3`.
            if name == nil { spec.name = runtime.nextAnonymousName() }
            var info = Self.wire(try define(spec))
            info.notes = apply(spec.options)
            return .defined(info)
        case .defineLisp(let source):
            let form: LispForm
            do {
                form = try TraceLanguage.compileLisp(source, registry: registry)
            } catch {
                throw Self.wire(error)
            }
            switch form {
            case .defineProgram(let spec): return .defined(Self.wire(try define(spec)))
            case .getagg(let name): return .lispQuery(.aggregation(name))
            case .getvar(let name): return .lispQuery(.variable(name))
            }
        case .enable(let program):
            try runtime.enable(program)
            return .done
        case .disable(let program):
            try runtime.disable(program)
            return .done
        case .delete(let program):
            try runtime.delete(program)
            exports.removeAll(ofProgram: program)
            return .done
        case .listPrograms:
            return .programs(runtime.programs().map(Self.wire))
        case .aggregations(let program):
            guard runtime.program(named: program) != nil else { throw noSuchProgram(program) }
            return .snapshots(runtime.aggregations(of: program))
        case .aggregation(let program, let name):
            return .snapshots([try runtime.snapshot(program: program, aggregation: name)])
        case .clear(let program, let name):
            try runtime.clear(program: program, aggregation: name)
            return .done
        case .trunc(let program, let name, let keep):
            try runtime.trunc(program: program, aggregation: name, keep: max(0, keep))
            return .done
        case .global(let program, let name):
            guard runtime.program(named: program) != nil else { throw noSuchProgram(program) }
            switch runtime.global(program: program, name: name) {
            case .int(let v)?: return .value(.int(v))
            case .string(let s)?: return .value(.string(s))
            case .stack(let frames)?: return .value(.string(frames.joined(separator: "\n")))
            case nil: return .value(nil)
            }
        case .drainOutput:
            // The runtime's own consumer: everything but the output of programs an attached console owns.
            return .output(runtime.drainOutput().map(Self.wire))
        case .limits:
            let l = runtime.limits
            return .limits(LimitsInfo(aggregationKeys: l.aggregationKeys, arrayEntries: l.arrayEntries,
                                      stringSize: l.stringSize, traceBufferBytes: l.traceBufferBytes,
                                      stringKeys: l.stringKeys, aggregationsPerProgram: l.aggregationsPerProgram,
                                      memoryBytes: l.memoryBytes, memoryUsedBytes: runtime.memoryUsedBytes, threads: l.threads))
        case .setLimits(let info):
            guard info.aggregationKeys >= 1, info.arrayEntries >= 1, info.stringSize >= 1, info.traceBufferBytes >= 1,
                  (info.stringKeys ?? 1) >= 1, (info.aggregationsPerProgram ?? 1) >= 1, (info.memoryBytes ?? 1) >= 1 else {
                throw BackendError.message("limits must be positive")
            }
            if let n = info.threads, !(1...TraceLimits.mostThreads).contains(n) {
                throw BackendError.message("threads must be from 1 to \(TraceLimits.mostThreads)")
            }
            var l = runtime.limits
            l.aggregationKeys = info.aggregationKeys
            l.arrayEntries = info.arrayEntries
            l.stringSize = info.stringSize
            l.traceBufferBytes = info.traceBufferBytes
            if let n = info.stringKeys { l.stringKeys = n }
            if let n = info.aggregationsPerProgram { l.aggregationsPerProgram = n }
            if let n = info.memoryBytes { l.memoryBytes = n }
            if let n = info.threads { l.threads = n }
            runtime.limits = l
            return .done
        case .setBudget(let program, let fraction):
            if let fraction, !(fraction > 0 && fraction <= 1) {
                throw BackendError.message("a budget must be more than 0% and at most 100% of a core")
            }
            try runtime.setBudget(program: program, fraction: fraction)
            return .done
        case .stopAll:
            runtime.stopAll()
            return .done
        case .detach:
            throw BackendError.message("this console is not attached to another process (detach is for trace-console attach; use quit)")
        case .export, .unexport, .listExports:
            return try answerExport(request)
        }
    }

    /// Defines `spec`. A new program is claimed by `owner` first, so none of its output, not even its first
    /// firing's, reaches another consumer.
    private func define(_ spec: ProgramSpec) throws -> DefineResult {
        guard let owner, runtime.program(named: spec.name) == nil else { return try runtime.define(spec) }
        owner.claim(spec.name)
        do {
            return try runtime.define(spec)
        } catch {
            owner.release(spec.name)
            throw error
        }
    }

    /// Probes matching a description; a single word with no `:` matches any of the four fields.
    private func probes(matching pattern: String?) throws -> [ProbeInfo] {
        let sites = registry.allProbes
        var selected = sites
        if let pattern, !pattern.isEmpty {
            if pattern.contains(":") {
                guard let d = ProbeDescription(pattern) else {
                    throw BackendError.message("invalid probe description '\(pattern)' (at most 4 fields: provider:module:function:name)")
                }
                selected = sites.filter { d.matches($0) }
                // `orders:book:` typed as a listing prefix (as completion offers it) reads from the left
                // when DTrace's right-aligned reading finds nothing.
                if selected.isEmpty, pattern.split(separator: ":", omittingEmptySubsequences: false).count < 4 {
                    let fields = pattern.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                    let padded = (fields + Array(repeating: "", count: 4 - fields.count)).joined(separator: ":")
                    if let left = ProbeDescription(padded) { selected = sites.filter { left.matches($0) } }
                }
            } else {
                let anyField = ["\(pattern):::", ":\(pattern)::", "::\(pattern):", ":::\(pattern)"].compactMap(ProbeDescription.init)
                selected = sites.filter { site in anyField.contains { $0.matches(site) } }
            }
        }
        return selected.map { site in
            ProbeInfo(provider: site.provider, module: site.module, function: site.function, name: site.name,
                      arguments: site.arguments.map { ArgumentInfo(name: $0.name, type: $0.type.rawValue) },
                      enabled: site.isEnabled, isReturn: site.isReturn, id: ProbeNumber.of(site))
        }
    }

    private func noSuchProgram(_ name: String) -> BackendError {
        .noSuchProgram(name, suggestions: EditDistance.nearest(to: name, among: runtime.programs().map(\.name)))
    }

    // MARK: TraceCore values → wire values

    static func wire(_ error: DefinitionError) -> BackendError {
        .definition(error.diagnostics.map { DiagnosticInfo(line: $0.line, column: $0.column, message: $0.message) }, source: error.source)
    }

    static func wire(_ error: TraceRuntimeError) -> BackendError {
        switch error {
        case .noSuchProgram(let name, let suggestions): return .noSuchProgram(name, suggestions: suggestions)
        case .noSuchAggregation(let program, let name): return .noSuchAggregation(program: program, name: name)
        case .invalidProgram(let message): return .message("invalid program: \(message)")
        case .overMemoryBudget, .tooManyAggregations: return .message(error.description)
        }
    }

    static func wire(_ r: DefineResult) -> DefinitionInfo {
        DefinitionInfo(name: r.name, matchedProbes: r.matchedProbes, replaced: r.replaced, enabled: r.enabled)
    }

    static func wire(_ s: ProgramStatus) -> ProgramInfo {
        var drops: [String: Int64] = [:]
        for (kind, n) in s.drops where n != 0 { drops[kind.rawValue] = n }
        return ProgramInfo(name: s.name, enabled: s.enabled, probesMatched: s.probesMatched, firings: s.firings,
                           errors: s.errors, drops: drops, clauseNanoseconds: s.clauseNanoseconds,
                           uptimeNanoseconds: s.uptimeNanoseconds, source: s.source, budget: s.budget,
                           aggregations: s.aggregations, canExit: s.canExit, exitStatus: s.exitStatus,
                           memoryBytes: s.memoryBytes)
    }

    static func wire(_ r: OutputRecord) -> TraceOutput {
        TraceOutput(program: r.program, kind: r.kind)
    }
}
