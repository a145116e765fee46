// program, bare clauses, CLTRACE forms, enable, disable, delete, programs, edit, save, load — each with its
// bad forms and their exact error text.
import Foundation
import Testing
import TraceCore
@testable import Console
import TraceAgent

enum ProgramProbes {
    static let provider = TraceProvider("citp")
    static let match = provider.function("book", "match", ("side", Int.self), ("qty", Int.self), ("client", String.self))
    static let fill = provider.event("book", "match", "fill", ("price", Int.self), ("venue", String.self))
    static func declare() { _ = match; _ = fill }
}

@Suite(.serialized) struct ProgramCommandTests {
    init() { ProgramProbes.declare() }

    func run<R>(_ body: (Interpreter, ScopedBackend) throws -> R) rethrows -> R {
        try withInterpreter(prefix: "citp_", provider: "citp", body)
    }

    @Test func programDefinesAndAnswersLikeDTrace() {
        run { i, _ in
            let r = i.execute("program citp_lat { citp:book:match:entry, citp:book:match:return { @n = count(); } }")
            #expect(r == CommandResult(messages: "program 'citp_lat' enabled: matched 2 probes\n"))
            let again = i.execute("program citp_lat { citp:book:match:fill { @n = count(); } }")
            #expect(again.messages == "program 'citp_lat' redefined and enabled: matched 1 probe\n")
            let multi = i.execute("program citp_multi {\n  citp:book:match:entry\n  /qty > 1/\n  { @big[client] = sum(qty); }\n}")
            #expect(multi.messages == "program 'citp_multi' enabled: matched 1 probe\n")
            let unbraced = i.execute("program citp_bare citp:book:match:fill { @f = count(); }")
            #expect(unbraced.messages == "program 'citp_bare' enabled: matched 1 probe\n")
        }
    }

    @Test func programBadForms() {
        run { i, _ in
            #expect(i.execute("program").messages == "error: usage: program NAME [-z] { clauses }\n")
            #expect(i.execute("program { citp:book:match:fill { @f = count(); } }").messages
                    == "error: usage: program NAME [-z] { clauses }\n")
            #expect(i.execute("program 9lives { citp:book:match:fill { @f = count(); } }").messages
                    == "error: invalid program name '9lives': use letters, digits, '_' and '-', starting with a letter or '_'\n")
            #expect(i.execute("program citp_x").messages == "error: program 'citp_x' has no clauses: usage: program NAME [-z] { clauses }\n")
            #expect(i.execute("program citp_x -q { citp:book:match:fill { @f = count(); } }").messages
                    == "error: unknown option '-q' for program (did you mean '-z'?)\n")
            #expect(i.execute("program citp_x { citp:book:match:fill { @f = count(); } }").succeeded)
            #expect(!i.execute("program").succeeded)
        }
    }

    @Test func definitionErrorsPointAtWhatTheUserTyped() {
        run { i, _ in
            let entry = "program citp_bad { citp:book:match:entry /latncy > 1/ { @x = count(); } }"
            let r = i.execute(entry)
            #expect(!r.succeeded)
            #expect(r.messages == """
                error: 1:43: unknown variable 'latncy'
                program citp_bad { citp:book:match:entry /latncy > 1/ { @x = count(); } }
                                                          ^

                """)
            // On a later line of a multi-line entry the column is the line's own.
            let multi = i.execute("program citp_bad -z {\n  citp:book:match:entry { @x = cuont(); }\n}")
            #expect(multi.messages == """
                error: 2:32: unknown aggregating function 'cuont' (did you mean 'count'?)
                  citp:book:match:entry { @x = cuont(); }
                                               ^

                """)
            // Nothing was defined.
            #expect(i.execute("programs citp_bad").messages == "error: no program named 'citp_bad'\n")
        }
    }

    @Test func zeroMatchesNeedsDashZ() {
        run { i, _ in
            let r = i.execute("program citp_z { citp:book:macth:entry { @n = count(); } }")
            #expect(r.messages.hasPrefix("error: 1:18: probe description 'citp:book:macth:entry' matches no probes (nearest: citp:book:match:entry"))
            #expect(r.messages.hasSuffix("program citp_z { citp:book:macth:entry { @n = count(); } }\n                 ^\n"))
            let z = i.execute("program citp_z -z { citp:book:nosuch:entry { @n = count(); } }")
            #expect(z.messages == "program 'citp_z' enabled: matched 0 probes\n")
        }
    }

    @Test func bareClauseBecomesAnAnonymousProgram() {
        run { i, _ in
            let r = i.execute("citp:book:match:fill { @fills[venue] = count(); }")
            #expect(r.succeeded)
            let message = r.messages
            #expect(message.hasPrefix("program 'p") && message.hasSuffix("' enabled: matched 1 probe\n"))
            let name = String(message.dropFirst("program '".count).prefix { $0 != "'" })
            let numbered = name.dropFirst().allSatisfy { $0.isNumber }
            #expect(numbered)
            #expect(i.execute("delete \(name)").messages == "program '\(name)' deleted\n")
            // Errors in a bare clause point into the entry, leading spaces included.
            let bad = i.execute("  citp:book:match:fill { @f = sum(1 + venue); }")
            #expect(bad.messages == """
                error: 1:37: operator '+' needs integer operands, not a string
                  citp:book:match:fill { @f = sum(1 + venue); }
                                                    ^

                """)
            #expect(i.execute("citp:book:match:fill").messages == "error: 'citp:book:match:fill' needs a clause body: citp:book:match:fill { … }\n")
        }
    }

    @Test func cltraceForms() {
        run { i, _ in
            let define = "(define-program citp_lisp\n  ((:probe citp:book:match:fill :when (> price 10))\n   (agg! venues venue :count)\n   (setvar :seen t)))"
            #expect(i.execute(define).messages == "program 'citp_lisp' enabled: matched 1 probe\n")
            ProgramProbes.fill.fire(5, "X")
            ProgramProbes.fill.fire(50, "XNYS")
            ProgramProbes.fill.fire(60, "XNYS")
            #expect(i.execute("(getagg venues)").output == "@venues:\n  XNYS  2\n")
            #expect(i.execute("(getvar :seen)").output == "seen = 1\n")
            #expect(i.execute("(getagg nosuch)").messages == "error: no aggregation @nosuch\n")
            let bad = i.execute("(define-program citp_lisp2 ((:probe citp:book:match:fill) (agg! v venue :cuont)))")
            #expect(!bad.succeeded)
            #expect(bad.messages.hasPrefix("error: 1:"))
            #expect(i.execute("edit citp_lisp").effects == [.edit(define)])
        }
    }

    @Test func enableDisableDelete() {
        run { i, _ in
            _ = i.execute("program citp_e { citp:book:match:fill { @n = count(); } }")
            #expect(i.execute("enable citp_e").messages == "program 'citp_e' is already enabled\n")
            #expect(i.execute("disable citp_e").messages == "program 'citp_e' disabled\n")
            ProgramProbes.fill.fire(1, "X")
            #expect(i.execute("show @n").output == "@n: 0\n" || i.execute("show @n").output == "@n:\n")
            #expect(i.execute("disable citp_e").messages == "program 'citp_e' is already disabled\n")
            #expect(i.execute("enable citp_e").messages == "program 'citp_e' enabled\n")
            ProgramProbes.fill.fire(1, "X")
            #expect(i.execute("show @n").output == "@n: 1\n")
            #expect(i.execute("enable").messages == "error: usage: enable NAME…\n")
            #expect(i.execute("disable").messages == "error: usage: disable NAME…\n")
            #expect(i.execute("delete").messages == "error: usage: delete NAME…\n")
            #expect(i.execute("enable citp_ee").messages == "error: no program named 'citp_ee' (did you mean 'citp_e'?)\n")
            #expect(i.execute("disable citp_f").messages == "error: no program named 'citp_f' (did you mean 'citp_e'?)\n")
            #expect(i.execute("delete citp_e citp_nope").messages == "program 'citp_e' deleted\nerror: no program named 'citp_nope'\n")
            #expect(!i.execute("delete citp_e").succeeded)
        }
    }

    @Test func programsTable() {
        run { i, _ in
            #expect(i.execute("programs").messages == "no programs defined\n")
            _ = i.execute("program citp_a { citp:book:match:fill { @n = count(); } }")
            _ = i.execute("program citp_b { citp:book:match:entry, citp:book:match:return /qty > 5/ { @q = sum(qty); } }")
            _ = i.execute("disable citp_b")
            for _ in 0..<3 { ProgramProbes.fill.fire(1, "X") }
            let table = i.execute("programs").output.split(separator: "\n").map(String.init)
            #expect(table.count == 3)
            // The last two columns' widths depend on measured times.
            #expect(table[0].hasPrefix("NAME    STATE     PROBES  FIRINGS  ERRORS  DROPS     MEMORY  CLAUSE TIME") && table[0].hasSuffix("  CPU"))
            // MEMORY: each program's per-thread tables and aggregations, and citp_a's one shard.
            #expect(table[1].hasPrefix("citp_a  enabled        1        3       0      0  153.5 KiB"))
            #expect(table[2].hasPrefix("citp_b  disabled       2        0       0      0  153.3 KiB"))
            #expect(i.execute("programs citp_b").output.split(separator: "\n").count == 2)
            #expect(i.execute("programs citp_c").messages == "error: no program named 'citp_c' (did you mean 'citp_a', 'citp_b'?)\n")
        }
    }

    @Test func editPutsTheDefinitionBack() {
        run { i, _ in
            _ = i.execute("program citp_ed {\n  citp:book:match:fill { @n = count(); }\n}")
            #expect(i.execute("edit citp_ed") == CommandResult(effects: [.edit("program citp_ed {\n  citp:book:match:fill { @n = count(); }\n}")]))
            _ = i.execute("program citp_edz -z { citp:book:nope:fill { @n = count(); } }")
            #expect(i.execute("edit citp_edz").effects == [.edit("program citp_edz -z { citp:book:nope:fill { @n = count(); } }")])
            #expect(i.execute("edit").messages == "error: usage: edit NAME\n")
            #expect(i.execute("edit citp_ed citp_edz").messages == "error: edit takes one program name\n")
            #expect(i.execute("edit citp_no").messages == "error: no program named 'citp_no' (did you mean 'citp_ed'?)\n")
        }
    }

    @Test func saveAndLoad() throws {
        let path = NSTemporaryDirectory() + "citp-save-\(getpid()).trace"
        defer { unlink(path) }
        try run { i, _ in
            _ = i.execute("program citp_s1 { citp:book:match:fill { @n = count(); } }")
            _ = i.execute("program citp_s2 -z {\n  citp:book:nope:entry { @m = count(); }\n}")
            _ = i.execute("disable citp_s2")
            #expect(i.execute("save \(path)").messages == "saved 2 programs to \(path)\n")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text == """
                # TraceConsole programs; run them again with: load \(path)

                program citp_s1 { citp:book:match:fill { @n = count(); } }

                program citp_s2 -z {
                  citp:book:nope:entry { @m = count(); }
                }
                disable citp_s2

                """)
            _ = i.execute("delete citp_s1 citp_s2")
            let loaded = i.execute("load \(path)")
            #expect(loaded.messages == """
                program 'citp_s1' enabled: matched 1 probe
                program 'citp_s2' enabled: matched 0 probes
                program 'citp_s2' disabled

                """)
            #expect(loaded.succeeded)
            #expect(i.execute("save \(path) citp_s1").messages == "saved 1 program to \(path)\n")

            #expect(i.execute("save").messages == "error: usage: save FILE [NAME…]\n")
            #expect(i.execute("save \(path) citp_zz").messages == "error: no program named 'citp_zz' (did you mean 'citp_s1', 'citp_s2'?)\n")
            #expect(i.execute("save /nonexistent-dir/x.trace").messages == "error: cannot write '/nonexistent-dir/x.trace': No such file or directory\n")
            #expect(i.execute("load").messages == "error: usage: load FILE [ARG…]\n")
            #expect(i.execute("load a b").messages == "error: cannot read 'a': No such file or directory\n")   // b is its $1
            #expect(i.execute("load /nonexistent-dir/x.trace").messages == "error: cannot read '/nonexistent-dir/x.trace': No such file or directory\n")
            // A file that loads itself stops at the nesting limit.
            try "load \(path)\n".write(toFile: path, atomically: true, encoding: .utf8)
            let nested = i.execute("load \(path)")
            #expect(!nested.succeeded)
            #expect(nested.messages == "\(path):1:1: error: load nested more than 8 deep (a file that loads itself?)\n")
            // A failing command in a loaded file fails the load, and the rest still runs.
            try "porbes\nprogram citp_s3 { citp:book:match:fill { @n = count(); } }\n".write(toFile: path, atomically: true, encoding: .utf8)
            let partial = i.execute("load \(path)")
            #expect(!partial.succeeded)
            #expect(partial.messages == "\(path):1:1: error: unknown command 'porbes' (did you mean 'probes'?); type help for the list\nprogram 'citp_s3' enabled: matched 1 probe\n")
        }
    }
}
