// ++, -- and assignments as expressions, as in C and D: `x++` is the old value, `++x` and `(x = v)` the new,
// wherever an integer expression may be (keys, printf arguments, predicates).
import Testing
@testable import TraceCore

@Suite(.serialized) struct AssignmentExpressionTests {
    let service = TestService("aexpr")

    @Test func incrementsAndAssignmentsInsideExpressions() throws {
        let spec = try TraceLanguage.compile(name: "aexpr_run", source: """
            aexpr:loop:step:tick /k++ == 2/ { printf("third k=%d\\n", k); }
            aexpr:loop:step:tick { @a[i++] = count(); printf("%d %d %d %d\\n", j++, ++j, (m = n * 10), m); self->t--; }
            aexpr:loop:step:tick /self->t == -3/ { printf("t=%d\\n", --self->t); }
            """)
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("aexpr_run") }
        _ = drainedText("aexpr_run")
        for n in 1...3 { service.tick.fire(n) }
        #expect(drainedText("aexpr_run") == ["0 2 10 10\n", "2 4 20 20\n", "third k=3\n", "4 6 30 30\n", "t=-4\n"])
        let a = TraceRuntime.shared.aggregations(of: "aexpr_run").first { $0.name == "a" }!
        #expect(Set(a.entries.map(\.key)) == [[.int(0)], [.int(1)], [.int(2)]])
        #expect(TraceRuntime.shared.global(program: "aexpr_run", name: "i") == .int(3))
    }

    @Test func onlyVariablesCanBeIncremented() {
        LanguageFixture.register()
        #expect(LanguageFixture.errors("BEGIN { x = 5++; }") != "")
        #expect(LanguageFixture.errors("lang:book:match:entry { x = qty++; }").contains("cannot assign to probe argument 'qty'"))
        #expect(LanguageFixture.errors(#"BEGIN { x = 1; x = (s = "a"); }"#).contains("cannot assign a string to 'x', which holds an integer"))
    }
}
