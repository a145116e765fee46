// printa() with several aggregations joins them by key, as DTrace does: one row per key of any of them,
// the i-th %@ showing the i-th aggregation (0 where it lacks the key), rows by the first one's value.
import Testing
@testable import TraceCore

@Suite(.serialized) struct PrintaJoinTests {
    let service = TestService("pjoin")

    @Test func rowsJoinByKeyAndAMissingKeyReadsZero() throws {
        let spec = try TraceLanguage.compile(name: "pjoin_rows", source: """
            pjoin:book:match:fill { @n[venue] = count(); @q[venue] = sum(qty); }
            pjoin:book:match:fill /venue == "ARCA"/ { @big[venue] = max(price); }
            pjoin:risk:check:reject { printa("%-5s %@d %@d %@d\\n", @n, @q, @big); }
            """)
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("pjoin_rows") }
        _ = drainedText("pjoin_rows")
        service.fill.fire(100, 5, "XNAS")
        service.fill.fire(101, 7, "XNAS")
        service.fill.fire(123, 1, "ARCA")
        service.reject.fire("late")
        #expect(drainedText("pjoin_rows") == ["ARCA  1 1 123\nXNAS  2 12 0\n"])
    }

    @Test func aggregationsWithOtherKeysOrHistogramsAreRefused() {
        LanguageFixture.register()
        #expect(LanguageFixture.errors("""
            lang:book:match:fill { @n[venue] = count(); @p[price] = count(); printa("%@d %@d\\n", @n, @p); }
            """).contains("printa() joins aggregations by key, but '@p' has keys (int) and '@n' has (string)"))
        #expect(LanguageFixture.errors("""
            lang:book:match:fill { @n = count(); @h = quantize(qty); printa("%@d %@d\\n", @n, @h); }
            """).contains("'@h' is a histogram; printa() joins only aggregations with one value per key"))
    }
}
