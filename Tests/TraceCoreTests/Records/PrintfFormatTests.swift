import Testing
@testable import TraceCore

@Suite struct PrintfFormatTests {
    func render(_ format: String, _ values: [TraceValue]) throws -> String {
        try PrintfFormat.parse(format).render(values)
    }

    @Test func eachConversion() throws {
        #expect(try render("%d|%i|%u|%x|%X|%s|%c|%f", [.int(-42), .int(7), .int(-1), .int(255), .int(255), .string("hi"), .int(65), .int(3)])
                == "-42|7|18446744073709551615|ff|FF|hi|A|3.000000")
        #expect(try render("%c%c", [.int(0x263A), .int(-5)]) == "☺\u{FFFD}")
        #expect(try render("%f", [.int(-12)]) == "-12.000000")
        #expect(try render("%.2f|%.0f", [.int(5), .int(5)]) == "5.00|5")
        #expect(try render("%x", [.int(-1)]) == "ffffffffffffffff")
        // The examples of docs/output.md.
        #expect(try render("%x %X %u", [.int(255), .int(255), .int(-1)]) == "ff FF 18446744073709551615")
        #expect(try render("%c %f", [.int(65), .int(3)]) == "A 3.000000")
    }

    @Test func literalPercentAndText() throws {
        #expect(try render("100%% of %s\n", [.string("calls")]) == "100% of calls\n")
        #expect(try render("no conversions", []) == "no conversions")
        #expect(try PrintfFormat.parse("%%").conversions.isEmpty)
    }

    @Test func widthsAndFlags() throws {
        #expect(try render("[%5d][%-5d][%05d][%-05d]", [.int(42), .int(42), .int(42), .int(42)]) == "[   42][42   ][00042][42   ]")
        #expect(try render("[%06d][%6d]", [.int(-42), .int(-42)]) == "[-00042][   -42]")
        #expect(try render("[%8s][%-8s][%08s]", [.string("abc"), .string("abc"), .string("abc")]) == "[     abc][abc     ][     abc]")
        #expect(try render("[%2s]", [.string("abcdef")]) == "[abcdef]")
        #expect(try render("[%08x][%-4X]", [.int(0xbeef), .int(10)]) == "[0000beef][A   ]")
        #expect(try render("[%3c][%-3c]", [.int(66), .int(66)]) == "[  B][B  ]")
        #expect(try render("[%10.2f][%010.1f]", [.int(-3), .int(7)]) == "[     -3.00][00000007.0]")
    }

    @Test func precision() throws {
        #expect(try render("[%.3s][%-6.2s][%.0s]", [.string("abcdef"), .string("xyz"), .string("gone")]) == "[abc][xy    ][]")
        #expect(try render("[%.5d][%8.3d][%08.3d][%.0d]", [.int(42), .int(-7), .int(7), .int(0)]) == "[00042][    -007][     007][]")
        #expect(try render("[%.4x]", [.int(10)]) == "[000a]")
    }

    @Test func lengthModifiersAreIgnored() throws {
        #expect(try render("%ld %lld %hd %lu %llx", [.int(1), .int(2), .int(3), .int(4), .int(255)]) == "1 2 3 4 ff")
    }

    @Test func missingAndMismatchedValues() throws {
        #expect(try render("%d %s %f [%c] %x", []) == "0  0.000000 [] 0")
        #expect(try render("%d %d %s", [.string("12"), .string("x"), .int(9)]) == "12 0 9")
    }

    @Test func parsedConversions() throws {
        let f = try PrintfFormat.parse("%-10s %05.2d %@x", allowAggregationValue: true)
        #expect(f.conversions == [
            PrintfConversion(kind: .string, leftAlign: true, zeroPad: false, width: 10, precision: nil, expects: .string),
            PrintfConversion(kind: .signed, leftAlign: false, zeroPad: true, width: 5, precision: 2, expects: .int),
            PrintfConversion(kind: .aggregationValue, leftAlign: false, zeroPad: false, width: nil, precision: nil, expects: nil),
        ])
    }

    @Test func errors() {
        #expect(throws: PrintfFormatError(message: "unknown conversion '%q'", offset: 4)) {
            try PrintfFormat.parse("abc %q")
        }
        #expect(throws: PrintfFormatError(message: "unknown conversion '%-10q'", offset: 3)) {
            try PrintfFormat.parse("%d %-10q")
        }
        #expect(throws: PrintfFormatError(message: "incomplete conversion at end of format", offset: 5)) {
            try PrintfFormat.parse("total%")
        }
        #expect(throws: PrintfFormatError(message: "incomplete conversion at end of format", offset: 0)) {
            try PrintfFormat.parse("%-5")
        }
        #expect(throws: PrintfFormatError(message: "'%@' is only allowed in a printa format", offset: 3)) {
            try PrintfFormat.parse("%s %@d")
        }
        // Offsets count Characters, not bytes.
        #expect(throws: PrintfFormatError(message: "unknown conversion '%y'", offset: 2)) {
            try PrintfFormat.parse("é☺%y")
        }
    }

    @Test func aggregationValue() throws {
        let f = try PrintfFormat.parse("%-6s %@d|%8@u|%-5@|\n", allowAggregationValue: true)
        #expect(f.render([.string("read")], aggregationValue: "1234") == "read   1234|    1234|1234 |\n")
        // The key components fill the other conversions; %@ consumes no argument.
        let g = try PrintfFormat.parse("%@d %s %d", allowAggregationValue: true)
        #expect(g.render([.string("a"), .int(3)], aggregationValue: "77") == "77 a 3")
        #expect(g.render([.string("a"), .int(3)]) == " a 3")
        // Integer aggregation values take the conversion after '@'.
        let h = try PrintfFormat.parse("%@x %06@d", allowAggregationValue: true)
        #expect(h.render([], aggregation: .integer(255)) == "ff 000255")
    }
}
