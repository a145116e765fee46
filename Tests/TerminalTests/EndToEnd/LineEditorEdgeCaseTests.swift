// End-to-end tests of the situations line editors get wrong: pastes that arrive slowly, with tabs, with other
// line endings, or taller than the window; input split in the middle of a character; the live region together
// with output printed above it, a smaller window, and its end; a multi-line entry recalled from history.
import Foundation
import Glibc
import Synchronization
import Terminal
import TestSupport
import Testing

extension EndToEnd {
@Suite("Line editor edge cases on a pseudo-terminal", .serialized)
struct LineEditorEdgeCaseTests {
    static let braces: @Sendable (String) -> Bool = { entry in
        entry.filter { $0 == "{" }.count <= entry.filter { $0 == "}" }.count
    }

    // MARK: Pastes

    @Test("A paste whose second half arrives a second later is still one entry", .timeLimit(.minutes(1)))
    func slowPasteIsStillOnePaste() throws {
        let s = try EditorSession(setUp: { $0.isComplete = Self.braces })
        defer { s.close() }
        try s.type(Key.pasteStart + "probe a {\r  x = 1\r}\r")
        try s.waitFor("the first half of the paste") {
            $0.nonEmptyLines == ["trace> probe a {", "....>   x = 1", "....> }", "....>"]
        }
        // A pause in the middle of a paste (a slow link, a loaded machine): pacing, not an assertion.
        usleep(1_000_000)
        // Typed, the "}\r" below would submit: the braces balance there. Pasted, it may not.
        try s.type("probe b {\r}\rprobe c {\r}" + Key.pasteEnd)
        let expected = ["trace> probe a {", "....>   x = 1", "....> }", "....> probe b {", "....> }", "....> probe c {", "....> }"]
        // (Found: the editor used to end a paste after 500 ms without its end marker, dropping the newline that
        // ended the part received and handling the rest as typed keys, so "}\r" submitted mid-paste.)
        try s.waitFor("all seven pasted lines as one entry being edited") {
            $0.nonEmptyLines == expected && $0.cursor == .init(row: 6, column: 7)
        }
        #expect(s.events.isEmpty, "an entry was submitted in the middle of the paste")
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("probe a {\n  x = 1\n}\nprobe b {\n}\nprobe c {\n}")])
    }

    @Test("Pasted line endings CR, LF and CRLF each make one line break", .timeLimit(.minutes(1)),
          arguments: ["\r", "\n", "\r\n"])
    func pastedLineEndings(separator: String) throws {
        let s = try EditorSession(setUp: { $0.isComplete = Self.braces })
        defer { s.close() }
        try s.type(Key.pasteStart + ["probe a {", "  x = 1", "}"].joined(separator: separator) + Key.pasteEnd)
        try s.waitFor("three lines") {
            $0.nonEmptyLines == ["trace> probe a {", "....>   x = 1", "....> }"] && $0.cursor == .init(row: 2, column: 7)
        }
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("probe a {\n  x = 1\n}")])
    }

    @Test("A tab in a paste is text, not completion, and the cursor stays where the text ends", .timeLimit(.minutes(1)))
    func pastedTabIsText() throws {
        let calls = Atomic<Int>(0)
        let s = try EditorSession(setUp: { editor in
            editor.completer = { entry, cursor in
                calls.add(1, ordering: .relaxed)
                return Completion(candidates: ["show"], replaceStart: 0)
            }
        })
        defer { s.close() }
        try s.type(Key.pasteStart + "s\tx" + Key.pasteEnd)
        let screen = try s.waitFor("the pasted text") { $0.cursorLine.hasPrefix("trace> s") && $0.cursorLine.hasSuffix("x") }
        #expect(calls.load(ordering: .relaxed) == 0, "a pasted tab ran the completer")
        // Whatever the tab looks like (spaces to the next tab stop, ^I …), the cursor is right after the x.
        #expect(screen.cursor.column == ScreenModel.width(of: screen.cursorLine),
                "the cursor is not at the end of the text the user sees:\n\(screen.dump)")
        // Typing goes where the cursor is shown.
        try s.type("y")
        let after = try s.waitFor("y typed") { $0.cursorLine.hasSuffix("y") }
        #expect(after.cursorLine.hasSuffix("xy"), "the y was not drawn next to the x:\n\(after.dump)")
        try s.type(Key.enter)
        let events = try s.waitForEvents(1)
        #expect(events == [.entry("s\txy")] || events == [.entry("s    xy")] || events == [.entry("s       xy")])
    }

    @Test("A paste taller than the window: the visible rows are its end, and all of it is left in the scrollback",
          .timeLimit(.minutes(1)))
    func pasteTallerThanTheWindow() throws {
        let s = try EditorSession(rows: 10, columns: 40, setUp: { $0.isComplete = Self.braces })
        defer { s.close() }
        let body = (1...25).map { "  line \($0)" }
        let lines = ["probe {"] + body + ["}"]
        try s.type(Key.pasteStart + lines.joined(separator: "\r") + Key.pasteEnd)
        let shown = ["trace> probe {"] + body.map { "....> " + $0 } + ["....> }"]
        try s.waitFor("the last ten lines of the entry, the cursor at its end") {
            $0.lines == Array(shown.suffix(10)) && $0.cursor == .init(row: 9, column: 7)
        }
        // Up: the line above is visible, so the view stays put and the cursor moves up a row (same column).
        // (Found: the view used to scroll with the cursor pinned to the bottom row, hiding the last line.)
        try s.type(Key.up)
        try s.waitFor("the cursor on the line above, the view unchanged") {
            $0.lines == Array(shown.suffix(10)) && $0.cursor == .init(row: 8, column: 7)
        }
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry(lines.joined(separator: "\n"))])
        // All of the submitted entry is left in the scrollback, above the next prompt.
        // (Found: only the rows visible when it was drawn used to be written.)
        let screen = try s.waitForPrompt()
        let left = Array(screen.allLines.suffix(shown.count + 1))
        #expect(left == shown + ["trace>"], "the submitted entry is not all in the scrollback:\n\(left.joined(separator: "\n"))")
    }

    // MARK: Input split across reads

    @Test("A character split across two reads a moment apart is one character", .timeLimit(.minutes(1)))
    func utf8SplitAcrossReads() throws {
        let s = try EditorSession()
        defer { s.close() }
        let bytes = Array("価".utf8)
        try s.pty.send([bytes[0]])
        usleep(300_000)  // pacing: the editor reads the first byte alone, then waits
        try s.pty.send(Array(bytes[1...]) + Array("!".utf8))
        // (Found: the lone first byte used to be dropped after the 50 ms escape timeout, losing the character.)
        let screen = try s.waitFor("the character and the !") { $0.cursorLine.hasSuffix("!") }
        #expect(screen.cursorLine == "trace> 価!", "\(screen.dump)")
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("価!")])
    }

    @Test("An arrow key split after ESC [ is still an arrow key", .timeLimit(.minutes(1)))
    func escapeSequenceSplitAcrossReads() throws {
        // A long escape timeout, so that a loaded machine cannot stretch the pause below past it.
        let s = try EditorSession(configure: { $0.escapeTimeoutMilliseconds = 2000 })
        defer { s.close() }
        try s.type("ab")
        try s.waitForPrompt("ab")
        try s.type("\u{1B}[")
        usleep(20_000)  // pacing: the editor reads "ESC [" alone, well within its escape timeout
        try s.type("D")
        try s.waitFor("the cursor moved left") { $0.cursor.column == 8 && $0.cursorLine == "trace> ab" }
        try s.type("X" + Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("aXb")])
    }

    // MARK: Live region

    @Test("printAbove while a live region is shown: output, then the region, then the prompt", .timeLimit(.minutes(1)))
    func printAboveALiveRegion() throws {
        let s = try EditorSession(rows: 12, columns: 40)
        defer { s.close() }
        try s.type("wat")
        try s.waitForPrompt("wat")
        s.editor.setLiveRegion(["== watch ==", "a 1", "b 2"])
        try s.waitFor("the region above the prompt") {
            $0.nonEmptyLines == ["== watch ==", "a 1", "b 2", "trace> wat"] && $0.cursor == .init(row: 3, column: 10)
        }
        s.editor.printAbove("fired 1")
        s.editor.printAbove("fired 2\nfired 3")
        try s.waitFor("the printed lines above the region") {
            $0.nonEmptyLines == ["fired 1", "fired 2", "fired 3", "== watch ==", "a 1", "b 2", "trace> wat"]
                && $0.cursor == .init(row: 6, column: 10)
        }
        // Only the changed row is rewritten, and the screen shows the new frame.
        s.editor.setLiveRegion(["== watch ==", "a 1", "b 3"])
        try s.waitFor("the new frame") {
            $0.nonEmptyLines == ["fired 1", "fired 2", "fired 3", "== watch ==", "a 1", "b 3", "trace> wat"]
        }
        // A shorter frame leaves no stale rows behind.
        s.editor.setLiveRegion(["== watch =="])
        try s.waitFor("the shorter frame") {
            $0.nonEmptyLines == ["fired 1", "fired 2", "fired 3", "== watch ==", "trace> wat"] && $0.cursor == .init(row: 4, column: 10)
        }
        // Its end leaves the last frame in place; later output goes below it.
        s.editor.setLiveRegion(["== watch ==", "final"])
        s.editor.endLiveRegion()
        s.editor.printAbove("after")
        try s.waitFor("the last frame kept, the output below it") {
            $0.nonEmptyLines == ["fired 1", "fired 2", "fired 3", "== watch ==", "final", "after", "trace> wat"]
                && $0.cursor == .init(row: 6, column: 10)
        }
        try s.type("ch" + Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("watch")])
    }

    @Test("A live region taller than a shrunken window is cut to fit, with a summary row", .timeLimit(.minutes(1)))
    func liveRegionInAShrunkenWindow() throws {
        let s = try EditorSession(rows: 20, columns: 40)
        defer { s.close() }
        let region = (1...10).map { "key \($0) " + String(repeating: "=", count: 25) }
        s.editor.setLiveRegion(region)
        try s.waitFor("the ten region lines and the prompt") {
            $0.nonEmptyLines == region + ["trace>"] && $0.cursor == .init(row: 10, column: 7)
        }
        try s.resize(rows: 8, columns: 20)
        // 8 rows: the prompt and 7 region rows, the last of which summarises the 4 lines that did not fit.
        let fitted = region.prefix(6).map { String($0.prefix(20)) }
        let screen = try s.waitFor("six region lines clipped to 20 columns, a summary and the prompt") {
            Array($0.lines.prefix(6)) == fitted && $0.lines[6].hasPrefix("… 4 more") && $0.lines[7] == "trace>"
                && $0.cursor == .init(row: 7, column: 7)
        }
        #expect(screen.lines.allSatisfy { ScreenModel.width(of: $0) <= 20 })
        try s.type("x" + Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("x")])
    }

    @Test("Ctrl-C and Esc while a live region is shown", .timeLimit(.minutes(1)))
    func interruptAndEscapeWithALiveRegion() throws {
        let s = try EditorSession(rows: 12, columns: 40)
        defer { s.close() }
        s.editor.setLiveRegion(["== watch =="])
        try s.type("abc")
        try s.waitFor("region and prompt") { $0.nonEmptyLines == ["== watch ==", "trace> abc"] }
        try s.type(Key.ctrlC)
        #expect(try s.waitForEvents(1) == [.interrupt])
        // The cancelled line goes above the region, which stays pinned above the new prompt.
        try s.waitFor("the cancelled line above the region") {
            $0.nonEmptyLines == ["trace> abc^C", "== watch ==", "trace>"] && $0.cursor == .init(row: 2, column: 7)
        }
        try s.type(Key.escape)
        #expect(try s.waitForEvents(2) == [.interrupt, .escape])
        // The caller ends the watch on Esc; the frame stays in the scrollback above the next prompt.
        s.editor.endLiveRegion()
        // Type only once the typed text shows, so the prompt waited for below is the one after the entry.
        try s.enter("ok")
        let screen = s.screen
        #expect(screen.nonEmptyLines == ["trace> abc^C", "== watch ==", "trace> ok", "trace>"], "\(screen.dump)")
    }

    // MARK: Multi-line entries and history

    @Test("A typed multi-line entry, recalled from history and edited on its first line", .timeLimit(.minutes(1)))
    func multiLineEntryFromHistory() throws {
        let s = try EditorSession(setUp: { $0.isComplete = Self.braces })
        defer { s.close() }
        try s.type("probe a {" + Key.enter)
        try s.waitFor("a continuation prompt") { $0.cursorLine == "....>" && $0.cursor == .init(row: 1, column: 6) }
        #expect(s.events.isEmpty)
        try s.type("  n += 1" + Key.enter + "}")
        try s.waitFor("three lines") { $0.nonEmptyLines == ["trace> probe a {", "....>   n += 1", "....> }"] }
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("probe a {\n  n += 1\n}")])
        try s.waitForPrompt()
        try s.type(Key.up)
        // Going up, the cursor lands at the end of the entry's first line (a further Up goes to older entries).
        try s.waitFor("the whole entry recalled below the first one, the cursor at the end of its first line") { screen in
            screen.nonEmptyLines.suffix(3) == ["trace> probe a {", "....>   n += 1", "....> }"] && screen.nonEmptyLines.count == 6
                && screen.cursor == .init(row: 3, column: 16)
        }
        try s.type(" // b")
        try s.waitFor("the first line edited, the others intact") {
            $0.nonEmptyLines.suffix(3) == ["trace> probe a { // b", "....>   n += 1", "....> }"]
        }
        try s.type(Key.enter)
        #expect(try s.waitForEvents(2).last == .entry("probe a { // b\n  n += 1\n}"))
    }
}
}
