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

    @Test func integerSuffixesCharacterConstantsAndNull() throws {
        let spec = try LanguageFixture.compile("BEGIN { a = 10u; b = 10UL; c = 5ll; d = 7ULL; e = 1Lu; f = 'D'; g = '\\n'; h = NULL; i = 18446744073709551615ULL; }")
        #expect(spec.clauses[0].body.map { s -> Int64? in
            if case .assign(_, .integer(let v)) = s { return v }
            return nil
        } == [10, 10, 5, 7, 1, 68, 10, 0, -1])
        #expect(LanguageFixture.errors("BEGIN { x = 'ab'; }").contains("a character constant holds one character, as in 'D'"))
        #expect(LanguageFixture.errors("BEGIN { x = 5q; }").contains("invalid suffix 'q' on integer literal (C's u, l, ul, ll, ull, or a duration: ns, us, ms, s)"))
    }

    @Test func histogramsTakeAWeight() throws {
        let spec = try LanguageFixture.compile("""
            lang:book:match:entry { @q = quantize(price, qty); @l = lquantize(price, 0, 100, 10, qty); @ll = llquantize(price, 10, 0, 2, 10, 3); @l4 = lquantize(price, 0, 100, 5); }
            """)
        #expect(spec.clauses[0].body[0] == .aggregate(aggregation: 0, keys: [], arguments: [.argument(index: 1, type: .int), .argument(index: 2, type: .int)]))
        #expect(spec.aggregations[1].function == .lquantize(low: 0, high: 100, step: 10))
        #expect(spec.clauses[0].body[2] == .aggregate(aggregation: 2, keys: [], arguments: [.argument(index: 1, type: .int), .integer(3)]))
        #expect(spec.aggregations[3].function == .lquantize(low: 0, high: 100, step: 5))
        #expect(LanguageFixture.errors(#"lang:gateway:submit:entry { @q = quantize(qty, client); }"#).contains("the weight of 'quantize' must be an integer, not a string"))
    }
}
