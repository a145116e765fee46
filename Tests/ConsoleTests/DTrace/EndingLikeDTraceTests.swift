// A script ends as dtrace ends (the Dynamic Tracing Guide: exit() stops tracing, END fires, and dtrace prints
// every aggregation that no printa() has shown, then exits with exit()'s status): `wait`, a script that waits
// by itself when every enabled program can exit, `wait` after the program already exited, END after exit(), and
// trace() with no newline.
import Foundation
import Testing
import TraceCore
import TestSupport
@testable import Console

@Suite(.serialized) struct EndingLikeDTraceTests {
    func session(_ entries: [String], duration: Duration? = nil) -> (status: Int32, out: CapturedOutput) {
        ScriptSession.run(entries, prefix: "cidt_", provider: "cidt", duration: duration)
    }

    @Test func endRunsAfterExitAndOnlyUnprintedAggregationsFollow() {
        let (status, out) = session([
            """
            program cidt_end {
                BEGIN { @calls = count(); @bytes = sum(512); @unused = count(); trunc(@unused); }
                tick-10ms { exit(0); }
                END { printa("calls %@d\\n", @calls); trunc(@calls); }
            }
            """,
            "wait",
        ])
        #expect(status == 0)
        // END's printa, then @bytes (never shown); not @calls (shown by printa) — and @unused, empty, prints its name.
        #expect(out.dataText == "calls 1\n@bytes: 512\n\n@unused:\n")
        #expect(out.noticeText.contains("program 'cidt_end' called exit() and is now disabled"))
    }

    @Test func exitStatusBecomesTheConsolesStatusAndTheScriptWaitsByItself() {
        // No wait, no --duration: every enabled program can exit, so the script waits for them.
        let (status, out) = session([
            "program cidt_status { tick-10ms { n = n + 1; if (n == 3) { printf(\"n=%d\\n\", n); exit(3); } } END { printf(\"end\\n\"); } }",
        ])
        #expect(status == 3)
        #expect(out.dataText == "n=3\nend\n")
    }

    @Test func theEndOfTheScriptIsTheEndOfTracing() {
        // No wait, no --duration, and the program cannot exit: when the commands end, tracing ends (END runs)
        // and, as dtrace does at the end of tracing, every aggregation no printa() has shown is printed.
        let (status, out) = session([
            "program cidt_tail { BEGIN { @n = count(); @shown = count(); printa(\"shown %@d\\n\", @shown); } END { printf(\"end\\n\"); } }",
            "sleep 10ms",
        ])
        #expect(status == 0)
        #expect(out.dataText == "shown 1\nend\n@n: 1\n")
    }

    @Test func durationDoesNotRepeatWhatPrintaShowed() {
        let (status, out) = session([
            "program cidt_dur { BEGIN { @shown = count(); @hidden = count(); printa(\"shown %@d\\n\", @shown); } }",
        ], duration: .milliseconds(50))
        #expect(status == 0)
        #expect(out.dataText == "shown 1\n@hidden: 1\n")
    }

    @Test func waitWithNothingToWaitForIsAnError() {
        let (status, out) = session(["program cidt_none { BEGIN { @n = count(); } }", "wait"])
        #expect(status == 1)
        #expect(out.noticeText.contains("error: nothing to wait for: no enabled program calls exit()"))
        // `wait 20ms` waits that long even so, then the run prints what DTrace prints at exit.
        let (status2, out2) = session(["program cidt_none2 { BEGIN { @n = count(); } }", "wait 20ms"])
        #expect(status2 == 0)
        #expect(out2.dataText == "@n: 1\n")
    }

    @Test func waitAfterTheProgramAlreadyExitedEndsTheRunAtOnce() {
        let backend = ScopedBackend(prefix: "cidt_", provider: "cidt")
        backend.deleteAll()
        defer { backend.deleteAll() }
        let interpreter = Interpreter(backend: backend)
        #expect(interpreter.execute("program cidt_early { BEGIN { @n = count(); exit(0); } }").succeeded)
        // The runtime disables it once it has called exit(); then the script's `wait` runs.
        #expect(waitUntil(timeout: .seconds(60)) {
            guard case .programs(let list) = backend.perform(.listPrograms) else { return false }
            return list.contains { $0.name == "cidt_early" && !$0.enabled && $0.exitStatus == 0 }
        })
        let wait = interpreter.execute("wait")
        #expect(wait.succeeded, "\(wait.messages)")
        #expect(wait.effects == [.waitForExit(nil)])
    }

    @Test func traceAddsNoNewline() {
        let (status, out) = session(["program cidt_trace { BEGIN { trace(1); printf(\" two\\n\"); trace(\"three\"); printf(\"\\n\"); exit(0); } }"])
        #expect(status == 0)
        #expect(out.dataText == "1 two\nthree\n")
    }
}
