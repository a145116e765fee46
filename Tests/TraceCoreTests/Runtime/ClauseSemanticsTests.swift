import Foundation
import Testing
@testable import TraceCore

@Suite(.serialized) struct ClauseSemanticsTests {
    let service = TestService("sem")
    let runtime = TraceRuntime.shared

    private func run(_ spec: ProgramSpec, _ fire: () -> Void) throws -> [String: AggregationSnapshot] {
        try runtime.define(spec)
        defer { try? runtime.delete(spec.name) }
        fire()
        return Dictionary(uniqueKeysWithValues: runtime.aggregations(of: spec.name).map { ($0.name, $0) })
    }

    @Test func aggregatingFunctionsGiveExactValues() throws {
        let sites = service.ids("sem:loop:step:tick")
        let n = TraceCore.Expression.argument(named: "n", type: .int)
        let fns: [(String, AggregationFunction)] = [("c", .count), ("s", .sum), ("a", .avg), ("lo", .min), ("hi", .max), ("sd", .stddev)]
        let spec = ProgramSpec(name: "sem_fns", clauses: [
            Spec.clause([.sites(sites)], nil, fns.indices.map { .aggregate(aggregation: $0, keys: [], arguments: fns[$0].1 == .count ? [] : [n]) }),
        ], aggregations: fns.map { AggregationDeclaration(name: $0.0, function: $0.1, keyTypes: []) })
        let a = try run(spec) { for v in [2, 4, 4, 4, 5, 5, 7, 9] { service.tick.fire(v) } }
        #expect(a["c"]?.entries.first?.value == .scalar(8))
        #expect(a["s"]?.entries.first?.value == .scalar(40))
        #expect(a["a"]?.entries.first?.value == .average(count: 8, sum: 40))
        #expect(a["lo"]?.entries.first?.value == .scalar(2))
        #expect(a["hi"]?.entries.first?.value == .scalar(9))
        #expect(a["sd"]?.entries.first?.value.sortWeight == 2.0)   // population stddev of the classic example
    }

    @Test func histogramsBucketValuesLikeDTrace() throws {
        let sites = service.ids("sem:loop:step:tick")
        let n = TraceCore.Expression.argument(named: "n", type: .int)
        let spec = ProgramSpec(name: "sem_hist", clauses: [
            Spec.clause([.sites(sites)], nil, [
                .aggregate(aggregation: 0, keys: [], arguments: [n]),
                .aggregate(aggregation: 1, keys: [], arguments: [n]),
                .aggregate(aggregation: 2, keys: [], arguments: [n]),
            ]),
        ], aggregations: [
            AggregationDeclaration(name: "q", function: .quantize, keyTypes: []),
            AggregationDeclaration(name: "l", function: .lquantize(low: 0, high: 100, step: 10), keyTypes: []),
            AggregationDeclaration(name: "ll", function: .llquantize(factor: 10, lowMagnitude: 0, highMagnitude: 2, steps: 10), keyTypes: []),
        ])
        let a = try run(spec) { for v in [-5, 0, 1, 3, 3, 64, 150, 999, 5000] { service.tick.fire(v) } }
        guard case .histogram(let q)? = a["q"]?.entries.first?.value,
              case .histogram(let l)? = a["l"]?.entries.first?.value,
              case .histogram(let ll)? = a["ll"]?.entries.first?.value else {
            Issue.record("missing histograms"); return
        }
        func nonZero(_ h: HistogramValue) -> [(Int64, Int64)] {
            h.counts.indices.filter { h.counts[$0] != 0 }.map { (h.layout.lowerBounds[$0], h.counts[$0]) }
        }
        #expect(nonZero(q).map(\.0) == [-4, 0, 1, 2, 64, 128, 512, 4096])
        #expect(nonZero(q).map(\.1) == [1, 1, 1, 2, 1, 1, 1, 1])
        #expect(l.counts.first == 1 && l.counts.last == 3)                 // -5 below; 150, 999, 5000 at or above 100
        #expect(nonZero(l).map(\.0).dropFirst().dropLast() == [0, 60])   // 0,1,3,3 in [0,10); 64 in [60,70)
        #expect(nonZero(ll).map(\.0) == [Int64.min, 1, 3, 60, 100, 900, 1000])
        #expect(q.total == 9 && l.total == 9 && ll.total == 9)
    }

    @Test func keysMixIntegersAndStringsFromArgumentsAndBuiltins() throws {
        let sites = service.ids("sem:book:match:fill")
        let spec = ProgramSpec(name: "sem_keys", clauses: [
            Spec.clause([.sites(sites)], nil, [.aggregate(aggregation: 0, keys: [.builtin(.probefunc), .argument(named: "venue", type: .string), .argument(named: "price", type: .int)], arguments: [.argument(named: "qty", type: .int)])]),
        ], aggregations: [AggregationDeclaration(name: "vol", function: .sum, keyTypes: [.string, .string, .int])])
        let a = try run(spec) {
            service.fill.fire(100, 5, "XNAS")
            service.fill.fire(100, 7, "XNAS")
            service.fill.fire(101, 1, "ARCA")
        }
        #expect(value(a["vol"]!, [.string("match"), .string("XNAS"), .int(100)]) == 12)
        #expect(value(a["vol"]!, [.string("match"), .string("ARCA"), .int(101)]) == 1)
        #expect(a["vol"]!.entries.count == 2)
    }

    @Test func aNamedArgumentIsReadAtEachProbesOwnPosition() throws {
        // `qty` is the third argument of book:match:entry and the second of book:match:fill.
        let spec = try TraceLanguage.compile(name: "sem_positions", source: "sem:book:match:entry, sem:book:match:fill { @q[probename] = sum(qty); }")
        let a = try run(spec) {
            service.match.return(service.match.entry(1, 100, 3))
            service.fill.fire(100, 5, "XNAS")
        }
        #expect(value(a["q"]!, [.string("entry")]) == 3)
        #expect(value(a["q"]!, [.string("fill")]) == 5)
    }

    @Test func latencyPatternWithSelfVariablesAndElapsed() throws {
        // entry { self->ts = timestamp } return /self->ts/ { @lat = quantize(timestamp - self->ts); @e = quantize(elapsed); self->ts = 0 }
        let ts = TraceCore.Expression.threadLocal(slot: 0, type: .int)
        let spec = ProgramSpec(name: "sem_lat", clauses: [
            Spec.clause([.sites(service.ids("sem:book:match:entry"))], nil, [.assign(.threadLocal(slot: 0, type: .int), .builtin(.timestamp))]),
            Spec.clause([.sites(service.ids("sem:book:match:return"))], ts, [
                .aggregate(aggregation: 0, keys: [], arguments: [.binary(.subtract, .builtin(.timestamp), ts)]),
                .aggregate(aggregation: 1, keys: [.argument(named: "side", type: .int)], arguments: [.builtin(.elapsed)]),
                .aggregate(aggregation: 2, keys: [], arguments: [.builtin(.retval)]),
                .assign(.threadLocal(slot: 0, type: .int), .integer(0)),
            ]),
        ], threadLocals: [VariableDeclaration(name: "ts", type: .int)], aggregations: [
            AggregationDeclaration(name: "lat", function: .quantize, keyTypes: []),
            AggregationDeclaration(name: "e", function: .quantize, keyTypes: [.int]),
            AggregationDeclaration(name: "fills", function: .sum, keyTypes: []),
        ])
        let a = try run(spec) {
            for i in 0..<20 {
                let t = service.match.entry(i % 2, 100, 1)
                usleep(1000)
                service.match.return(t, 3)
            }
        }
        guard case .histogram(let lat)? = a["lat"]?.entries.first?.value else { Issue.record("no @lat"); return }
        #expect(lat.total == 20)
        // Every sample slept a millisecond: all in buckets >= 2^19 ns (524 us).
        #expect(lat.counts[..<(65 + 19)].reduce(0, +) == 0)
        #expect(a["e"]?.entries.count == 2)
        #expect(a["fills"]?.entries.first?.value == .scalar(60))
    }

    @Test func predicatesCompareIntegersAndStrings() throws {
        let spec = ProgramSpec(name: "sem_pred", clauses: [
            Spec.clause([.sites(service.ids("sem:risk:check:reject"))],
                        .binary(.equal, .argument(named: "reason", type: .string), .string("limit")),
                        [.aggregate(aggregation: 0, keys: [], arguments: [])]),
            Spec.clause([.sites(service.ids("sem:loop:step:tick"))],
                        .binary(.logicalAnd, .binary(.greater, .argument(index: 0, type: .int), .integer(2)),
                                .unary(.logicalNot, .binary(.modulo, .argument(index: 0, type: .int), .integer(2)))),
                        [.aggregate(aggregation: 1, keys: [], arguments: [])]),
        ], aggregations: [
            AggregationDeclaration(name: "limits", function: .count, keyTypes: []),
            AggregationDeclaration(name: "evens", function: .count, keyTypes: []),
        ])
        let a = try run(spec) {
            for r in ["limit", "price", "limit", "lim"] { service.reject.fire(r) }
            for i in 0..<10 { service.tick.fire(i) }
        }
        #expect(total(a["limits"]!) == 2)
        #expect(total(a["evens"]!) == 3)      // 4, 6, 8
    }

    @Test func printfFormatsIntegersAndStringsInFiringOrder() throws {
        let spec = ProgramSpec(name: "sem_printf", clauses: [
            Spec.clause([.sites(service.ids("sem:book:match:fill"))], nil, [
                .printf(format: "%-5s|%4d|%x\n", arguments: [.argument(named: "venue", type: .string), .argument(named: "price", type: .int), .argument(named: "qty", type: .int)]),
                .trace(.call(.strjoin, [.builtin(.probefunc), .string("!")])),
            ]),
        ])
        _ = drainedText("sem_printf")
        try runtime.define(spec)
        defer { try? runtime.delete("sem_printf") }
        service.fill.fire(42, 255, "ab")
        service.fill.fire(7, 16, "xyz")
        #expect(drainedText("sem_printf") == ["ab   |  42|ff\n", "match!", "xyz  |   7|10\n", "match!"])   // trace() adds no newline, as in DTrace
    }

    @Test func stringFunctionsConditionalsLocalsAndArrays() throws {
        let venue = TraceCore.Expression.argument(named: "venue", type: .string)
        let spec = ProgramSpec(name: "sem_str", clauses: [
            Spec.clause([.sites(service.ids("sem:book:match:fill"))], nil, [
                .assign(.clauseLocal(slot: 0, type: .string), .call(.substr, [venue, .integer(1), .integer(2)])),
                .assign(.arrayElement(array: 0, keys: [venue], type: .int),
                        .binary(.add, .arrayElement(array: 0, keys: [venue], type: .int), .argument(named: "qty", type: .int))),
                .ifElse(.binary(.greater, .call(.strlen, [venue]), .integer(3)),
                        [.printf(format: "%s %s %d\n", arguments: [.clauseLocal(slot: 0, type: .string), .call(.strstr, [venue, .string("N")]),
                                                                    .arrayElement(array: 0, keys: [venue], type: .int)])],
                        [.printf(format: "short %s %s\n", arguments: [.conditional(.binary(.equal, .argument(named: "price", type: .int), .integer(1)), .string("one"), .call(.str, [.argument(named: "price", type: .int)])), .clauseLocal(slot: 0, type: .string)])]),
            ], locals: [VariableDeclaration(name: "s", type: .string)]),
        ], arrays: [ArrayDeclaration(name: "qty", keyTypes: [.string], valueType: .int)])
        _ = drainedText("sem_str")
        try runtime.define(spec)
        defer { try? runtime.delete("sem_str") }
        service.fill.fire(1, 5, "XNAS")
        service.fill.fire(1, 2, "ARC")
        service.fill.fire(9, 3, "XNAS")
        #expect(drainedText("sem_str") == ["NA NAS 5\n", "short one RC\n", "NA NAS 8\n"])
    }

    @Test func clearZeroesValuesAndTruncKeepsTheLargest() throws {
        let spec = Spec.count("sem_clear", sites: service.ids("sem:loop:step:tick"), keys: [.argument(named: "n", type: .int)], keyTypes: [.int])
        try runtime.define(spec)
        defer { try? runtime.delete("sem_clear") }
        for (k, times) in [(1, 5), (2, 3), (3, 9), (4, 1)] { for _ in 0..<times { service.tick.fire(k) } }
        try runtime.trunc(program: "sem_clear", aggregation: "n", keep: 2)
        var s = try runtime.snapshot(program: "sem_clear", aggregation: "n")
        #expect(Set(s.entries.map(\.key)) == [[.int(3)], [.int(1)]])
        service.tick.fire(3)
        s = try runtime.snapshot(program: "sem_clear", aggregation: "n")
        #expect(value(s, [.int(3)]) == 10)
        try runtime.clear(program: "sem_clear", aggregation: "n")
        s = try runtime.snapshot(program: "sem_clear", aggregation: "n")
        #expect(s.entries.count == 2 && total(s) == 0)
        service.tick.fire(1)
        s = try runtime.snapshot(program: "sem_clear", aggregation: "n")
        #expect(value(s, [.int(1)]) == 1 && value(s, [.int(3)]) == 0)
        try runtime.trunc(program: "sem_clear", aggregation: "n")
        #expect(try runtime.snapshot(program: "sem_clear", aggregation: "n").entries.isEmpty)
    }

    @Test func divisionByZeroStopsTheClauseCountsExactlyAndFiresError() throws {
        let spec = ProgramSpec(name: "sem_err", clauses: [
            Spec.clause([.sites(service.ids("sem:loop:step:tick"))], nil, [
                .assign(.global(slot: 0, type: .int), .binary(.divide, .integer(100), .argument(named: "n", type: .int))),
                .aggregate(aggregation: 0, keys: [], arguments: []),
            ]),
            Spec.clause([.error], nil, [.aggregate(aggregation: 1, keys: [.argument(index: 6, type: .string)], arguments: [])]),
        ], globals: [VariableDeclaration(name: "q", type: .int)], aggregations: [
            AggregationDeclaration(name: "ok", function: .count, keyTypes: []),
            AggregationDeclaration(name: "faults", function: .count, keyTypes: [.string]),
        ])
        _ = runtime.drainOutput(program: "sem_err")
        try runtime.define(spec)
        defer { try? runtime.delete("sem_err") }
        for i in [0, 1, 0, 2, 0, 0, 5, 0, 0, 0] { service.tick.fire(i) }
        let status = runtime.program(named: "sem_err")!
        #expect(status.errors == 7)
        #expect(status.clauseErrors == [7, 0])
        #expect(total(try runtime.snapshot(program: "sem_err", aggregation: "ok")) == 3)
        #expect(value(try runtime.snapshot(program: "sem_err", aggregation: "faults"), [.string("division by zero")]) == 7)
        let errors = runtime.drainOutput(program: "sem_err").compactMap { r -> String? in
            if r.program == "sem_err", case .error(let m) = r.kind { return m }
            return nil
        }
        #expect(errors == ["error: program 'sem_err' clause 1 (sem:loop:step:tick): division by zero"])
        #expect(runtime.global(program: "sem_err", name: "q") == .int(20))
    }

    @Test func aCountClauseWithAFaultingPredicateCountsTheErrorAndNotTheFiring() throws {
        // `/100 / n > 10/ { @[probefunc] = count(); }` runs on the direct count path; n == 0 faults.
        let spec = ProgramSpec(name: "sem_fastpred", clauses: [
            Spec.clause([.sites(service.ids("sem:loop:step:tick"))],
                        .binary(.greater, .binary(.divide, .integer(100), .argument(named: "n", type: .int)), .integer(10)),
                        [.aggregate(aggregation: 0, keys: [.builtin(.probefunc)], arguments: [])]),
        ], aggregations: [AggregationDeclaration(name: "n", function: .count, keyTypes: [.string])])
        try runtime.define(spec)
        defer { try? runtime.delete("sem_fastpred") }
        for n in [0, 1, 5, 0, 20, 9, 0] { service.tick.fire(n) }     // 100/n > 10 for n = 1, 5, 9
        #expect(value(try runtime.snapshot(program: "sem_fastpred", aggregation: "n"), [.string("step")]) == 3)
        #expect(runtime.program(named: "sem_fastpred")?.errors == 3)
        #expect(runtime.program(named: "sem_fastpred")?.firings == 7)
    }

    @Test func overflowAndShiftsWrapInsteadOfTrapping() throws {
        let spec = ProgramSpec(name: "sem_wrap", clauses: [
            Spec.clause([.sites(service.ids("sem:loop:step:tick"))], nil, [
                .assign(.global(slot: 0, type: .int), .binary(.add, .integer(Int64.max), .argument(named: "n", type: .int))),
                .assign(.global(slot: 1, type: .int), .binary(.divide, .integer(Int64.min), .unary(.negate, .argument(named: "n", type: .int)))),
                .assign(.global(slot: 2, type: .int), .binary(.shiftLeft, .integer(1), .integer(70))),
            ]),
        ], globals: [VariableDeclaration(name: "a", type: .int), VariableDeclaration(name: "b", type: .int), VariableDeclaration(name: "c", type: .int)])
        try runtime.define(spec)
        defer { try? runtime.delete("sem_wrap") }
        service.tick.fire(1)
        #expect(runtime.global(program: "sem_wrap", name: "a") == .int(Int64.min))
        #expect(runtime.global(program: "sem_wrap", name: "b") == .int(Int64.min))
        #expect(runtime.global(program: "sem_wrap", name: "c") == .int(0))
        #expect(runtime.program(named: "sem_wrap")?.errors == 0)
    }
}

@Suite(.serialized) struct FunctionProbeStringTests {
    @Test func stringArgumentsOfFunctionProbesSurviveManyCallsWithOnlyTheEntryEnabled() throws {
        // Regression: with only `entry` enabled, `return` used to keep the entry's strings on the
        // thread's stack; after 4 096 calls every string argument read as "".
        let provider = TraceProvider("fnstr")
        let call = provider.function("svc", "call", ("client", String.self), ("n", Int.self))
        let ids = ProbeRegistry.shared.match(ProbeDescription("fnstr:svc:call:entry")!).map(\.id)
        try TraceRuntime.shared.define(ProgramSpec(name: "fnstr_entry", clauses: [
            ClauseSpec(probes: [.sites(ids)], predicate: nil,
                       body: [.aggregate(aggregation: 0, keys: [.argument(named: "client", type: .string)], arguments: [])]),
        ], aggregations: [AggregationDeclaration(name: "n", function: .count, keyTypes: [.string])]))
        defer { try? TraceRuntime.shared.delete("fnstr_entry") }
        for i in 0..<10_000 {
            let t = call.entry(i % 2 == 0 ? "alice" : "bob", i)
            call.return(t, 0)
        }
        let s = try TraceRuntime.shared.snapshot(program: "fnstr_entry", aggregation: "n")
        #expect(value(s, [.string("alice")]) == 5_000)
        #expect(value(s, [.string("bob")]) == 5_000)
        #expect(s.entries.count == 2)
        // Every return released its entry's strings.
        #expect(ThreadRegistry.extras(ThreadRegistry.current()!).pointee.stackCount == 0)
    }

    @Test func stringArgumentsReachBothEntryAndReturnWhenBothAreEnabled() throws {
        let provider = TraceProvider("fnstr2")
        let call = provider.function("svc", "call", ("n", Int.self), ("client", String.self))
        let entry = ProbeRegistry.shared.match(ProbeDescription("fnstr2:svc:call:entry")!).map(\.id)
        let ret = ProbeRegistry.shared.match(ProbeDescription("fnstr2:svc:call:return")!).map(\.id)
        try TraceRuntime.shared.define(ProgramSpec(name: "fnstr_both", clauses: [
            ClauseSpec(probes: [.sites(entry)], predicate: nil,
                       body: [.aggregate(aggregation: 0, keys: [.argument(named: "client", type: .string)], arguments: [])]),
            ClauseSpec(probes: [.sites(ret)], predicate: nil,
                       body: [.aggregate(aggregation: 1, keys: [.argument(named: "client", type: .string)], arguments: [.builtin(.retval)])]),
        ], aggregations: [AggregationDeclaration(name: "calls", function: .count, keyTypes: [.string]),
                          AggregationDeclaration(name: "total", function: .sum, keyTypes: [.string])]))
        defer { try? TraceRuntime.shared.delete("fnstr_both") }
        for i in 0..<3_000 {
            // Nested calls: an inner call's strings come and go while the outer one's wait for its return.
            let outer = call.entry(i, "outer")
            let inner = call.entry(i, i % 3 == 0 ? "carol" : "dave")
            call.return(inner, 1)
            call.return(outer, 2)
        }
        let calls = try TraceRuntime.shared.snapshot(program: "fnstr_both", aggregation: "calls")
        let sums = try TraceRuntime.shared.snapshot(program: "fnstr_both", aggregation: "total")
        #expect(value(calls, [.string("outer")]) == 3_000)
        #expect(value(calls, [.string("carol")]) == 1_000 && value(calls, [.string("dave")]) == 2_000)
        #expect(value(sums, [.string("outer")]) == 6_000)
        #expect(value(sums, [.string("carol")]) == 1_000 && value(sums, [.string("dave")]) == 2_000)
        #expect(ThreadRegistry.extras(ThreadRegistry.current()!).pointee.stackCount == 0)
    }
}
