// A D script runs as `dtrace -s` runs it: its clauses, declarations and `#pragma` lines are one program, so
// they share globals, `this->` and `exit()`; a file with console commands still runs entry by entry.
import Testing
import TraceCore
@testable import Console

@Suite(.serialized) struct DScriptTests {
    @Test func aDScriptIsOneEntryAtItsLines() {
        let entries = ScriptEntries.split("""
            #!/usr/sbin/dtrace -s
            #pragma D option quiet
            /* counts */
            int n;

            BEGIN { n = 1; }
            # a console comment
            END { trace(n); }
            """)
        #expect(entries == [ScriptEntry(text: "#!/usr/sbin/dtrace -s\n#pragma D option quiet\n/* counts */\nint n;\n\nBEGIN { n = 1; }\n\nEND { trace(n); }",
                                        firstLine: 1)])
        // With a command, the file is the console's script: each clause is its own program, as typed at the prompt.
        #expect(ScriptEntries.split("BEGIN { n = 1; }\nshow\nEND { trace(n); }").map(\.text) == ["BEGIN { n = 1; }", "show", "END { trace(n); }"])
    }

    @Test func aGuideStyleScriptSharesItsVariablesAndEndsWithExit() {
        let backend = ScopedBackend(prefix: "cidscript_", provider: "cidscript")
        backend.deleteAll()
        defer { backend.deleteAll() }
        let out = CapturedOutput()
        let script = """
            #pragma D option quiet
            #pragma D option dynvarsize=1m
            uint8_t low;
            int counts[3];

            BEGIN { low = 300; this->i = 1; }
            BEGIN { counts[this->i] = 7; }
            tick-10ms /++ticks == 2/ { printf("low=%d counts=%d,%d ticks=%d\\n", low, counts[0], counts[1], ticks); exit(4); }
            END { printf("end %d\\n", (char)200); }
            """
        let s = ConsoleSession(options: ConsoleOptions(), backend: backend, source: .entries(ScriptEntries.split(script), file: "guide.d"),
                               output: out, display: PlainWatchDisplay(output: out, columns: 80), pumpInterval: .milliseconds(10))
        #expect(s.run() == 4)
        #expect(out.dataText == "low=44 counts=0,7 ticks=2\nend -56\n")
        #expect(out.noticeText.contains("note: #pragma D option dynvarsize=1m: associative arrays are bounded by entries here, not bytes: set array-entries N"))
    }

    @Test func errorsInAJoinedScriptPointAtTheFilesLines() {
        let backend = ScopedBackend(prefix: "cidscript_", provider: "cidscript")
        defer { backend.deleteAll() }
        let out = CapturedOutput()
        let script = "BEGIN { n = 1; }\n\n# note\nEND { trace(m); }\n"
        let s = ConsoleSession(options: ConsoleOptions(), backend: backend, source: .entries(ScriptEntries.split(script), file: "bad.d"),
                               output: out, display: PlainWatchDisplay(output: out, columns: 80), pumpInterval: .milliseconds(10))
        #expect(s.run() == 1)
        #expect(out.noticeText.contains("bad.d:4:13: error: unknown variable 'm' (did you mean 'n'?)"))
    }
}
