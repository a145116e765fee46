// The entry scanner: what is open and where, a closing bracket that matches nothing, strings and comments, and
// one look at each character however long the entry.
import Testing
@testable import TraceCore

@Suite struct EntryScannerTests {
    @Test func openBracketsAreReportedInnermostWithTheirPositions() {
        let s = EntryScanner.scan("program p {\n  BEGIN { @x = count(\n")
        #expect(!s.isComplete)
        #expect(s.open.map(\.text) == ["{", "{", "("])
        #expect(s.unclosed == EntryProblem(line: 2, column: 21, message: "this '(' is not closed"))
    }

    @Test func aClosingBracketThatMatchesNothingEndsTheEntryThere() {
        let s = EntryScanner.scan("BEGIN { a[1) = 2; }")
        #expect(s.isComplete)
        #expect(s.mismatch == EntryProblem(line: 1, column: 12, message: "')' does not match the '[' opened at 1:10"))
        #expect(EntryScanner.scan("BEGIN { } }").mismatch?.message == "'}' closes nothing")
        #expect(EntryScanner.scan("(getagg x))").mismatch?.column == 11)
    }

    @Test func stringsAndCommentsHideBrackets() {
        #expect(EntryScanner.scan("BEGIN { printf(\"}{)(\"); /* { */ } // {").isComplete)
        let quote = EntryScanner.scan("BEGIN { printf(\"oops); }")
        #expect(quote.unclosed == EntryProblem(line: 1, column: 16, message: "this string is not closed on its line"))
        #expect(EntryScanner.scan("BEGIN { /* }").unclosed?.message == "this comment is not closed ('*/')")
        #expect(EntryScanner.scan("a:b:c:entry").unclosed?.message == "this probe description has no body ('{ … }')")
    }

    @Test func eachCharacterIsLookedAtOnce() {
        let lines = ["program big {"] + (1...10_000).map { "  BEGIN { @n = count(); printf(\"%d\\n\", \($0)); }" } + ["}"]
        var scanner = EntryScanner()
        for (i, line) in lines.enumerated() { scanner.feed(line: line, lineNumber: i + 1) }
        #expect(scanner.isComplete && scanner.mismatch == nil)
        #expect(scanner.charactersVisited <= lines.reduce(0) { $0 + $1.count })
    }

    @Test func fileLinesAcceptCRLFAndABOM() {
        #expect(TextLines.split("\u{FEFF}a\r\nb\r\n\r\nc") == ["a", "b", "", "c"])
        #expect(TextLines.split("a\nb\n") == ["a", "b"])
        #expect(TextLines.split("a\rb") == ["a", "b"])
    }
}
