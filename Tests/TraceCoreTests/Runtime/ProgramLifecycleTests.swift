import Foundation
import Testing
@testable import TraceCore

@Suite(.serialized) struct ProgramLifecycleTests {
    let service = TestService("life")
    let runtime = TraceRuntime.shared

    @Test func defineEnablesAndCountsMatchedProbes() throws {
        let r = try runtime.define(Spec.count("life_a", sites: service.ids("life:book:match:")))
        defer { try? runtime.delete("life_a") }
        #expect(r.matchedProbes == 3 && r.enabled && !r.replaced)
        #expect(service.match.entrySite.isEnabled && service.fill.site.isEnabled)
        service.match.around(0, 100, 5) { }
        service.fill.fire(100, 5, "X")
        #expect(total(try runtime.snapshot(program: "life_a", aggregation: "n")) == 3)
    }

    @Test func disableKeepsDataAndStopsFiringEnableResumes() throws {
        try runtime.define(Spec.count("life_b", sites: service.ids("life:loop:step:tick")))
        defer { try? runtime.delete("life_b") }
        for i in 0..<10 { service.tick.fire(i) }
        try runtime.disable("life_b")
        #expect(!service.tick.site.isEnabled)
        for i in 0..<10 { service.tick.fire(i) }
        #expect(total(try runtime.snapshot(program: "life_b", aggregation: "n")) == 10)
        #expect(runtime.program(named: "life_b")?.enabled == false)
        try runtime.enable("life_b")
        service.tick.fire(1)
        #expect(total(try runtime.snapshot(program: "life_b", aggregation: "n")) == 11)
    }

    @Test func redefinitionStartsAggregationsFresh() throws {
        try runtime.define(Spec.count("life_c", sites: service.ids("life:loop:step:tick")))
        defer { try? runtime.delete("life_c") }
        for i in 0..<5 { service.tick.fire(i) }
        let r = try runtime.define(Spec.count("life_c", sites: service.ids("life:loop:step:tick")))
        #expect(r.replaced)
        service.tick.fire(0)
        #expect(total(try runtime.snapshot(program: "life_c", aggregation: "n")) == 1)
    }

    @Test func deleteFreesTheNameAndUnknownNamesSuggest() throws {
        try runtime.define(Spec.count("life_d", sites: service.ids("life:loop:step:tick")))
        try runtime.delete("life_d")
        #expect(runtime.program(named: "life_d") == nil)
        #expect(!service.tick.site.isEnabled)
        try runtime.define(Spec.count("life_e", sites: service.ids("life:loop:step:tick")))
        defer { try? runtime.delete("life_e") }
        #expect(throws: TraceRuntimeError.noSuchProgram("life_f", suggestions: ["life_e"])) { try runtime.enable("life_f") }
        #expect(TraceRuntimeError.noSuchProgram("life_f", suggestions: ["life_e"]).description == "no program named 'life_f' (did you mean 'life_e'?)")
    }

    @Test func twoProgramsOnTheSameProbesHaveTheirOwnData() throws {
        try runtime.define(Spec.count("life_g", sites: service.ids("life:loop:step:tick")))
        for i in 0..<3 { service.tick.fire(i) }
        try runtime.define(Spec.count("life_h", sites: service.ids("life:loop:step:tick")))
        defer { try? runtime.delete("life_g"); try? runtime.delete("life_h") }
        for i in 0..<2 { service.tick.fire(i) }
        #expect(total(try runtime.snapshot(program: "life_g", aggregation: "n")) == 5)
        #expect(total(try runtime.snapshot(program: "life_h", aggregation: "n")) == 2)
    }

    @Test func beginAndEndFireOnEnableAndDisable() throws {
        let spec = ProgramSpec(name: "life_i", clauses: [
            Spec.clause([.begin], nil, [.printf(format: "begin %s\n", arguments: [.builtin(.probename)])]),
            Spec.clause([.end], nil, [.printf(format: "end %d\n", arguments: [.global(slot: 0, type: .int)])]),
            Spec.clause([.sites(service.ids("life:loop:step:tick"))], nil,
                        [.assign(.global(slot: 0, type: .int), .binary(.add, .global(slot: 0, type: .int), .argument(named: "n", type: .int)))]),
        ], globals: [VariableDeclaration(name: "sum", type: .int)])
        _ = drainedText("life_i")
        try runtime.define(spec)
        defer { try? runtime.delete("life_i") }
        for i in 1...4 { service.tick.fire(i) }
        try runtime.disable("life_i")
        #expect(drainedText("life_i") == ["begin BEGIN\n", "end 10\n"])
        #expect(runtime.global(program: "life_i", name: "sum") == .int(10))
    }

    @Test func exitDisablesTheProgramAfterThatFiring() throws {
        // exit() after 3 firings: `/++n == 3/ { exit() }` written with a global.
        let sites = service.ids("life:loop:step:tick")
        let spec = ProgramSpec(name: "life_j", clauses: [
            Spec.clause([.sites(sites)], nil, [
                .assign(.global(slot: 0, type: .int), .binary(.add, .global(slot: 0, type: .int), .integer(1))),
                .aggregate(aggregation: 0, keys: [], arguments: []),
                .ifElse(.binary(.equal, .global(slot: 0, type: .int), .integer(3)), [.exit], []),
            ]),
        ], globals: [VariableDeclaration(name: "n", type: .int)],
           aggregations: [AggregationDeclaration(name: "n", function: .count, keyTypes: [])])
        try runtime.define(spec)
        defer { try? runtime.delete("life_j") }
        for i in 0..<10 { service.tick.fire(i) }
        #expect(total(try runtime.snapshot(program: "life_j", aggregation: "n")) == 3)
        let deadline = Date().addingTimeInterval(5)
        while runtime.program(named: "life_j")?.enabled == true && Date() < deadline { usleep(2000) }
        #expect(runtime.program(named: "life_j")?.enabled == false)
        #expect(runtime.drainOutput(program: "life_j").contains { $0.kind == .exited })
    }

    @Test func tickClausesFireOnTheRuntimeThread() throws {
        let spec = ProgramSpec(name: "life_k", clauses: [
            Spec.clause([.tick(nanoseconds: 10_000_000)], nil, [.aggregate(aggregation: 0, keys: [.builtin(.probename)], arguments: [])]),
        ], aggregations: [AggregationDeclaration(name: "ticks", function: .count, keyTypes: [.string])])
        try runtime.define(spec)
        defer { try? runtime.delete("life_k") }
        let deadline = Date().addingTimeInterval(5)
        var seen: Int64 = 0
        while seen < 3 && Date() < deadline {
            usleep(10_000)
            seen = value(try runtime.snapshot(program: "life_k", aggregation: "ticks"), [.string("tick-10ms")]) ?? 0
        }
        #expect(seen >= 3)
    }

    @Test func invalidSpecsAreRefusedAndChangeNothing() throws {
        let bad = ProgramSpec(name: "life_l", clauses: [
            Spec.clause([.sites(service.ids("life:loop:step:tick"))], nil, [.aggregate(aggregation: 3, keys: [], arguments: [])]),
        ])
        #expect(throws: TraceRuntimeError.self) { try runtime.define(bad) }
        #expect(runtime.program(named: "life_l") == nil)
        let badHistogram = ProgramSpec(name: "life_m", clauses: [], aggregations: [
            AggregationDeclaration(name: "h", function: .lquantize(low: 10, high: 0, step: 1), keyTypes: []),
        ])
        #expect(throws: TraceRuntimeError.invalidProgram("lquantize upper bound must be greater than lower bound")) { try runtime.define(badHistogram) }
    }

    @Test func illTypedSpecsAreRefusedAtDefinition() throws {
        let sites = service.ids("life:loop:step:tick")
        func refused(_ body: [Statement], _ predicate: TraceCore.Expression? = nil, aggregations: [AggregationDeclaration] = []) -> String? {
            let spec = ProgramSpec(name: "life_typed", clauses: [Spec.clause([.sites(sites)], predicate, body)], aggregations: aggregations)
            do { try runtime.define(spec) } catch let error as TraceRuntimeError { return error.description } catch { return "\(error)" }
            try? runtime.delete("life_typed")
            return nil
        }
        #expect(refused([], .string("yes")) == "invalid program: the predicate must be an integer, not a string")
        #expect(refused([.trace(.unary(.negate, .string("x")))]) == "invalid program: the operand of - must be an integer, not a string")
        #expect(refused([.trace(.binary(.add, .string("a"), .string("b")))]) == "invalid program: operator + applied to a string and a string")
        #expect(refused([.trace(.call(.strjoin, [.string("a")]))]) == "invalid program: strjoin() called with arguments that do not fit strjoin(a, b)")
        #expect(refused([.trace(.argument(index: 10, type: .int))]) == "invalid program: arg10 is out of range")
        #expect(refused([.aggregate(aggregation: 0, keys: [], arguments: [])], aggregations: [AggregationDeclaration(name: "s", function: .sum, keyTypes: [])])
                == "invalid program: @s = sum() takes 1 value, got 0")
        #expect(runtime.program(named: "life_typed") == nil)
    }

    @Test func anonymousNamesCountUp() {
        let a = runtime.nextAnonymousName(), b = runtime.nextAnonymousName()
        #expect(a != b && a.hasPrefix("p") && b.hasPrefix("p"))
    }
}
