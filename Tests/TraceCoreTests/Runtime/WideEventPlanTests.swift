import Foundation
import Synchronization
import Testing
import TestSupport
@testable import TraceCore

/// Events of three to ten arguments run their site's plan from the entry point's registers when it reads the first
/// two, and from a frame when it reads others: exact totals either way, on four threads while another program on
/// the same probes is defined, disabled and deleted (each of those moves every thread's configuration).
@Suite(.serialized) struct WideEventPlanTests {
    let provider = TraceProvider("wide")
    let five: EventProbe<Int, Int, Int, Int, Int>
    let ten: EventProbe<Int, Int, Int, Int, Int, Int, Int, Int, Int, Int>
    let runtime = TraceRuntime.shared

    init() {
        five = provider.event("m", "f", "five", ("a", Int.self), ("b", Int.self), ("c", Int.self), ("d", Int.self), ("e", Int.self))
        ten = provider.event("m", "f", "ten", ("a", Int.self), ("b", Int.self), ("c", Int.self), ("d", Int.self), ("e", Int.self),
                             ("f", Int.self), ("g", Int.self), ("h", Int.self), ("i", Int.self), ("j", Int.self))
    }

    private func sums(_ aggregation: String) throws -> [Int64: Int64] {
        var out: [Int64: Int64] = [:]
        for e in try runtime.snapshot(program: "wide_main", aggregation: aggregation).entries {
            guard case .scalar(let v) = e.value else { continue }
            if case .int(let k) = e.key.first { out[k] = v } else { out[-1] = v }
        }
        return out
    }

    @Test func wideEventsCountExactlyFromRegistersAndFromFramesWhileAnotherProgramChurns() throws {
        try runtime.define(try TraceLanguage.compile(name: "wide_main", source: """
            wide:m:f:five { @five[arg0] = sum(arg1); }
            wide:m:f:ten /arg8 > 0/ { @ten[arg8] = sum(arg9); }
            """))
        defer { try? runtime.delete("wide_main") }
        for probe in ["wide:m:f:five", "wide:m:f:ten"] {
            let site = ProbeRegistry.shared.match(ProbeDescription(probe)!).map(\.id)[0]
            #expect(waitUntil(timeout: .seconds(300), every: .milliseconds(10)) { Configuration.current().1.plannedSiteIDs.contains(site) },
                    "\(probe) planned")
        }
        let stop = Atomic<Bool>(false)
        let churns = Atomic<Int>(0)
        let churner = Thread {
            var round = 0
            while !stop.load(ordering: .relaxed) {
                round += 1
                // Even rounds: the five's clauses read four words, so its site takes the general path; odd rounds: a
                // constant key beside each site's op, both sites still planned (the ten's from a frame).
                let source = round % 2 == 0 ? "wide:m:f:five { @o[arg3] = sum(arg4); }" : "wide:m:f:five, wide:m:f:ten { @o[probename] = count(); }"
                if let program = try? TraceLanguage.compile(name: "wide_other", source: source) { _ = try? self.runtime.define(program) }
                try? self.runtime.disable("wide_other")
                try? self.runtime.enable("wide_other")
                if round % 3 == 0 { try? self.runtime.delete("wide_other") }
                churns.wrappingAdd(1, ordering: .relaxed)
            }
        }
        churner.start()
        let perThread = 200_000
        onJoinedThreads(4) { t in
            for i in 0..<perThread {
                five.fire(t, 1, i, i, i)
                ten.fire(i, i, i, i, i, i, i, i, t + 1, 2)
            }
        }
        stop.store(true, ordering: .relaxed)
        while churner.isExecuting { usleep(1000) }
        try? runtime.delete("wide_other")
        try runtime.disable("wide_main")
        #expect(try sums("five") == [0: Int64(perThread), 1: Int64(perThread), 2: Int64(perThread), 3: Int64(perThread)])
        #expect(try sums("ten") == [1: 2 * Int64(perThread), 2: 2 * Int64(perThread), 3: 2 * Int64(perThread), 4: 2 * Int64(perThread)])
        #expect(runtime.program(named: "wide_main")?.firings == 8 * Int64(perThread))
        #expect(churns.load(ordering: .relaxed) > 0, "the churning thread never ran")
    }
}
