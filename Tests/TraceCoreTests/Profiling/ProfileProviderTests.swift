import CTraceCore
import Foundation
import Testing
@testable import TraceCore

/// The profile provider: samples attribute to the function that burns the CPU, by its Swift name; timers
/// come and go with the programs that sample.
@Suite(.serialized)
struct ProfileProviderTests {
    let runtime = TraceRuntime.shared

    /// The stacks of a spinning workload thread, `profile-997 /tid == …/ { @s[key] = count(); }`, once `samples` are counted.
    func workloadStacks(_ name: String, key: String, samples: Int64) throws -> AggregationSnapshot {
        let work = ProfilingWorkload()
        work.start()
        defer { work.finish() }
        let tid = work.tid.load(ordering: .acquiring)
        let spec = try TraceLanguage.compile(name: name, source: "profile-997 /tid == \(tid)/ { @s[\(key)] = count(); @n = count(); }")
        try runtime.define(spec)
        defer { try? runtime.delete(name) }
        #expect(waitUntil { (try? total(runtime.snapshot(program: name, aggregation: "n"))) ?? 0 >= samples })
        try runtime.disable(name)
        return try runtime.snapshot(program: name, aggregation: "s")
    }

    @Test func aHotFunctionGetsItsSamplesUnderItsSwiftName() throws {
        let stacks = try workloadStacks("hot", key: "ustack(4)", samples: 300)
        var inHot: Int64 = 0, all: Int64 = 0
        var hotFrame = ""
        // Under ThreadSanitizer most of hotSpin's time is in the instrumentation it calls (`__tsan_read8`, `__tsan::MemoryAccess`…),
        // which keeps no frame pointer: such a sample's PC is the instrumentation and hotSpin's own frame is
        // skipped by the walk. Those samples are hotSpin's too.
        let underTSan = TestEnvironment.underThreadSanitizer
        func isHot(_ top: String) -> Bool { top.contains("hotSpin") || (underTSan && top.contains("__tsan")) }
        for e in stacks.entries {
            guard case .scalar(let n) = e.value, case .stack(let frames)? = e.key.first else { continue }
            all += n
            if let top = frames.first, isHot(top) {
                inHot += n
                if top.contains("hotSpin") { hotFrame = top }
            }
        }
        #expect(all >= 300)
        // Where the other samples landed, most first, with their stacks: what a failure needs to be understood.
        let others = stacks.entries.compactMap { e -> (Int64, [String])? in
            guard case .scalar(let n) = e.value, case .stack(let frames)? = e.key.first,
                  !isHot(frames.first ?? "") else { return nil }
            return (n, frames)
        }.sorted { $0.0 > $1.0 }
        #expect(Double(inHot) >= 0.8 * Double(all),
                "\(inHot) of \(all) samples in hotSpin; the others: \(others.prefix(5).map { "\($0.0)× \($0.1)" }); sampler \(runtime.profileStatus)")
        // Demangled, as written: the type and the function with its argument label.
        #expect(hotFrame.contains("ProfilingWorkload.hotSpin(Swift.Int) -> Swift.Int"), "\(hotFrame)")
        #expect(!hotFrame.contains("$s"))
    }

    /// The workload thread never fired a probe, so its stack bounds are unknown and the handler reads each
    /// frame's page through process_vm_readv: every sample has the callers of the hot function, none only its PC.
    @Test func aThreadThatNeverFiredAProbeIsSampledWithItsCallers() throws {
        var withCaller: Int64 = 0, alone: Int64 = 0
        var single: [[String]] = []
        for e in try workloadStacks("deep", key: "ustack(2)", samples: 500).entries {
            guard case .scalar(let n) = e.value, case .stack(let frames)? = e.key.first, frames.first?.contains("hotSpin") == true else { continue }
            if frames.count == 2 { withCaller += n } else { alone += n; single.append(frames) }
        }
        // (Under ThreadSanitizer most samples land in its instrumentation, not hotSpin: only some are counted here.)
        #expect(withCaller > 0)
        #expect(alone == 0, "\(alone) of \(alone + withCaller) samples in hotSpin have no caller: \(single.prefix(3))")
    }

    @Test func aThousandEnableDisableCyclesLeaveNoTimerBehind() throws {
        let work = ProfilingWorkload()
        work.start()
        defer { work.finish() }
        let timersBefore = processTimerCount()
        let spec = try TraceLanguage.compile(name: "cycle", source: "profile-997 { @n = count(); }")
        try runtime.define(spec, enable: false)
        defer { try? runtime.delete("cycle") }
        for _ in 0..<1000 {
            try runtime.enable("cycle")
            try runtime.disable("cycle")
        }
        try runtime.enable("cycle")
        // Sampling again: timers for this process's threads, and samples.
        #expect(waitUntil { processTimerCount() > timersBefore })
        try runtime.clear(program: "cycle", aggregation: "n")
        #expect(waitUntil { (try? total(runtime.snapshot(program: "cycle", aggregation: "n"))) ?? 0 > 0 })
        try runtime.disable("cycle")
        #expect(waitUntil { !runtime.profileStatus.sampling })
        #expect(processTimerCount() == timersBefore)
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let pending = status.split(separator: "\n").filter { $0.hasPrefix("SigPnd:") || $0.hasPrefix("ShdPnd:") }
        #expect(pending.allSatisfy { $0.hasSuffix("0000000000000000") }, "\(pending)")
    }

    @Test func threadsExitingWhileSampledAreSafe() throws {
        let spec = try TraceLanguage.compile(name: "churn", source: "profile-997 { @n[tid] = count(); }")
        try runtime.define(spec)
        defer { try? runtime.delete("churn") }
        let work = ProfilingWorkload()
        work.start()
        defer { work.finish() }
        // Short-lived threads that burn CPU and exit, while their timers fire and the sampler rescans.
        for round in 0..<40 {
            onJoinedThreads(4) { i in trace_sink_store(Int64(ProfilingWorkload.hotSpin(200_000 + round * 10 + i))) }
        }
        #expect(waitUntil { (try? total(runtime.snapshot(program: "churn", aggregation: "n"))) ?? 0 > 0 })
        try runtime.disable("churn")
        #expect(waitUntil { !runtime.profileStatus.sampling })
    }

    @Test func profileProbeNamesAndTheirErrors() throws {
        for good in ["profile-99", "profile-99hz", "profile-10ms", "profile:hz:99", "profile:::profile-997"] {
            let spec = try TraceLanguage.compile(name: "names", source: "\(good) { @n = count(); }")
            guard case .profile? = spec.clauses.first?.probes.first else {
                Issue.record("\(good) is not a profile probe")
                continue
            }
        }
        #expect(throws: DefinitionError.self) { try TraceLanguage.compile(name: "bad", source: "profile-0 { @n = count(); }") }
        #expect(throws: DefinitionError.self) { try TraceLanguage.compile(name: "bad", source: "profile-100000 { @n = count(); }") }
        do {
            _ = try TraceLanguage.compile(name: "bad", source: "profile-99 { printf(\"%d\", ustack()); }")
            Issue.record("a stack printed with %d was accepted")
        } catch {
            #expect(error.description.contains("conversion '%d' expects an integer, but this argument is a stack"), "\(error)")
        }
        do {
            _ = try TraceLanguage.compile(name: "bad", source: "profile-99 { x = ustack(); }")
            Issue.record("a stack assigned to a variable was accepted")
        } catch {
            #expect(error.description.contains("ustack() and ufunc()/usym()/umod()/uaddr() can only be aggregation keys"), "\(error)")
        }
    }
}
