import Foundation
import TestSupport
import Testing
@testable import TraceCore
import Console

/// Programs that run against the runtime: one serialized family, so that no two of them fire the
/// same service at once (a firing runs every program enabled on its probe).
@Suite(.serialized) struct LanguageRuntimeTests {
    /// Renders what a program printed, in firing order.
    static func render(_ records: [OutputRecord]) -> String {
        var out = ""
        for r in records {
            switch r.kind {
            case .text(let s): out += s
            case .aggregation(let snapshot, let format, let withName):
                if withName {
                    out += AggregationFormatter.text(snapshot)
                } else {
                    out += AggregationFormatter.rows(snapshot, format: format.flatMap { try? PrintfFormat.parse($0, allowAggregationValue: true) })
                }
            case .error(let m): out += m + "\n"
            case .exited: out += "exited\n"
            case .overBudget(let m): out += "over budget: \(m)\n"
            }
        }
        return out
    }

    /// Defines the programs, runs the service, waits for any `exit()`, disables them (END fires) and
    /// returns each program's output and aggregations.
    static func run(_ sources: [(name: String, source: String)], service: OrderService, orders: Int) throws -> String {
        let runtime = TraceRuntime.shared
        for (name, source) in sources {
            try runtime.define(try TraceLanguage.compile(name: name, source: source))
        }
        service.run(orders)
        var records: [OutputRecord] = []
        let exiting = Set(sources.filter { $0.source.contains("exit()") }.map(\.name))
        let deadline = ContinuousClock.now + .seconds(10)
        func drain() -> [OutputRecord] { sources.flatMap { runtime.drainOutput(program: $0.name) } }
        while ContinuousClock.now < deadline {
            records += drain()
            let exited = Set(records.filter { $0.kind == .exited }.map(\.program))
            if exiting.isSubset(of: exited) { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        for (name, _) in sources { try runtime.disable(name) }
        records += drain()
        var text = ""
        for (name, _) in sources {
            text += "== \(name) output\n" + render(records.filter { $0.program == name })
            let blocks = runtime.aggregations(of: name).map { AggregationFormatter.text($0) }
            text += "== \(name) aggregations\n" + AggregationFormatter.joinedBlocks(blocks)
            try runtime.delete(name)
        }
        return text
    }

    /// Each program's output and aggregations against `Golden/NAME.txt` beside this file, compared whole
    /// (`TRACE_RECORD_GOLDEN=1` rewrites the files from the run).
    @Suite struct Golden {
        @Test(arguments: GoldenPrograms.all) func output(_ program: GoldenProgram) throws {
            let names = program.sources.indices.map { "golden-\(program.name)" + ($0 == 0 ? "" : "-\($0 + 1)") }
            let text = try LanguageRuntimeTests.run(Array(zip(names, program.sources)), service: .golden, orders: program.orders)
            GoldenFile("\(program.name).txt", in: "Golden", beside: #filePath).check(text)
        }
    }

    @Suite struct Cltrace {
        /// The `slow-match` program of docs/console.md defines, fires and reads back through getagg and getvar.
        @Test func docsSlowMatchDefinesFiresAndReadsBack() throws {
            _ = OrderService.golden
            let source = """
            (define-program slow-match
              ((:entry gsvc:book:match :when (= side 1))
               (agg! counts fn-name :count)
               (setvar :value t)))
            """
            guard case .defineProgram(let spec) = try TraceLanguage.compileLisp(source) else {
                Issue.record("not a program"); return
            }
            let runtime = TraceRuntime.shared
            let result = try runtime.define(spec)
            #expect(result.matchedProbes == 1)
            OrderService.golden.run()
            try runtime.disable("slow-match")
            defer { try? runtime.delete("slow-match") }

            guard case .getagg(let aggregation) = try TraceLanguage.compileLisp("(getagg counts)") else { Issue.record("getagg"); return }
            let snapshot = try runtime.snapshot(program: "slow-match", aggregation: aggregation)
            #expect(AggregationFormatter.text(snapshot) == "@counts:\n  match  11\n")
            guard case .getvar(let variable) = try TraceLanguage.compileLisp("(getvar :value)") else { Issue.record("getvar"); return }
            #expect(runtime.global(program: "slow-match", name: variable) == .int(1))
        }
    }

    @Suite struct Fuzz {
        /// Valid programs from the fuzz corpus run for a few firings: none crashes, hangs or leaks a definition.
        @Test(.timeLimit(.minutes(10))) func validMutantsRun() throws {
            _ = OrderService.fuzz
            let seeds = LanguageFuzzTests.seeds()
            var corpus = FuzzCorpus(random: SplitMix64(seed: 0xfeed_beef))
            var ran = 0
            var attempts = 0
            while ran < 80 && attempts < 20_000 {
                attempts += 1
                let source = attempts % 3 == 0 ? corpus.program()
                    : corpus.mutate(seeds[attempts % seeds.count], splice: seeds[(attempts * 5) % seeds.count])
                guard let spec = try? TraceLanguage.compile(name: "fuzz-run", source: source) else { continue }
                // The runtime may still refuse what it cannot run (e.g. limits); it must say so, not crash.
                guard (try? TraceRuntime.shared.define(spec)) != nil else { continue }
                OrderService.fuzz.run(3)
                try? TraceRuntime.shared.disable("fuzz-run")
                _ = TraceRuntime.shared.aggregations(of: "fuzz-run")
                try TraceRuntime.shared.delete("fuzz-run")
                _ = TraceRuntime.shared.drainOutput(program: "fuzz-run")
                ran += 1
            }
            #expect(ran >= 60)
        }
    }
}

extension LanguageRuntimeTests {
    /// `tick-N { printa(@a); clear(@a); }`: ticks are timed, so the test checks what is exact — every
    /// count is printed by exactly one tick, so the printed counts add up to the firings.
    @Suite struct Ticks {
        @Test(.timeLimit(.minutes(10))) func printaAndClearOnATick() throws {
            _ = OrderService.golden
            let name = "golden-tick"
            let source = """
            gsvc:book:match:entry { @matches = count(); }
            tick-10ms { printa("%@d\\n", @matches); clear(@matches); }
            """
            let runtime = TraceRuntime.shared
            try runtime.define(try TraceLanguage.compile(name: name, source: source))
            defer { try? runtime.delete(name) }
            OrderService.golden.run()
            var printed: [Int] = []
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline && printed.reduce(0, +) < 22 {
                Thread.sleep(forTimeInterval: 0.02)
                let text = LanguageRuntimeTests.render(runtime.drainOutput(program: name))
                printed += text.split(separator: "\n").compactMap { Int($0) }
            }
            try runtime.disable(name)
            printed += LanguageRuntimeTests.render(runtime.drainOutput(program: name))
                .split(separator: "\n").compactMap { Int($0) }
            #expect(printed.reduce(0, +) == 22)
            #expect(printed.contains { $0 > 0 })
        }
    }
}
