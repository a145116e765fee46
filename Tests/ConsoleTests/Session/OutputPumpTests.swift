// The output pump against a scripted backend: printf text in order, printa blocks, runtime errors once and
// then as a running count, drops as they grow, and printf fragments held until their line ends on a terminal.
import Foundation
import Testing
import TraceCore
@testable import Console
import TraceAgent
import TraceSystem

/// A backend whose drains and statuses the test sets.
final class ScriptedBackend: TraceBackend, Sendable {
    private struct State {
        var pending: [TraceOutput] = []
        var statuses: [ProgramInfo] = []
    }
    private let state = Lock(State())

    func queue(_ records: [TraceOutput]) { state.withLock { $0.pending += records } }
    func setStatus(_ s: [ProgramInfo]) { state.withLock { $0.statuses = s } }

    func perform(_ request: BackendRequest) -> BackendResponse {
        state.withLock { s in
            switch request {
            case .drainOutput:
                defer { s.pending = [] }
                return .output(s.pending)
            case .listPrograms:
                return .programs(s.statuses)
            default:
                return .done
            }
        }
    }

    static func status(_ name: String, errors: Int64 = 0, drops: [String: Int64] = [:]) -> ProgramInfo {
        ProgramInfo(name: name, enabled: true, probesMatched: 1, firings: 0, errors: errors, drops: drops,
                    clauseNanoseconds: 0, uptimeNanoseconds: 1, source: "", budget: nil, aggregations: [])
    }
}

/// Output that says it is interactive, to test how fragments are held.
final class InteractiveCapture: ConsoleOutput, Sendable {
    private let lines = Lock<[String]>([])
    var isInteractive: Bool { true }
    func data(_ text: String) { lines.withLock { $0.append("data:" + text) } }
    func notice(_ text: String) { lines.withLock { $0.append("notice:" + text) } }
    var printed: [String] { lines.withLock { $0 } }
}

@Suite struct OutputPumpTests {
    @Test func printsTextAggregationsAndNoticesInOrder() {
        let backend = ScriptedBackend()
        let out = CapturedOutput()
        let pump = OutputPump(backend: backend, output: out)
        let snapshot = AggregationSnapshot(program: "p", name: "n", function: .count, keyTypes: [.string],
                                           entries: [AggregationEntry(key: [.string("a")], value: .scalar(3))])
        backend.queue([
            TraceOutput(program: "p", kind: .text("one\n")),
            TraceOutput(program: "p", kind: .aggregation(snapshot, format: "%s=%@d\n", withName: false)),
            TraceOutput(program: "p", kind: .aggregation(snapshot, format: nil, withName: true)),
            TraceOutput(program: "p", kind: .error("error: program 'p' clause 1 (a:b:c:d): division by zero")),
            TraceOutput(program: "p", kind: .text("two\n")),
            TraceOutput(program: "p", kind: .exited),
            TraceOutput(program: "p", kind: .overBudget("program 'p' disabled: over budget")),
        ])
        pump.pumpOnce(checkStatus: false, final: false)
        #expect(out.allText == """
            one
            a=3
            @n:
              a  3
            error: program 'p' clause 1 (a:b:c:d): division by zero
            two
            program 'p' called exit() and is now disabled
            program 'p' disabled: over budget

            """)
        #expect(out.noticeText.hasPrefix("error: program 'p' clause 1"))
    }

    @Test func errorsOnceThenARunningCountAndDropsAsTheyGrow() {
        let backend = ScriptedBackend()
        let out = CapturedOutput()
        let pump = OutputPump(backend: backend, output: out)
        backend.queue([TraceOutput(program: "p", kind: .error("error: program 'p' clause 1 (x): division by zero"))])
        backend.setStatus([ScriptedBackend.status("p", errors: 1, drops: ["trace buffer": 5])])
        pump.pumpOnce(checkStatus: true, final: false)
        backend.setStatus([ScriptedBackend.status("p", errors: 1, drops: ["trace buffer": 5])])
        pump.pumpOnce(checkStatus: true, final: false)
        backend.setStatus([ScriptedBackend.status("p", errors: 40, drops: ["trace buffer": 12, "aggregation keys": 1])])
        pump.pumpOnce(checkStatus: true, final: false)
        #expect(out.noticeText == """
            error: program 'p' clause 1 (x): division by zero
            5 drops on program 'p' (trace buffer)
            program 'p': 40 runtime errors so far
            1 drop on program 'p' (aggregation keys)
            7 drops on program 'p' (trace buffer)

            """)
    }

    @Test func fragmentsWaitForTheirNewlineOnATerminal() {
        let backend = ScriptedBackend()
        let out = InteractiveCapture()
        let pump = OutputPump(backend: backend, output: out)
        backend.queue([TraceOutput(program: "p", kind: .text("a ")), TraceOutput(program: "p", kind: .text("b"))])
        pump.pumpOnce(checkStatus: false, final: false)
        #expect(out.printed == [])
        backend.queue([TraceOutput(program: "p", kind: .text(" c\nd"))])
        pump.pumpOnce(checkStatus: false, final: false)
        #expect(out.printed == ["data:a b c\n"])
        pump.pumpOnce(checkStatus: false, final: false)
        pump.pumpOnce(checkStatus: false, final: false)
        #expect(out.printed == ["data:a b c\n", "data:d"])
    }
}
