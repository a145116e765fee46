// D as DTrace users write it, compiled: what the Dynamic Tracing Guide accepts compiles to the meaning it
// documents, and what DTrace refuses is refused with a clear error.
import Testing
@testable import TraceCore

@Suite struct DTraceLanguageTests {
    @Test func anEmptyPrintfFormatIsRefused() {
        #expect(LanguageFixture.errors(#"BEGIN { printf(""); }"#).contains(
            #"1:16: the format of 'printf' is empty; give it something to print, as in printf("%d\n", x)"#))
    }

    @Test func exitTakesItsStatus() throws {
        let spec = try LanguageFixture.compile("BEGIN { exit(0); } END { exit(2 + 1); } lang:book:match:entry { exit(qty); }")
        #expect(spec.clauses[0].body == [.exit])
        #expect(spec.clauses[1].body == [.exitWith(.integer(3))])
        #expect(spec.clauses[2].body == [.exitWith(.argument(index: 2, type: .int))])
    }
}
