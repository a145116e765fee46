import Testing
@testable import TraceCore

@Suite struct LanguageCompileTests {
    @Test func countByFunction() throws {
        let spec = try LanguageFixture.compile("lang:book:match:entry { @[probefunc] = count(); }")
        #expect(spec.clauses.count == 1)
        #expect(spec.clauses[0].probes == [.sites([LanguageFixture.site("lang:book:match:entry")])])
        #expect(spec.clauses[0].body == [.aggregate(aggregation: 0, keys: [.builtin(.probefunc)], arguments: [])])
        #expect(spec.aggregations == [AggregationDeclaration(name: "", function: .count, keyTypes: [.string])])
        #expect(spec.source == "lang:book:match:entry { @[probefunc] = count(); }")
    }

    @Test func constantFolding() throws {
        let spec = try LanguageFixture.compile(#"BEGIN { x = 1_000 * 3; y = "a" == "a"; z = 5ms; w = 0x10 + (2 > 1 ? 4 : 5); s = strjoin("a", "b"); }"#)
        #expect(spec.clauses[0].body == [
            .assign(.global(slot: 0, type: .int), .integer(3000)),
            .assign(.global(slot: 1, type: .int), .integer(1)),
            .assign(.global(slot: 2, type: .int), .integer(5_000_000)),
            .assign(.global(slot: 3, type: .int), .integer(20)),
            .assign(.global(slot: 4, type: .string), .string("ab")),
        ])
    }

    @Test func namedArgumentsAndPositions() throws {
        let spec = try LanguageFixture.compile("lang:gateway:s*:entry /qty > 10/ { @c[client] = sum(arg2); }")
        let c = spec.clauses[0]
        #expect(c.predicate == .binary(.greater, .argument(index: 2, type: .int), .integer(10)))
        #expect(c.body == [.aggregate(aggregation: 0, keys: [.argument(index: 0, type: .string)], arguments: [.argument(index: 2, type: .int)])])
    }

    @Test func namedArgumentAtDifferentPositions() throws {
        // `side` is book:match's first argument and gateway:submit's second.
        let spec = try LanguageFixture.compile("lang:book:match:entry, lang:gateway:submit:entry { @[side] = count(); }")
        let submit = LanguageFixture.site("lang:gateway:submit:entry")
        #expect(spec.clauses[0].body == [.aggregate(aggregation: 0, keys: [.argument(index: 0, type: .int, perProbe: [submit: 1])], arguments: [])])
    }

    @Test func latencyPattern() throws {
        let source = """
        lang:book:match:entry { self->ts = timestamp; }
        lang:book:match:return /self->ts/ {
            @lat = quantize(timestamp - self->ts);
            self->ts = 0;
        }
        """
        let spec = try LanguageFixture.compile(source)
        #expect(spec.threadLocals == [VariableDeclaration(name: "ts", type: .int)])
        #expect(spec.clauses[1].line == 2)
        #expect(spec.clauses[1].predicate == .threadLocal(slot: 0, type: .int))
        #expect(spec.aggregations[0].function == .quantize)
    }

    @Test func typesFromFirstAssignmentInSourceOrder() throws {
        let spec = try LanguageFixture.compile(#"BEGIN { a = b; } END { b = "x"; c[1, "k"] = strlen(a); this->t = 2; }"#)
        #expect(spec.globals == [VariableDeclaration(name: "a", type: .string), VariableDeclaration(name: "b", type: .string)])
        #expect(spec.arrays == [ArrayDeclaration(name: "c", keyTypes: [.int, .string], valueType: .int)])
        #expect(spec.clauses[1].clauseLocals == [VariableDeclaration(name: "t", type: .int)])
    }

    @Test func specialProbes() throws {
        let spec = try LanguageFixture.compile("BEGIN, END {} tick-1s {} interval:ms:500 {} profile:::tick-10hz {} ERROR {} dtrace:::BEGIN {}")
        #expect(spec.clauses.map(\.probes) == [[.begin, .end], [.tick(nanoseconds: 1_000_000_000)], [.tick(nanoseconds: 500_000_000)],
                                               [.tick(nanoseconds: 100_000_000)], [.error], [.begin]])
    }

    @Test func wrappedProgramBody() throws {
        let spec = try LanguageFixture.compile("{ BEGIN { x = 1; } }")
        #expect(spec.globals.count == 1)
    }

    @Test func histogramsAndAliases() throws {
        let spec = try LanguageFixture.compile("lang:book:match:return { @a = hist(elapsed); @b = lhist(qty, 0, 100, 10); @c = llquantize(elapsed, 10, 0, 6, 20); @d = lquantize(price, 0, 10); @e = stddev(retval); }")
        #expect(spec.aggregations.map(\.function) == [.quantize, .lquantize(low: 0, high: 100, step: 10),
                                                       .llquantize(factor: 10, lowMagnitude: 0, highMagnitude: 6, steps: 20),
                                                       .lquantize(low: 0, high: 10, step: 1), .stddev])
    }

    @Test func actions() throws {
        let spec = try LanguageFixture.compile(#"lang:book:match:entry { @n[side] = count(); printf("%d %s\n", qty, probename); trace(side); printa("%d %@d\n", @n); print(@n); clear(@n); trunc(@n, 3); trunc(@n); exit(0); }"#)
        #expect(spec.clauses[0].body.dropFirst() == [
            .printf(format: "%d %s\n", arguments: [.argument(index: 2, type: .int), .builtin(.probename)]),
            .trace(.argument(index: 0, type: .int)),
            .printa(format: "%d %@d\n", aggregations: [0], withName: false),
            .printa(format: nil, aggregations: [0], withName: true),
            .clear(aggregation: 0),
            .trunc(aggregation: 0, keep: .integer(3)),
            .trunc(aggregation: 0, keep: nil),
            .exit,
        ])
    }

    @Test func ifElseAndCompoundAssignments() throws {
        let spec = try LanguageFixture.compile("lang:book:match:entry { if (side == 1) { n += qty; } else if (side == 2) { n++; } else { n = -1; } }")
        let n = Expression.global(slot: 0, type: .int)
        #expect(spec.clauses[0].body == [
            .ifElse(.binary(.equal, .argument(index: 0, type: .int), .integer(1)),
                    [.assign(.global(slot: 0, type: .int), .binary(.add, n, .argument(index: 2, type: .int)))],
                    [.ifElse(.binary(.equal, .argument(index: 0, type: .int), .integer(2)),
                             [.assign(.global(slot: 0, type: .int), .binary(.add, n, .integer(1)))],
                             [.assign(.global(slot: 0, type: .int), .integer(-1))])]),
        ])
    }

    @Test func predicateWithDivision() throws {
        let spec = try LanguageFixture.compile("lang:book:match:entry /price / 2 > 10/ { @ = count(); }")
        #expect(spec.clauses[0].predicate == .binary(.greater, .binary(.divide, .argument(index: 1, type: .int), .integer(2)), .integer(10)))
    }

    @Test func commentsAndEscapes() throws {
        let spec = try LanguageFixture.compile("// leading\nBEGIN /* inline */ { printf(\"a\\tb\\\"c\\\\\\n\"); } // trailing")
        #expect(spec.clauses[0].body == [.printf(format: "a\tb\"c\\\n", arguments: [])])
    }

    @Test func allowZeroMatches() throws {
        let spec = try LanguageFixture.compile("nosuch:probe:at:all { @ = count(); }", allowZeroMatches: true)
        #expect(spec.clauses[0].probes == [.sites([])])
    }

    @Test func completeness() {
        #expect(TraceLanguage.isComplete("BEGIN { x = 1; }"))
        #expect(!TraceLanguage.isComplete("BEGIN { x = 1;"))
        #expect(!TraceLanguage.isComplete("lang:book:match:entry /side == 1/"))
        #expect(!TraceLanguage.isComplete("lang:book:match:entry /side"))
        #expect(TraceLanguage.isComplete("lang:book:match:entry /side == 1/ { }"))
        #expect(!TraceLanguage.isComplete("BEGIN { printf(\"{"))
        #expect(TraceLanguage.isComplete("BEGIN { printf(\"{\"); }"))
        #expect(!TraceLanguage.isComplete("BEGIN { /* } "))
        #expect(TraceLanguage.isComplete("BEGIN { // }\n }"))
        #expect(!TraceLanguage.isComplete("(define-program x ((:entry a:b)"))
        #expect(TraceLanguage.isComplete("(getvar :x) ; ("))
        #expect(TraceLanguage.isComplete("load /tmp/x.d"))
        #expect(TraceLanguage.isComplete("probes"))
        #expect(TraceLanguage.isComplete(""))
        #expect(!TraceLanguage.isComplete("program p {"))
        #expect(!TraceLanguage.isComplete("BEGIN { a[1"))
    }

    @Test func completionNames() {
        #expect(TraceLanguage.builtinNames.contains("probefunc"))
        #expect(TraceLanguage.builtinNames.contains("arg0"))
        #expect(TraceLanguage.functionNames.contains("printf"))
        #expect(TraceLanguage.functionNames.contains("lquantize"))
        #expect(TraceLanguage.functionNames.contains("strjoin"))
    }
}
