// End-to-end tests of rendering at the edges of the window: a prompt line that wraps as the window narrows and
// widens, output printed above that is wider than the window, live-region rows exactly as wide as the window.
import Foundation
import Glibc
import Terminal
import Testing

extension EndToEnd {
@Suite("Line editor rendering at the window's edges", .serialized)
struct LineEditorRenderingTests {

    @Test("A typed line rewraps as the window narrows and widens, leaving no stale rows", .timeLimit(.minutes(1)))
    func promptLineRewrapsOnResize() throws {
        let s = try EditorSession(rows: 24, columns: 40)
        defer { s.close() }
        let text = "0123456789abcdefghijklmnopqrst"  // 30 characters: 37 columns with the prompt
        try s.type(text)
        try s.waitForPrompt(text)
        try s.resize(rows: 24, columns: 20)
        try s.waitFor("two rows at 20 columns") {
            $0.nonEmptyLines == ["trace> 0123456789abc", "defghijklmnopqrst"] && $0.cursor == .init(row: 1, column: 17)
        }
        try s.resize(rows: 24, columns: 15)
        try s.waitFor("three rows at 15 columns") {
            $0.nonEmptyLines == ["trace> 01234567", "89abcdefghijklm", "nopqrst"] && $0.cursor == .init(row: 2, column: 7)
        }
        // Moving to the start of the entry crosses two row boundaries.
        try s.type(Key.ctrlA)
        try s.waitFor("the cursor after the prompt") { $0.cursor == .init(row: 0, column: 7) }
        try s.type(Key.ctrlE)
        try s.waitFor("the cursor at the end again") { $0.cursor == .init(row: 2, column: 7) }
        try s.resize(rows: 24, columns: 60)
        try s.waitFor("one row at 60 columns, the rows below cleared") {
            $0.nonEmptyLines == ["trace> " + text] && $0.cursor == .init(row: 0, column: 37)
        }
        try s.type("!" + Key.enter)
        #expect(try s.waitForEvents(1) == [.entry(text + "!")])
    }

    @Test("Output wider than the window wraps above the prompt without breaking it", .timeLimit(.minutes(1)))
    func printAboveWiderThanTheWindow() throws {
        let s = try EditorSession(rows: 12, columns: 20)
        defer { s.close() }
        try s.type("hi")
        try s.waitForPrompt("hi")
        s.editor.printAbove(String(repeating: "ab", count: 15))       // 30 columns
        s.editor.printAbove(String(repeating: "価", count: 15))       // 30 columns, 10 characters a row
        s.editor.printAbove(String(repeating: "x", count: 20) + "\n")  // exactly the width, a final newline
        s.editor.printAbove("a\tb")
        try s.waitFor("the output wrapped above and the prompt line intact") {
            $0.nonEmptyLines == [
                "abababababababababab", "ababababab",
                String(repeating: "価", count: 10), String(repeating: "価", count: 5),
                String(repeating: "x", count: 20),
                "a       b",
                "trace> hi",
            ] && $0.cursor == .init(row: 6, column: 9)
        }
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("hi")])
    }

    @Test("Live-region rows exactly as wide as the window, and clipped wide characters", .timeLimit(.minutes(1)))
    func liveRegionRowsAtTheRightMargin() throws {
        let s = try EditorSession(rows: 12, columns: 20)
        defer { s.close() }
        try s.type("w")
        try s.waitForPrompt("w")
        let full = String(repeating: "x", count: 20)
        let wide = String(repeating: "価", count: 10)
        // 21 columns: the 10th wide character does not fit and must not be split or wrapped.
        let over = "a" + String(repeating: "格", count: 10)
        s.editor.setLiveRegion([full, wide, over])
        try s.waitFor("three region rows, each on its own row, then the prompt") {
            $0.nonEmptyLines == [full, wide, "a" + String(repeating: "格", count: 9), "trace> w"]
                && $0.cursor == .init(row: 3, column: 8)
        }
        s.editor.setLiveRegion([String(repeating: "z", count: 20), wide, "b"])
        try s.waitFor("the changed rows rewritten") {
            $0.nonEmptyLines == [String(repeating: "z", count: 20), wide, "b", "trace> w"]
                && $0.cursor == .init(row: 3, column: 8)
        }
        try s.type("x" + Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("wx")])
    }

    @Test("Coloured live-region rows take the columns of their text; no colour reaches the next row or the prompt",
          .timeLimit(.minutes(1)))
    func colouredLiveRegionRows() throws {
        let s = try EditorSession(rows: 12, columns: 20)
        defer { s.close() }
        try s.type("w")
        try s.waitForPrompt("w")
        let orange = "\u{1B}[38;5;208m", blue = "\u{1B}[34m", reset = "\u{1B}[0m"
        // 20 columns of text and three colour changes: exactly the window's width, not clipped.
        let full = "ab" + orange + "cdefgh" + blue + "ijklmnop" + reset + "qrst"
        // 25 columns: clipped after 20 like plain text, its colour not left on.
        let over = orange + String(repeating: "x", count: 10) + blue + String(repeating: "y", count: 15)
        // Any other escape sequence (here a cursor motion) is dropped: it would move what follows.
        let moving = "left\u{1B}[5Dright"
        s.editor.setLiveRegion([full, over, moving])
        let screen = try s.waitFor("three rows, each on its own row, then the prompt") {
            $0.nonEmptyLines == ["abcdefghijklmnopqrst", "xxxxxxxxxxyyyyyyyyyy", "leftright", "trace> w"]
                && $0.cursor == .init(row: 3, column: 8)
        }
        func colours(_ row: Int, _ n: Int) -> [Int?] { (0..<n).map { screen.cell(row: row, column: $0).foreground } }
        #expect(colours(0, 20) == [nil, nil] + Array(repeating: 208, count: 6) + Array(repeating: 4, count: 8) + Array(repeating: nil, count: 4))
        #expect(colours(1, 20) == Array(repeating: 208, count: 10) + Array(repeating: 4, count: 10))
        #expect(colours(2, 9) == Array(repeating: nil, count: 9))
        #expect(colours(3, 8) == Array(repeating: nil, count: 8))
        // An unchanged coloured row is not rewritten; a changed one is, in its new colours.
        s.editor.setLiveRegion([full, blue + String(repeating: "z", count: 20), moving])
        let next = try s.waitFor("the second row rewritten") { $0.lines[1] == String(repeating: "z", count: 20) }
        #expect((0..<20).allSatisfy { next.cell(row: 1, column: $0).foreground == 4 } && next.lines[0] == "abcdefghijklmnopqrst")
        try s.type("x")
        let typed = try s.waitFor("the typed character") { $0.lines[3] == "trace> wx" }
        #expect(typed.cell(row: 3, column: 8).foreground == nil)
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("wx")])
    }
}
}
