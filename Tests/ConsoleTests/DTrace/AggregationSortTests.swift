// The aggregation sort options as the Dynamic Tracing Guide documents them ("Sorting Aggregations"): rows by
// value, smallest first, ties by key (the default); `aggsortkey` by key; `aggsortrev` the whole order reversed;
// `aggsortkeypos=N` keys compared from their N-th component; `aggsortpos=N` a joined printa sorted by its N-th
// aggregation. printa, `show` and the end of a run all list rows so.
import Testing
import TraceCore
@testable import Console

@Suite(.serialized) struct AggregationSortTests {
    /// What printa prints for a program made of `pragmas` and one BEGIN clause with `body`.
    func printed(_ pragmas: [String], _ body: String) -> String {
        let lines = pragmas.map { "#pragma D option " + $0 }.joined(separator: "\n")
        let (status, out) = ScriptSession.run(["program cisort_p {\n\(lines)\nBEGIN { \(body) exit(0); }\n}", "wait"],
                                              prefix: "cisort_", provider: "cisort")
        #expect(status == 0, "\(out.noticeText)")
        return out.dataText
    }

    let fourRows = #"@s["a"] = sum(3); @s["b"] = sum(1); @s["c"] = sum(2); @s["d"] = sum(1); printa("%s %@d\n", @s);"#

    @Test func byValueByDefaultAndByKeyWithAggsortkey() {
        #expect(printed([], fourRows) == "b 1\nd 1\nc 2\na 3\n")
        #expect(printed(["aggsortkey"], fourRows) == "a 3\nb 1\nc 2\nd 1\n")
    }

    @Test func aggsortrevReversesTheWholeOrderTiesIncluded() {
        #expect(printed(["aggsortrev"], fourRows) == "a 3\nc 2\nd 1\nb 1\n")
        #expect(printed(["aggsortkey", "aggsortrev"], fourRows) == "d 1\nc 2\nb 1\na 3\n")
    }

    @Test func aggsortkeyposComparesKeysFromThatComponent() {
        let body = #"@k[1, "z"] = sum(5); @k[2, "y"] = sum(6); @k[3, "x"] = sum(4); printa("%d %s %@d\n", @k);"#
        #expect(printed(["aggsortkey"], body) == "1 z 5\n2 y 6\n3 x 4\n")
        #expect(printed(["aggsortkey", "aggsortkeypos=1"], body) == "3 x 4\n2 y 6\n1 z 5\n")
    }

    @Test func aggsortposSortsAJoinedPrintaByThatAggregation() {
        let body = #"@a["k1"] = sum(1); @a["k2"] = sum(2); @a["k3"] = sum(3); @b["k1"] = sum(30); @b["k2"] = sum(10); @b["k3"] = sum(20); printa("%s %@d %@d\n", @a, @b);"#
        #expect(printed([], body) == "k1 1 30\nk2 2 10\nk3 3 20\n")
        #expect(printed(["aggsortpos=1"], body) == "k2 2 10\nk3 3 20\nk1 1 30\n")
        #expect(printed(["aggsortpos=1", "aggsortrev"], body) == "k1 1 30\nk3 3 20\nk2 2 10\n")
    }

    @Test func showAndTheEndOfTheRunFollowTheProgramsOrder() {
        // At the end of the run (after exit()), the unprinted aggregation comes by key.
        let (status, out) = ScriptSession.run([
            "program cisort_end {\n#pragma D option aggsortkey\nBEGIN { @s[\"c\"] = sum(1); @s[\"a\"] = sum(3); @s[\"b\"] = sum(2); exit(0); }\n}", "wait",
        ], prefix: "cisort_", provider: "cisort")
        #expect(status == 0)
        #expect(out.dataText == "@s:\n  a  3\n  b  2\n  c  1\n")
        // `show` lists by key too; `show … desc` reverses the program's order.
        withInterpreter(prefix: "cisort_", provider: "cisort") { i, _ in
            #expect(i.execute("program cisort_show {\n#pragma D option aggsortkey\nBEGIN { @s[\"c\"] = sum(1); @s[\"a\"] = sum(3); @s[\"b\"] = sum(2); }\n}").succeeded)
            #expect(i.execute("show @s").output == "@s:\n  a  3\n  b  2\n  c  1\n")
            #expect(i.execute("show @s desc").output == "@s:\n  c  1\n  b  2\n  a  3\n")
        }
    }
}
