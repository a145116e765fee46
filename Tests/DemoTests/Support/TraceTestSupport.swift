import Testing
@testable import TraceCore

/// Builds clause-form programs over declared probes and reads their aggregations back.
enum TraceTest {
    /// The ids of every probe a description matches; records an issue if it matches none.
    static func sites(_ description: String) -> [ProbeID] {
        guard let d = ProbeDescription(description) else {
            Issue.record("bad probe description \(description)")
            return []
        }
        let ids = ProbeRegistry.shared.match(d).map(\.id)
        if ids.isEmpty { Issue.record("no probe matches \(description)") }
        return ids
    }

    /// An integer argument by name.
    static func int(_ name: String) -> TraceCore.Expression { argument(name, .int) }
    /// A string argument by name.
    static func string(_ name: String) -> TraceCore.Expression { argument(name, .string) }

    /// A probe argument by declared name, resolved by the checker over every registered probe.
    static func argument(_ name: String, _ type: ValueType) -> TraceCore.Expression {
        Checker.argument(named: name, type: type, in: ProbeRegistry.shared.allProbes)
    }

    /// One clause on the probes `description` matches.
    static func clause(_ description: String, _ predicate: TraceCore.Expression? = nil, _ body: [Statement]) -> ClauseSpec {
        ClauseSpec(probes: [.sites(sites(description))], predicate: predicate, body: body)
    }

    /// `@name[keys] = f(arguments)` of the aggregation at `index`.
    static func aggregate(_ index: Int, keys: [TraceCore.Expression] = [], _ arguments: [TraceCore.Expression] = []) -> Statement {
        .aggregate(aggregation: index, keys: keys, arguments: arguments)
    }

    /// Defines and enables a program; it is deleted by `finish`.
    static func define(_ spec: ProgramSpec) throws {
        try? TraceRuntime.shared.delete(spec.name)
        try TraceRuntime.shared.define(spec)
    }

    /// Disables the program (waiting for firings in flight), reads every aggregation, deletes it.
    static func finish(_ program: String) throws -> [String: AggregationSnapshot] {
        try TraceRuntime.shared.disable(program)
        defer { try? TraceRuntime.shared.delete(program) }
        return Dictionary(uniqueKeysWithValues: TraceRuntime.shared.aggregations(of: program).map { ($0.name, $0) })
    }
}

extension AggregationSnapshot {
    /// The scalar value of an unkeyed count/sum/max, 0 when empty.
    var scalar: Int64 { value([]) ?? 0 }

    /// The scalar value of one key.
    func value(_ key: [KeyComponent]) -> Int64? {
        for e in entries where e.key == key {
            if case .scalar(let v) = e.value { return v }
        }
        return nil
    }

    /// Every key's scalar value.
    var scalars: [[KeyComponent]: Int64] {
        var out: [[KeyComponent]: Int64] = [:]
        for e in entries { if case .scalar(let v) = e.value { out[e.key] = v } }
        return out
    }
}
