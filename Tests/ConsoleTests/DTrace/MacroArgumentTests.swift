// D's macro variables (the Dynamic Tracing Guide, "Scripting"): `$1`… are the words after the script, as a
// token (`$1`) or a string (`$$1`); `$pid`, `$ppid`, `$uid`, `$gid`, `$execname` describe the process.
import Foundation
import Testing
import TraceCore
@testable import Console

@Suite(.serialized) struct MacroArgumentTests {
    @Test func argumentsAreSubstitutedAsTokensOrStrings() {
        let args = ["top.d", "10", "orders", "say \"hi\""]
        #expect(MacroArguments.substitute("tick-$1s /n > $1/ { printf(\"%s\", $$2); x = $$3; }", args)
                == "tick-10s /n > 10/ { printf(\"%s\", \"orders\"); x = \"say \\\"hi\\\"\"; }")
        // Strings and comments keep their text; an argument not given, and `$pid`, stay for the language.
        #expect(MacroArguments.substitute("BEGIN { s = \"$1\"; /* $1 */ y = $pid + $9; } // $2", args)
                == "BEGIN { s = \"$1\"; /* $1 */ y = $pid + $9; } // $2")
        #expect(MacroArguments.substitute("BEGIN { trace($$0); }", args) == "BEGIN { trace(\"top.d\"); }")
    }

    @Test func scriptArgumentsFollowTheScriptOnTheCommandLine() throws {
        let o = try ConsoleOptions.parse(arguments: ["--duration", "1s", "--script", "top.d", "10", "-5", "orders"])
        #expect(o.scriptPath == "top.d")
        #expect(o.scriptArguments == ["10", "-5", "orders"])
        #expect(o.duration == .seconds(1))
        #expect(throws: ConsoleOptionsError.self) { try ConsoleOptions.parse(arguments: ["extra"]) }
    }

    @Test func aScriptsProgramsSeeItsArgumentsAndLoadGivesItsOwn() throws {
        let dir = NSTemporaryDirectory() + "cimacro-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "program cimacro_inner { BEGIN { printf(\"inner %s %d\\n\", $$1, $2 * 2); } }\n".write(toFile: dir + "/inner.trace", atomically: true, encoding: .utf8)
        try """
            program cimacro_outer { BEGIN { printf("outer %d %s\\n", $1, $$2); } }
            load \(dir)/inner.trace x 21
            program cimacro_ids { BEGIN { printf("%d %d %d %d %s\\n", $pid, $ppid, $uid, $gid, $$execname); } }
            """.write(toFile: dir + "/main.trace", atomically: true, encoding: .utf8)
        let backend = ScopedBackend(prefix: "cimacro_", provider: "cimacro")
        backend.deleteAll()
        defer { backend.deleteAll() }
        var options = ConsoleOptions()
        options.scriptPath = dir + "/main.trace"
        options.scriptArguments = ["7", "seven"]
        let text = try FileText.read(dir + "/main.trace")
        let out = CapturedOutput()
        let session = ConsoleSession(options: options, backend: backend, source: .entries(ScriptEntries.split(text), file: options.scriptPath), output: out,
                                     display: PlainWatchDisplay(output: out, columns: 80), pumpInterval: .milliseconds(10))
        #expect(session.run() == 0)
        let execname = CommandLine.arguments.first!.split(separator: "/").last!
        #expect(out.dataText == "outer 7 seven\ninner x 42\n\(getpid()) \(getppid()) \(getuid()) \(getgid()) \(execname)\n")
    }

    @Test func anArgumentNotGivenIsAnError() {
        withInterpreter(prefix: "cimacro_", provider: "cimacro") { interpreter, _ in
            let r = interpreter.execute("program cimacro_missing { BEGIN { trace($3); } }")
            #expect(!r.succeeded)
            #expect(r.messages.contains("macro argument $3 is not defined; give arguments after the script: --script FILE ARG… or load FILE ARG…"))
            let r2 = interpreter.execute("program cimacro_typo { BEGIN { trace($pdi); } }")
            #expect(r2.messages.contains("unknown macro variable '$pdi' (did you mean '$pid'?)"))
        }
    }
}
