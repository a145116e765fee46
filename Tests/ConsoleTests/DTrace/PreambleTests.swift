// `#pragma D option` lines and declarations typed outside any program (at the prompt, or in a console script)
// are kept and put before every program and bare clause defined after them, as a D script's lines before
// its clauses are; a bad one is refused when typed, and errors after it point at the user's own lines.
import Testing
import TraceCore
@testable import Console

@Suite(.serialized) struct PreambleTests {
    func run(_ body: (Interpreter) -> Void) {
        withInterpreter(prefix: "cipre_", provider: "cipre") { i, _ in body(i) }
    }

    @Test func aPragmaAppliesToTheProgramsDefinedAfterIt() {
        run { i in
            #expect(i.execute(#"BEGIN { @s["b"] = sum(1); @s["a"] = sum(2); }"#).succeeded)
            let pragma = i.execute("#pragma D option aggsortkey")
            #expect(pragma.succeeded && pragma.messages == "kept for the programs defined after this\n")
            #expect(i.execute(#"BEGIN { @k["b"] = sum(1); @k["a"] = sum(2); }"#).succeeded)
            // The program defined before keeps DTrace's default order (by value); the one after sorts by key.
            #expect(i.execute("show @s").output == "@s:\n  b  1\n  a  2\n")
            #expect(i.execute("show @k").output == "@k:\n  a  2\n  b  1\n")
            #expect(i.execute("#pragma D option dynvarsize=1m").messages
                    == "kept for the programs defined after this\nnote: #pragma D option dynvarsize=1m: associative arrays are bounded by entries here, not bytes: set array-entries N\n")
        }
    }

    @Test func declarationsApplyToTheClausesAfterThem() {
        run { i in
            #expect(i.execute("uint8_t small;").succeeded)
            #expect(i.execute("self int depth;").succeeded)
            #expect(i.execute("BEGIN { small = 300; self->depth = 2; @v = sum(small + self->depth); }").succeeded)
            #expect(i.execute("show @v").output == "@v: 46\n")
            // An error in a later clause points at the clause as typed, not at the lines put before it.
            let bad = i.execute(#"BEGIN { small = "x"; }"#)
            #expect(!bad.succeeded)
            #expect(bad.messages.hasPrefix("error: 1:9: cannot assign a string to 'small', which holds an integer"), "\(bad.messages)")
        }
    }

    @Test func aBadLineIsRefusedWhenTyped() {
        run { i in
            #expect(i.execute("#pragma D option quite").messages.hasPrefix("error: 1:18: unknown option 'quite' (did you mean 'quiet'?"))
            #expect(i.execute("int x = 5;").messages.contains("a D declaration takes no value; assign it in a clause"))
            #expect(i.execute("#pragma D attributes x").messages.contains("unknown '#pragma D attributes'"))
            // Nothing refused was kept: a clause after them compiles as if they were never typed.
            #expect(i.execute("BEGIN { x = \"s\"; @n = count(); }").succeeded)
        }
    }
}
