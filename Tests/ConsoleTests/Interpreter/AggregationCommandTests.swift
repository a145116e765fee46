// show, watch, clear, trunc, get — each with its bad forms and their exact error text.
import Testing
import TraceCore
@testable import Console

enum AggregationProbes {
    static let provider = TraceProvider("cita")
    static let event = provider.event("svc", "op", "done", ("n", Int.self), ("who", String.self))
    static func declare() { _ = event }
}

@Suite(.serialized) struct AggregationCommandTests {
    init() { AggregationProbes.declare() }

    func run<R>(_ body: (Interpreter) throws -> R) rethrows -> R {
        try withInterpreter(prefix: "cita_", provider: "cita") { i, _ in try body(i) }
    }

    func fire(_ pairs: [(Int, String)]) { for (n, who) in pairs { AggregationProbes.event.fire(n, who) } }

    @Test func showForms() {
        run { i in
            #expect(i.execute("show").messages == "no programs defined\n")
            _ = i.execute("program cita_none -z { cita:svc:op:nope { x = 1; } }")
            #expect(i.execute("show").messages == "no aggregations\n")
            #expect(i.execute("show cita_none").messages == "program 'cita_none' has no aggregations\n")
            _ = i.execute("program cita_s { cita:svc:op:done { @ops[who] = count(); @sum = sum(n); } }")
            #expect(i.execute("show @ops").output == "@ops:\n")
            fire([(1, "a"), (2, "b"), (3, "b")])
            #expect(i.execute("show @ops @sum").output == "@ops:\n  a  1\n  b  2\n\n@sum: 6\n")
            #expect(i.execute("show cita_s.@ops desc").output == "@ops:\n  b  2\n  a  1\n")
            #expect(i.execute("show @sum --json").output
                    == "{\"program\": \"cita_s\", \"aggregation\": \"sum\", \"function\": \"sum\", \"entries\": [{\"key\": [], \"value\": 6}]}\n")
        }
    }

    @Test func showBadForms() {
        run { i in
            _ = i.execute("program cita_b { cita:svc:op:done { @ops[who] = count(); } }")
            #expect(i.execute("show @opz").messages == "error: no aggregation @opz (did you mean @ops?)\n")
            #expect(i.execute("show cita_b.@opz").messages == "error: program 'cita_b' has no aggregation @opz (did you mean @ops?)\n")
            #expect(i.execute("show cita_c.@ops").messages == "error: no program named 'cita_c' (did you mean 'cita_b'?)\n")
            #expect(i.execute("show cita_bb").messages == "error: no program named 'cita_bb' (did you mean 'cita_b'?)\n")
            #expect(i.execute("show --jsn").messages == "error: unknown option '--jsn' for show (did you mean '--json'?)\n")
            #expect(!i.execute("show @opz").succeeded)
        }
    }

    @Test func watchRequests() {
        run { i in
            #expect(i.execute("watch").messages == "error: nothing to watch: no programs defined\n")
            _ = i.execute("program cita_w1 { cita:svc:op:done { @a = count(); } }")
            _ = i.execute("program cita_w2 { cita:svc:op:done { @b = sum(n); } }")
            #expect(i.execute("watch") == CommandResult(effects: [.watch(WatchRequest(targets: [.program("cita_w2")], interval: .seconds(1)))]))
            #expect(i.execute("watch @a cita_w2 every 250ms").effects == [.watch(WatchRequest(
                targets: [.aggregation(program: "cita_w1", name: "a"), .program("cita_w2")], interval: .milliseconds(250)))])
            #expect(i.execute("watch every").messages == "error: usage: watch [@AGG… | PROGRAM…] every DURATION\n")
            #expect(i.execute("watch every soon").messages == "error: invalid duration 'soon' for watch (a number and a unit: 500ms, 1s, 2m)\n")
            #expect(i.execute("watch every 1ms").messages == "error: watch interval '1ms' is too short (at least 10ms)\n")
            #expect(i.execute("watch -f").messages == "error: unknown option '-f' for watch (watch [@AGG… | PROGRAM…] [every DURATION])\n")
            #expect(i.execute("watch @c").messages == "error: no aggregation @c (did you mean @a, @b?)\n")
            #expect(i.execute("watch cita_w3").messages == "error: no program named 'cita_w3' (did you mean 'cita_w1', 'cita_w2'?)\n")
            #expect(i.execute("unwatch") == CommandResult(effects: [.unwatch]))
            #expect(i.execute("unwatch now").messages == "error: unwatch takes no arguments\n")
        }
    }

    @Test func clearAndTrunc() {
        run { i in
            _ = i.execute("program cita_c { cita:svc:op:done { @by[who] = sum(n); } }")
            fire([(5, "a"), (7, "b"), (9, "c")])
            #expect(i.execute("clear @by").messages == "@by cleared\n")
            #expect(i.execute("show @by").output == "@by:\n  a  0\n  b  0\n  c  0\n")
            fire([(5, "a"), (7, "b"), (9, "c")])
            #expect(i.execute("trunc @by 2").messages == "@by truncated to its 2 largest keys\n")
            #expect(i.execute("show @by").output == "@by:\n  b  7\n  c  9\n")
            #expect(i.execute("trunc cita_c.@by").messages == "@by truncated: all keys dropped\n")
            #expect(i.execute("show @by").output == "@by:\n")

            #expect(i.execute("clear").messages == "error: usage: clear @AGG\n")
            #expect(i.execute("clear @by @by").messages == "error: clear takes one aggregation\n")
            #expect(i.execute("clear by").messages == "error: 'by' is not an aggregation: write @name or program.@name\n")
            #expect(i.execute("clear @bye").messages == "error: no aggregation @bye (did you mean @by?)\n")
            #expect(i.execute("trunc").messages == "error: usage: trunc @AGG [N]\n")
            #expect(i.execute("trunc @by 1 2").messages == "error: usage: trunc @AGG [N]\n")
            #expect(i.execute("trunc @by -1").messages == "error: invalid count '-1' for trunc (a whole number, 0 or more)\n")
            #expect(i.execute("trunc @by ten").messages == "error: invalid count 'ten' for trunc (a whole number, 0 or more)\n")
        }
    }

    @Test func getGlobals() {
        run { i in
            _ = i.execute("program cita_g1 { cita:svc:op:done { total += n; last = who; } }")
            _ = i.execute("program cita_g2 { cita:svc:op:done { total = 1; } }")
            fire([(4, "x"), (6, "say \"hi\"")])
            #expect(i.execute("get last").output == "last = \"say \\\"hi\\\"\"\n")
            #expect(i.execute("get cita_g1.total").output == "total = 10\n")
            #expect(i.execute("get total").messages == "error: 'total' is a global of several programs: write cita_g1.total or cita_g2.total\n")
            #expect(i.execute("get nothing").messages == "error: no program has a global variable 'nothing'\n")
            #expect(i.execute("get cita_g2.last").messages == "error: program 'cita_g2' has no global variable 'last'\n")
            #expect(i.execute("get cita_g3.last").messages == "error: no program named 'cita_g3' (did you mean 'cita_g1', 'cita_g2'?)\n")
            #expect(i.execute("get").messages == "error: usage: get VAR\n")
            #expect(i.execute("get a b").messages == "error: get takes one variable name\n")
        }
    }
}
