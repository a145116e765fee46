// printf as the Dynamic Tracing Guide documents it (C's printf): the `+`, ` ` and `#` flags, `*` widths and
// precisions taken from the arguments, `%e %g %f` of integer values, `%o`, `%p`, and `%@` with flags in printa.
import Testing
@testable import TraceCore

@Suite struct PrintfFlagsTests {
    func render(_ format: String, _ values: [TraceValue]) throws -> String {
        try PrintfFormat.parse(format).render(values)
    }

    @Test func signAndAlternateFlags() throws {
        #expect(try render("%+d %+d % d % d %+ d", [.int(5), .int(-5), .int(5), .int(-5), .int(7)]) == "+5 -5  5 -5 +7")
        #expect(try render("%#x %#X %#o %#x %o", [.int(255), .int(255), .int(8), .int(0), .int(8)]) == "0xff 0XFF 010 0 10")
        #expect(try render("%#010x|%+06d|%-+6d|", [.int(255), .int(42), .int(42)]) == "0x000000ff|+00042|+42   |")
    }

    @Test func starWidthAndPrecisionComeFromTheArguments() throws {
        #expect(try render("[%*d]", [.int(6), .int(42)]) == "[    42]")
        #expect(try render("[%-*d]", [.int(6), .int(42)]) == "[42    ]")
        #expect(try render("[%*d]", [.int(-6), .int(42)]) == "[42    ]")        // a negative width left-aligns
        #expect(try render("[%.*s]", [.int(3), .string("abcdef")]) == "[abc]")
        #expect(try render("[%*.*s]", [.int(5), .int(2), .string("abcdef")]) == "[   ab]")
        #expect(try PrintfFormat.parse("%*d %.*s").argumentTypes == [.int, .int, .int, .string])
    }

    @Test func floatingConversionsOfIntegers() throws {
        #expect(try render("%f %.2f %e %.3E %g %g", [.int(3), .int(-7), .int(1234567), .int(42), .int(100000), .int(1234567)])
                == "3.000000 -7.00 1.234567e+06 4.200E+01 100000 1.23457e+06")
    }

    @Test func pointers() throws {
        #expect(try render("%p %p", [.int(0x7fff_1234), .int(0)]) == "0x7fff1234 0x0")
    }

    @Test func aggregationValueWithFlags() throws {
        let f = try PrintfFormat.parse("%-6s|%+8@d|%-8@d|%#@x", allowAggregationValue: true)
        #expect(f.render([.string("k")], aggregation: .integer(42)) == "k     |     +42|42      |0x2a")
    }

    @Test func theCheckerCountsStarArguments() {
        #expect(LanguageFixture.errors(#"BEGIN { printf("%*d\n", 5); }"#).contains(
            "the format takes 2 arguments, counting each '*' width and precision, but printf got 1 after it"))
        #expect(LanguageFixture.errors(#"BEGIN { printf("%.*s\n", "x", "y"); }"#).contains(
            "the '*' of conversion '%s' expects an integer, but this argument is a string"))
        #expect(LanguageFixture.errors(#"BEGIN { printf("%*d %.*s %+#x %p %e\n", 5, 42, 2, "abc", 255, 1, 2); }"#) == "")
    }
}
