// C types as D scripts use them: casts truncate and sign-extend as C does on 64-bit values, declarations
// fix a variable's type (and narrow what is stored), declared-size arrays check their index, and string
// assignments are expressions like integer ones.
import Testing
@testable import TraceCore

@Suite(.serialized) struct CTypeTests {
    let service = TestService("ctype")

    /// Runs `source` as program `name`, fires `tick` once with n = 1, returns the printed text.
    func run(_ name: String, _ source: String) throws -> [String] {
        let spec = try TraceLanguage.compile(name: name, source: source)
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete(name) }
        _ = drainedText(name)
        service.tick.fire(1)
        return drainedText(name)
    }

    @Test func castsTruncateAndExtendTheSignAsC() throws {
        let text = try run("ctype_casts", """
            ctype:loop:step:tick {
                big = 4294967297 + n * 255;
                printf("%d %d %d %d %d\\n", (int)big, (char)big, (uint8_t)big, (unsigned short)-1, (long long)big);
                printf("%d %d %d\\n", (int64_t)-5, (uint32_t)-1, (signed char)200);
            }
            """)
        #expect(text == ["256 0 0 65535 4294967552\n", "-5 4294967295 -56\n"])
        let folded = try LanguageFixture.compile("BEGIN { x = (int)4294967295; y = (uint8_t)300; }")
        #expect(folded.clauses[0].body == [.assign(.global(slot: 0, type: .int), .integer(-1)),
                                           .assign(.global(slot: 1, type: .int), .integer(44))])
    }

    @Test func unsigned64BitOperandsMakeComparisonsDivisionAndShiftsUnsigned() throws {
        // C's usual arithmetic conversions: unsigned if either operand is unsigned 64-bit (a cast, a declared
        // variable, a literal of that type); n is 1 at run time, so nothing here is folded but the first line.
        let text = try run("ctype_unsigned", """
            uint64_t big;
            ctype:loop:step:tick {
                big = 0 - n;
                printf("%d %d %d %d\\n", (uint64_t)-1 > 0, (uint64_t)-1 / 2, big > n, big % 10);
                printf("%d %d %d %d\\n", -n > 0, -n / 2, (uint64_t)(0 - n) >> 60, (uint64_t)(0 - n) / 2);
                printf("%d %d %d %d\\n", 18446744073709551615ULL > n, 0xffffffffffffffff >= n, 1ul - 2 < n, (size_t)-n >= big);
                printf("%d %d\\n", (uint32_t)-n > n, -n >> 60);
            }
            """)
        #expect(text == ["1 9223372036854775807 1 5\n", "0 0 15 9223372036854775807\n", "1 1 0 1\n", "1 -1\n"])
    }

    @Test func castErrorsSayWhatIsWrong() throws {
        #expect(LanguageFixture.errors(#"lang:gateway:submit:entry { x = (int)client; }"#).contains("cannot cast a string to 'int'; only integers convert to integer types"))
        #expect(LanguageFixture.errors("BEGIN { x = (string)5; }").contains("convert an integer with str(x)"))
        #expect(LanguageFixture.errors("BEGIN { x = (char *)5; }").contains("pointer casts read memory"))
        #expect(LanguageFixture.errors("BEGIN { x = (short long)5; }").contains("'short long' is not a C type"))
        #expect(try LanguageFixture.compile(#"lang:gateway:submit:entry { s = (string)client; }"#).globals == [VariableDeclaration(name: "s", type: .string)])
    }

    @Test func declarationsFixTypesAndNarrowStores() throws {
        let text = try run("ctype_decl", """
            uint8_t small;
            int count;
            string last;
            self int depth;
            this string note;
            ctype:loop:step:tick {
                small = 300; count = 2147483647; count++;
                this->note = "seen"; self->depth = n;
                printf("%d %d [%s] %s %d\\n", small, count, last, this->note, self->depth);
            }
            """)
        #expect(text == ["44 -2147483648 [] seen 1\n"])
    }

    @Test func declarationErrors() {
        #expect(LanguageFixture.errors("int x;\nBEGIN { x = \"a\"; }").contains("cannot assign a string to 'x', which holds an integer (declared 'int' at 1:5)"))
        #expect(LanguageFixture.errors("int x;\nstring x;\nBEGIN { }").contains("2:8: 'x' is already declared (at 1:5)"))
        #expect(LanguageFixture.errors("int x = 5;\nBEGIN { }").contains("a D declaration takes no value; assign it in a clause, as in BEGIN { x = …; }"))
        #expect(LanguageFixture.errors("BEGIN { int x; x = 1; }").contains("declarations go outside the clauses in D"))
        #expect(LanguageFixture.errors("self int a[4];\nBEGIN { }").contains("only global arrays can be declared"))
        #expect(LanguageFixture.errors("int a[0];\nBEGIN { }").contains("an array has 1 to 65536 elements, not 0"))
    }

    @Test func declaredSizeArraysCheckTheirIndexAtRunTime() throws {
        let spec = try TraceLanguage.compile(name: "ctype_array", source: """
            int a[3];
            ctype:loop:step:tick { a[n - 1] = n * 10; }
            ctype:loop:step:tick /n == 3/ { printf("%d %d %d %d\\n", a[0], a[1], a[2], a[n]); }
            ctype:loop:step:tick /n == 3/ { printf("after\\n"); }
            ERROR { printf("ERROR clause %d fault %d value %d: %s\\n", arg1, arg4, arg5, message); }
            """)
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("ctype_array") }
        _ = TraceRuntime.shared.drainOutput(program: "ctype_array")
        for n in 1...4 { service.tick.fire(n) }
        let records = TraceRuntime.shared.drainOutput(program: "ctype_array")
        let texts = records.compactMap { r -> String? in if case .text(let t) = r.kind { return t }; return nil }
        let errors = records.compactMap { r -> String? in if case .error(let t) = r.kind { return t }; return nil }
        // n = 3 reads a[3]: the clause stops, ERROR fires with DTRACEFLT_BADADDR and the index; n = 4 writes a[3].
        #expect(texts == ["ERROR clause 2 fault 1 value 3: index 3 is out of range for an array of 3 elements (0 to 2)\n", "after\n",
                          "ERROR clause 1 fault 1 value 3: index 3 is out of range for an array of 3 elements (0 to 2)\n"])
        #expect(errors.first == "error: program 'ctype_array' clause 2 (ctype:loop:step:tick): index 3 is out of range for an array of 3 elements (0 to 2)")
        #expect(LanguageFixture.errors("int a[3];\nBEGIN { a[3] = 1; }").contains("2:11: index 3 is out of range for 'a', an array of 3 elements (0 to 2)"))
        #expect(LanguageFixture.errors("int a[3];\nBEGIN { a[1, 2] = 1; }").contains("'a' is an array of 3 elements (declared at 1:5); index it with one integer, as in a[0]"))
    }

    @Test func declaredAssociativeArraysTakeTheirKeyTypes() throws {
        let spec = try LanguageFixture.compile("int seen[string, int];\nlang:gateway:submit:entry { seen[client, side]++; }")
        #expect(spec.arrays == [ArrayDeclaration(name: "seen", keyTypes: [.string, .int], valueType: .int)])
    }

    @Test func stringAssignmentsAreExpressions() throws {
        let text = try run("ctype_strassign", """
            ctype:loop:step:tick { printf("%s|%s|%d\\n", (s = "first"), s, strlen(t = strjoin(s, "!"))); printf("%s\\n", t); }
            """)
        #expect(text == ["first|first|6\n", "first!\n"])
        #expect(LanguageFixture.errors(#"BEGIN { x = 1; y = (x = "a"); }"#).contains("cannot assign a string to 'x', which holds an integer"))
    }
}
