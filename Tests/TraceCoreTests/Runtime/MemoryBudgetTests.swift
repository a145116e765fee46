import Foundation
import Testing
@testable import TraceCore

/// The memory budget, the string-key limit and the aggregation count limit. Limits are process-wide, so
/// each test changes them in a child process of its own (an exit test); the child exits 0 only if every
/// count is exact, and says why not on its standard error.
@Suite struct MemoryBudgetTests {
    @Test func stringKeysOverTheLimitAreDroppedAndCountedAndNoKeyIsEverEmpty() async {
        await #expect(processExitsWith: .success) {
            changeLimits { $0.stringKeys = 1_000 }
            let probe = TraceProvider("budstr").event("m", "f", "e", ("n", Int.self))
            try! TraceRuntime.shared.define(try! TraceLanguage.compile(name: "strs", source: """
                budstr:::e { @k[strjoin("key-", str(n))] = count(); }
                """))
            for n in 0..<5_000 { probe.fire(n) }
            let s = try! TraceRuntime.shared.snapshot(program: "strs", aggregation: "k")
            let status = TraceRuntime.shared.program(named: "strs")!
            let empty = s.entries.filter { $0.key == [.string("")] }.count
            let ok = s.entries.count == 1_000 && total(s) == 1_000 && status.drops[.stringKeys] == 4_000
                && status.errors == 0 && empty == 0
            MemoryProbe.finish(ok, "rows \(s.entries.count) total \(total(s)) drops \(status.drops) errors \(status.errors) empty \(empty)")
        }
    }

    @Test func truncFreesTheStringKeysNoRowUsesAnyMore() async {
        await #expect(processExitsWith: .success) {
            let probe = TraceProvider("budtrunc").event("m", "f", "e", ("n", Int.self))
            try! TraceRuntime.shared.define(try! TraceLanguage.compile(name: "tr", source: """
                budtrunc:::e { @k[strjoin("key-", str(n))] = count(); }
                """))
            for n in 0..<2_000 { probe.fire(n % 1_000); probe.fire(n % 1_000) }
            let strings = try! TraceRuntime.shared.entry("tr").instance.strings
            let before = (strings.count, TraceRuntime.shared.program(named: "tr")!.memoryBytes)
            try! TraceRuntime.shared.trunc(program: "tr", aggregation: "k", keep: 10)
            let after = (strings.count, TraceRuntime.shared.program(named: "tr")!.memoryBytes)
            probe.fire(5)                           // a kept key, and new ones, still count after the collection
            probe.fire(123_456)
            let s = try! TraceRuntime.shared.snapshot(program: "tr", aggregation: "k")
            let names = Set(s.entries.compactMap { e -> String? in if case .string(let k) = e.key.first { k } else { nil } })
            let ok = before.0 == 1_000 && after.0 == 10 && after.1 < before.1 && s.entries.count <= 12
                && names.contains("key-123456") && !names.contains { $0.hasPrefix("<freed") }
            MemoryProbe.finish(ok, "strings \(before) -> \(after), rows \(s.entries.count) \(names.sorted().prefix(12))")
        }
    }

    @Test func aProgramWhoseDeclaredStateDoesNotFitTheBudgetIsRefusedNamingSetMemory() async {
        await #expect(processExitsWith: .success) {
            changeLimits { $0.memoryBytes = 1 << 20 }
            _ = TraceProvider("budref").event("m", "f", "e", ("n", Int.self))
            let source = (0..<100).map { "budref:::e { @a\($0) = count(); }" }.joined(separator: "\n")
            var message = ""
            do {
                try TraceRuntime.shared.define(try TraceLanguage.compile(name: "big", source: source))
            } catch {
                message = "\(error)"
            }
            let ok = message.hasPrefix("program 'big' needs ") && message.contains("of the 1 MiB budget is free (set memory SIZE raises the budget)")
                && TraceRuntime.shared.program(named: "big") == nil && TraceRuntime.shared.memoryUsedBytes == 0
            MemoryProbe.finish(ok, "message: \(message); used \(TraceRuntime.shared.memoryUsedBytes)")
        }
    }

    @Test func growthPastTheBudgetIsDroppedAndCountedAndEveryFiringIsAccountedFor() async {
        await #expect(processExitsWith: .success) {
            changeLimits { $0.aggregationKeys = 1_000_000; $0.memoryBytes = 1 << 20 }
            let probe = TraceProvider("budgrow").event("m", "f", "e", ("n", Int.self))
            try! TraceRuntime.shared.define(try! TraceLanguage.compile(name: "grow", source: "budgrow:::e { @k[n] = count(); }"))
            for n in 0..<200_000 { probe.fire(n) }
            let s = try! TraceRuntime.shared.snapshot(program: "grow", aggregation: "k")
            let status = TraceRuntime.shared.program(named: "grow")!
            let dropped = status.drops[.memory] ?? 0
            let ok = dropped > 0 && total(s) + dropped == 200_000 && s.drops == dropped
                && TraceRuntime.shared.memoryUsedBytes <= 1 << 20 && status.memoryBytes <= 1 << 20
            MemoryProbe.finish(ok, "rows \(s.entries.count) total \(total(s)) drops \(status.drops) used \(TraceRuntime.shared.memoryUsedBytes)")
        }
    }

    @Test func aProgramWithMoreAggregationsThanTheLimitIsRefused() async {
        await #expect(processExitsWith: .success) {
            changeLimits { $0.aggregationsPerProgram = 3 }
            _ = TraceProvider("budaggs").event("m", "f", "e", ("n", Int.self))
            let source = (0..<4).map { "budaggs:::e { @a\($0) = count(); }" }.joined(separator: "\n")
            var message = ""
            do { try TraceRuntime.shared.define(try TraceLanguage.compile(name: "many", source: source)) } catch { message = "\(error)" }
            let ok = message == "program 'many' declares 4 aggregations, more than the limit of 3 per program (set program-aggregations N raises it)"
            MemoryProbe.finish(ok, "message: \(message)")
        }
    }
}
