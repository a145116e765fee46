import TestSupport
import Testing
@testable import Terminal

private func view(_ lines: [(String, String)], cursorLine: Int? = nil, cursorIndex: Int? = nil) -> PromptView {
    let l = lines.map { PromptLine(prompt: $0.0, text: $0.1) }
    let cl = cursorLine ?? l.count - 1
    return PromptView(lines: l, cursorLine: cl, cursorIndex: cursorIndex ?? l[cl].text.count)
}

@Suite struct PromptLayoutTests {
    @Test func continuationLinesGetTheirPrompt() {
        let v = view([("trace> ", "program p {"), ("....> ", "}")], cursorLine: 0, cursorIndex: 3)
        #expect(PromptLayout.layout(v, width: 80) == ScreenLayout(rows: ["trace> program p {", "....> }"], cursorRow: 0, cursorColumn: 10))
    }

    @Test func longLinesWrapByColumns() {
        let v = view([("> ", "abcdefghij")])
        #expect(PromptLayout.layout(v, width: 5) == ScreenLayout(rows: ["> abc", "defgh", "ij"], cursorRow: 2, cursorColumn: 2))
    }

    @Test func aCursorAfterAFullRowGoesToTheNextRow() {
        let v = view([("> ", "abc")])
        #expect(PromptLayout.layout(v, width: 5) == ScreenLayout(rows: ["> abc", ""], cursorRow: 1, cursorColumn: 0))
        let mid = view([("> ", "abcd")], cursorIndex: 3)  // the cursor on the d, which starts the second row
        #expect(PromptLayout.layout(mid, width: 5) == ScreenLayout(rows: ["> abc", "d"], cursorRow: 1, cursorColumn: 0))
    }

    @Test func aWideCharacterThatDoesNotFitMovesToTheNextRow() {
        let v = view([("> ", "a漢字")], cursorIndex: 2)
        #expect(PromptLayout.layout(v, width: 5) == ScreenLayout(rows: ["> a漢", "字"], cursorRow: 1, cursorColumn: 0))
    }

    @Test func combiningMarksAndColouredPromptsTakeNoColumns() {
        let v = view([("\u{1B}[32m>\u{1B}[0m ", "e\u{301}x")])
        #expect(PromptLayout.layout(v, width: 80) == ScreenLayout(rows: ["\u{1B}[32m>\u{1B}[0m e\u{301}x"], cursorRow: 0, cursorColumn: 4))
    }
}

@Suite struct BlockRendererTests {
    /// Feeds frames to a screen model as a terminal would see them.
    struct Harness {
        var renderer = BlockRenderer(width: 40, height: 10)
        var screen = ScreenModel(rows: 10, columns: 40)
        var lastFrame = ""

        mutating func show(live: [String], prompt: PromptView = .none) {
            let c = LiveRegion.compose(live: live, prompt: prompt, rows: screen.rows, columns: screen.columns)
            lastFrame = renderer.update(to: c.layout, width: screen.columns, height: screen.rows)
            screen.feed(lastFrame)
        }

        mutating func printAbove(_ text: String, live: [String], prompt: PromptView = .none) {
            let c = LiveRegion.compose(live: live, prompt: prompt, rows: screen.rows, columns: screen.columns)
            lastFrame = renderer.printAbove(text, then: c.layout, width: screen.columns)
            screen.feed(lastFrame)
        }
    }

    @Test func aFrameIsSynchronizedAndRewritesOnlyChangedRows() {
        var h = Harness()
        let prompt = view([("trace> ", "x")])
        h.show(live: ["a", "b", "c"], prompt: prompt)
        #expect(h.screen.lines[0...3] == ["a", "b", "c", "trace> x"])
        h.show(live: ["a", "B", "c"], prompt: prompt)
        #expect(h.lastFrame == "\u{1B}[?2026h\u{1B}[?25l\u{1B}[2A\rB\u{1B}[K\u{1B}[2B\r\u{1B}[8C\u{1B}[?25h\u{1B}[?2026l")
        #expect(h.screen.lines[0...3] == ["a", "B", "c", "trace> x"])
        #expect(h.screen.cursor == .init(row: 3, column: 8))
    }

    @Test func nothingChangedWritesNothingAndACursorMoveOnlyMovesTheCursor() {
        var h = Harness()
        h.show(live: [], prompt: view([("> ", "abc")]))
        h.show(live: [], prompt: view([("> ", "abc")]))
        #expect(h.lastFrame == "")
        h.show(live: [], prompt: view([("> ", "abc")], cursorIndex: 1))
        #expect(h.lastFrame == "\r\u{1B}[3C")
        #expect(h.screen.cursor == .init(row: 0, column: 3))
    }

    @Test func aShorterBlockClearsWhatIsBelowIt() {
        var h = Harness()
        h.show(live: ["1", "2", "3", "4"])
        h.show(live: ["1"])
        #expect(h.screen.lines[0...4] == ["1", "", "", "", ""])
        #expect(h.screen.cursor == .init(row: 1, column: 0))
    }

    @Test func printedLinesGoAboveTheBlock() {
        var h = Harness()
        let prompt = view([("> ", "cmd")])
        h.show(live: ["live"], prompt: prompt)
        h.printAbove("one\ntwo\n", live: ["live"], prompt: prompt)
        #expect(h.screen.lines[0...3] == ["one", "two", "live", "> cmd"])
        #expect(h.screen.cursor == .init(row: 3, column: 5))
    }

    @Test func aTextFillingTheLastColumnGetsNoStrayErase() {
        // ESC[K in the pending-wrap state would erase the last character on some terminals.
        var h = Harness()
        let full = String(repeating: "x", count: 40)
        h.show(live: [full])
        #expect(!h.lastFrame.contains(full + "\u{1B}[K"))
        #expect(h.screen.lines[0] == full)
    }

    @Test func twoHundredFiftySixColoursAsTerminalsAdvertiseThem() {
        func has(_ term: String?, _ colorTerm: String? = nil, _ noColor: String? = nil) -> Bool {
            ColorSupport.has256Colors(term: term, colorTerm: colorTerm, noColor: noColor)
        }
        #expect(has("xterm-256color") && has("tmux-256color") && has("screen-256color") && has("xterm-direct"))
        #expect(has("xterm", "truecolor") && has("xterm", "24bit") && has("xterm-kitty") && has("alacritty") && has("foot"))
        #expect(!has("xterm") && !has("vt100") && !has("linux") && !has("xterm", "yes") && !has(nil, "truecolor") && !has("dumb", "truecolor"))
        #expect(!has("xterm-256color", nil, "1") && has("xterm-256color", nil, ""))
    }

    @Test func liveLinesAreSplitClippedAndCleanedOfControlCharacters() {
        #expect(LiveRegion.rows(["a\tb\u{07}", "two\nlines", "\u{1B}[1mbold\u{1B}[0m"], width: 5, height: 10)
                == ["a    ", "two", "lines", "\u{1B}[1mbold\u{1B}[0m"])
        // Colours take no columns and survive a clip; a row left coloured is reset; other escapes are dropped whole.
        #expect(LiveRegion.rows(["\u{1B}[38;5;208mabc\u{1B}[34mdefgh", "x\u{1B}[2Ay\u{1B}[Kz\u{1B}", "c1\u{9B}2J"], width: 5, height: 10)
                == ["\u{1B}[38;5;208mabc\u{1B}[34mde\u{1B}[0m", "xyz", "c12J"])
        #expect(LiveRegion.rows(["1", "2", "3", "4"], width: 20, height: 3) == ["1", "2", "… 2 more lines"])
        #expect(LiveRegion.rows(["1", "2"], width: 20, height: 0) == [])
    }

    @Test func aSizeChangeRedrawsTheWholeBlock() {
        var h = Harness()
        h.show(live: ["alpha", "beta"], prompt: view([("> ", "typed")]))
        h.screen.resize(rows: 10, columns: 20)
        h.show(live: ["alpha", "beta"], prompt: view([("> ", "typed")]))
        #expect(h.lastFrame.contains("\u{1B}[J") && h.lastFrame.contains("alpha") && h.lastFrame.contains("beta"))
        #expect(h.screen.lines[0...2] == ["alpha", "beta", "> typed"])
    }
}
