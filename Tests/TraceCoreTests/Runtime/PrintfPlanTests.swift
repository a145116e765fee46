import CTraceCore
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import TraceCore
import TraceSystem

/// The site plans' printf op (PrintfPlans: `printf` of arguments and constants written straight into the thread's
/// ring) prints exactly what the general path prints — the same lines, in order on each of 4 threads, while other
/// programs on the probe are redefined and disabled — and a full ring drops and counts what the general path drops.
@Suite(.serialized) struct PrintfPlanTests {
    static let provider = TraceProvider("pfplan")
    let pair: EventProbe<Int, Int> = PrintfPlanTests.provider.event("m", "f", "pair", ("n", Int.self), ("thread", Int.self))
    let runtime = TraceRuntime.shared

    private var site: Int { ProbeRegistry.shared.match(ProbeDescription("pfplan:m:f:pair")!).map(\.id)[0] }

    /// Waits until the site is planned or not, as `planned` says (another suite's program on every probe sends
    /// every site to the general path while it lives).
    private func waitPlanned(_ planned: Bool) {
        let id = site
        #expect(waitUntil(timeout: .seconds(300), every: .milliseconds(10)) { Configuration.current().1.plannedSiteIDs.contains(id) == planned })
    }

    /// Whether the calling thread's plans, rebuilt from the current configuration, have a printf op for the site.
    private static func runsPrintfOp(_ site: Int) -> Bool {
        guard var p = currentPlanOps(site) else { return false }
        while true {
            if p.pointee.kind & ThreadOpKind.other != 0 && p.pointee.kind & ThreadOpKind.printf != 0 { return true }
            if p.pointee.kind & ThreadOpKind.last != 0 { return false }
            p += 1
        }
    }

    /// What a drainer read of each program, per thread (the last number of each line), in the order read.
    final class Lines: Sendable {
        // TraceSystem's lock, which ThreadSanitizer sees (a Synchronization.Mutex it does not).
        let byProgram = Lock<[String: [Int: [String]]]>([:])
        /// Firing threads whose plans ended with a printf op for the site.
        let onOp = Atomic<Int>(0)

        func add(_ program: String, _ text: String) {
            let thread = Int(text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").last ?? "") ?? -1
            byProgram.withLock { $0[program, default: [:]][thread, default: []].append(text) }
        }

        /// How many lines of `program` thread `t` printed.
        func count(_ program: String, _ t: Int) -> Int { byProgram.withLock { $0[program]?[t]?.count ?? 0 } }

        func of(_ program: String) -> [Int: [String]] { byProgram.withLock { $0[program] ?? [:] } }
    }

    /// Fires `pair(i, t)` for i in 0..<`perThread` on each of 4 threads t, in batches of `batch`: after each batch a thread
    /// waits until the drainer has read that batch of `programs[0]`'s lines, so the ring never fills and every firing is
    /// printed. `during` runs on the drainer's thread between drains. Returns every program's lines per thread.
    private func fire(_ programs: [String], perThread: Int, batch: Int, during: @escaping @Sendable (Int) -> Void = { _ in }) -> Lines {
        let lines = Lines()
        let stop = Atomic<Bool>(false)
        let drained = DispatchSemaphore(value: 0)
        let drainer = Thread { [runtime] in
            var round = 0
            while true {
                let last = stop.load(ordering: .acquiring)
                for program in programs {
                    for r in runtime.drainOutput(program: program) {
                        if case .text(let text) = r.kind { lines.add(program, text) }
                    }
                }
                if last { break }
                during(round)
                round += 1
                usleep(1_000)
            }
            drained.signal()
        }
        drainer.start()
        let probe = pair, id = site
        onJoinedThreads(4) { t in
            var i = 0
            while i < perThread {
                let end = min(i + batch, perThread)
                while i < end { probe.fire(i, t); i += 1 }
                _ = waitUntil(timeout: .seconds(300), every: .milliseconds(1)) { lines.count(programs[0], t) >= end }
            }
            if Self.runsPrintfOp(id) { lines.onOp.wrappingAdd(1, ordering: .relaxed) }
        }
        stop.store(true, ordering: .releasing)
        drained.wait()
        return lines
    }

    /// `n 2 t` for every firing number n of thread t.
    private func expected(_ perThread: Int) -> [Int: [String]] {
        Dictionary(uniqueKeysWithValues: (0..<4).map { t in (t, (0..<perThread).map { "\($0) 2 \(t)\n" }) })
    }

    @Test func thePrintfOpPrintsTheGeneralPathsLinesInOrderOnEveryThread() throws {
        try defineProgram("pf_plan", #"pfplan:m:f:pair { printf("%d %d %d\n", arg0, 2, arg1); }"#)
        waitPlanned(true)
        let plannedLines = fire(["pf_plan"], perThread: 20_000, batch: 500)
        try runtime.delete("pf_plan")
        // The same output from a program the planner does not take: its printf also reads a variable.
        try defineProgram("pf_general", #"int g; pfplan:m:f:pair { printf("%d %d %d\n", arg0, 2 + g, arg1); }"#)
        waitPlanned(false)
        let generalLines = fire(["pf_general"], perThread: 20_000, batch: 500)
        try runtime.delete("pf_general")
        let planned = plannedLines.of("pf_plan")
        #expect(planned == expected(20_000))
        #expect(generalLines.of("pf_general") == planned)
        #expect(plannedLines.onOp.load(ordering: .relaxed) == 4, "every thread ran the printf op")
        #expect(generalLines.onOp.load(ordering: .relaxed) == 0)
    }

    @Test func aPredicateAndOtherOpsAtTheSiteKeepTheirOwnValues() throws {
        defer { try? runtime.delete("pf_mixed") }
        try defineProgram("pf_mixed", #"""
            pfplan:m:f:pair { @n = count(); }
            pfplan:m:f:pair /arg0 >= 3/ { printf("%d %d %d\n", arg0, 2, arg1); }
            pfplan:m:f:pair { @s[arg1] = sum(arg0); }
            pfplan:m:f:pair { printf("%d\n", 7); }
            """#)
        waitPlanned(true)
        // 300 firings: 510 records, 3 900 words, in the thread's ring of 8 192.
        for i in 0..<300 { pair.fire(i % 10, 1) }
        let text = drainedText("pf_mixed")
        // Firing by firing: the printf when arg0 >= 3 (7 of every 10), then the constant line.
        var want: [String] = []
        for i in 0..<300 {
            if i % 10 >= 3 { want.append("\(i % 10) 2 1\n") }
            want.append("7\n")
        }
        let firstDifference = zip(text, want).enumerated().first { $0.element.0 != $0.element.1 }.map { "line \($0.offset): \($0.element)" }
        #expect(text.count == want.count && firstDifference == nil, "\(text.count) lines, \(want.count) expected; first difference: \(firstDifference ?? "none")")
        #expect(try keyedRows("pf_mixed", "n") == ["": .scalar(300)])
        #expect(try keyedRows("pf_mixed", "s") == ["1": .scalar(30 * 45)])
    }

    @Test func linesStayWholeAndInOrderWhileOtherProgramsAreRedefinedAndDisabled() throws {
        try defineProgram("pf_steady", #"pfplan:m:f:pair { printf("%d %d %d\n", arg0, 2, arg1); }"#)
        try defineProgram("pf_toggled", #"pfplan:m:f:pair /arg0 >= 0/ { printf("t %d %d\n", arg0, arg1); }"#)
        defer {
            try? runtime.delete("pf_steady")
            try? runtime.delete("pf_toggled")
            try? runtime.delete("pf_churn")
        }
        let rounds = Atomic<Int>(0)
        let lines = fire(["pf_steady", "pf_toggled", "pf_churn"], perThread: 20_000, batch: 200) { [runtime] round in
            // A plannable printf, one that reads a variable (the site's general path), a trace, then none.
            let bodies = [#"printf("c %d %d\n", arg0, arg1);"#, #"printf("c %d %d\n", arg0 + g, arg1);"#, "trace(arg1);", ""]
            let body = bodies[round % 4]
            if body.isEmpty {
                try? runtime.delete("pf_churn")
            } else {
                _ = try? runtime.define(try TraceLanguage.compile(name: "pf_churn", source: "int g; pfplan:m:f:pair { \(body) }"))
            }
            if round % 3 == 0 { try? runtime.disable("pf_toggled") } else { try? runtime.enable("pf_toggled") }
            rounds.wrappingAdd(1, ordering: .relaxed)
        }
        #expect(lines.of("pf_steady") == expected(20_000))
        #expect(rounds.load(ordering: .relaxed) > 4)
        // The others print whole lines of some of the firings, in each thread's order.
        for (program, prefix) in [("pf_toggled", "t "), ("pf_churn", "c ")] {
            for (t, texts) in lines.of(program) {
                var last = -1
                for text in texts {
                    if program == "pf_churn" && text == "\(t)" { continue }    // the trace
                    let words = text.dropLast().split(separator: " ")
                    #expect(text.hasPrefix(prefix) && text.hasSuffix(" \(t)\n") && words.count == 3, "\(program): \(text)")
                    let n = words.count == 3 ? Int(words[1]) ?? -1 : -1
                    #expect(n > last && n < 20_000, "\(program) thread \(t): \(n) after \(last)")
                    last = n
                }
            }
        }
    }

    @Test func aFullRingDropsAndCountsWhatTheGeneralPathDrops() async {
        await #expect(processExitsWith: .success) {
            changeLimits { $0.traceBufferBytes = 296 }     // 37 words: four records of 8 words, the next ones wrap
            let provider = TraceProvider("pfdrop")
            let planned = provider.event("m", "f", "planned", ("k", Int.self))
            let general = provider.event("m", "f", "general", ("k", Int.self))
            func site(_ name: String) -> Int { ProbeRegistry.shared.match(ProbeDescription("pfdrop:m:f:\(name)")!)[0].id }
            try! defineProgram("planned", #"pfdrop:m:f:planned { printf("%d %d\n", arg0, 7); }"#)
            try! defineProgram("general", #"int g; pfdrop:m:f:general { printf("%d %d\n", arg0, 7 + g); }"#)
            let sites = Configuration.current().1.plannedSiteIDs
            var report: [String: ([String], Int64)] = [:]
            for (name, probe) in [("planned", planned), ("general", general)] {
                var lines: [String] = []
                // Three rounds of 20 firings and a drain: the records of the later rounds wrap round the ring's end.
                for round in 0..<3 {
                    for k in 0..<20 { probe.fire(round * 100 + k) }
                    lines += drainedText(name).map { String($0.dropLast()) }
                }
                report[name] = (lines, TraceRuntime.shared.program(named: name)!.drops[.traceBuffer] ?? -1)
            }
            let want = [0, 1, 2, 3, 100, 101, 102, 103, 200, 201, 202, 203].map { "\($0) 7" }
            let ok = sites.contains(site("planned")) && !sites.contains(site("general"))
                && report["planned"]!.0 == want && report["planned"]!.1 == 48 && report["general"]!.0 == want && report["general"]!.1 == 48
            if !ok { FileHandle.standardError.write("planned \(sites.contains(site("planned"))) \(report)\n".data(using: .utf8)!) }
            exit(ok ? 0 : 1)
        }
    }
}
