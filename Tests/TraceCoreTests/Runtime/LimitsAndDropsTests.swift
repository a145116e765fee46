import CTraceCore
import Foundation
import Testing
@testable import TraceCore

/// Limits are process-wide, so these tests change them in a child process (exit tests) where no
/// other test can be disturbed; the child exits 0 only if every count is exact.
@Suite struct LimitsAndDropsTests {
    @Test func aKeyLimitOfTenDropsExactlyTheNewKeysBeyondIt() async {
        await #expect(processExitsWith: .success) {
            var limits = TraceRuntime.shared.limits
            limits.aggregationKeys = 10
            TraceRuntime.shared.limits = limits
            let probe = TraceProvider("limkeys").event("m", "f", "e", ("k", Int.self))
            let id = ProbeRegistry.shared.match(ProbeDescription("limkeys:::")!)[0].id
            try! TraceRuntime.shared.define(ProgramSpec(name: "keys", clauses: [
                ClauseSpec(probes: [.sites([id])], predicate: nil, body: [.aggregate(aggregation: 0, keys: [.argument(index: 0, type: .int)], arguments: [])]),
            ], aggregations: [AggregationDeclaration(name: "n", function: .count, keyTypes: [.int])]))
            for round in 0..<3 { for k in 0..<15 { probe.fire(k); _ = round } }
            let s = try! TraceRuntime.shared.snapshot(program: "keys", aggregation: "n")
            let status = TraceRuntime.shared.program(named: "keys")!
            let ok = s.entries.count == 10 && s.drops == 15 && status.drops[.aggregationKeys] == 15
                && s.entries.allSatisfy { $0.value == .scalar(3) }
            if !ok { FileHandle.standardError.write("entries \(s.entries.count) drops \(s.drops) \(status.drops)\n".data(using: .utf8)!) }
            exit(ok ? 0 : 1)
        }
    }

    @Test func aTinyTraceBufferDropsWhatDoesNotFitAndCountsIt() async {
        await #expect(processExitsWith: .success) {
            var limits = TraceRuntime.shared.limits
            limits.traceBufferBytes = 256          // 32 words: five records of 6 words
            TraceRuntime.shared.limits = limits
            let probe = TraceProvider("limbuf").event("m", "f", "e", ("k", Int.self))
            let id = ProbeRegistry.shared.match(ProbeDescription("limbuf:::")!)[0].id
            try! TraceRuntime.shared.define(ProgramSpec(name: "buf", clauses: [
                ClauseSpec(probes: [.sites([id])], predicate: nil, body: [.printf(format: "%d\n", arguments: [.argument(index: 0, type: .int)])]),
            ]))
            for k in 0..<20 { probe.fire(k) }
            let lines = TraceRuntime.shared.drainOutput().compactMap { r -> String? in
                if case .text(let t) = r.kind { return t } else { return nil }
            }
            let drops = TraceRuntime.shared.program(named: "buf")!.drops[.traceBuffer]
            // After a drain the buffer has room again.
            probe.fire(99)
            let after = TraceRuntime.shared.drainOutput().count
            let ok = lines == ["0\n", "1\n", "2\n", "3\n", "4\n"] && drops == 15 && after == 1
            if !ok { FileHandle.standardError.write("lines \(lines) drops \(String(describing: drops)) after \(after)\n".data(using: .utf8)!) }
            exit(ok ? 0 : 1)
        }
    }

    @Test func aDisabledProbeAllocatesNothing() async {
        await #expect(processExitsWith: .success) {
            let provider = TraceProvider("alloc")
            let event = provider.event("m", "f", "e", ("a", Int.self), ("b", String.self))
            let function = provider.function("m", "g", ("a", Int.self))
            let label = "a long string argument that is not a small string"
            for i in 0..<1000 { event.fire(i, label); function.around(i) { } }    // warm up
            let before = trace_allocated_bytes()
            for i in 0..<200_000 {
                event.fire(i, label)
                let t = function.entry(i)
                function.return(t, i)
            }
            let after = trace_allocated_bytes()
            if after != before { FileHandle.standardError.write("allocated \(after - before) bytes\n".data(using: .utf8)!) }
            exit(after == before ? 0 : 1)
        }
    }
}
