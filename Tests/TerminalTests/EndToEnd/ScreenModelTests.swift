// Tests of the screen model itself: the end-to-end tests are only as good as its idea of a terminal.
import TestSupport
import Testing

/// Namespace of the end-to-end tests, so that `swift test --filter TerminalTests.EndToEnd` selects them all.
/// Serialized: its suites run one test at a time (they start threads, processes and signal handlers).
@Suite(.serialized) enum EndToEnd {}

extension EndToEnd {
@Suite("Screen model")
struct ScreenModelTests {
    @Test func printableTextCarriageReturnAndLineFeed() {
        var s = ScreenModel(rows: 4, columns: 20)
        s.feed("hello\r\nworld")
        #expect(s.lines == ["hello", "world", "", ""])
        #expect(s.cursor == .init(row: 1, column: 5))
        // LF alone does not return to the first column.
        s.feed("\nx")
        #expect(s.lines[2] == "     x")
        s.feed("\r\u{8}ab\u{8}\u{8}Z\tT")
        #expect(s.lines[2] == "Zb   x  T")
        #expect(s.cursor == .init(row: 2, column: 9))
    }

    @Test func coloursArePerCell() {
        var s = ScreenModel(rows: 2, columns: 10)
        s.feed("a\u{1B}[31mb\u{1B}[38;5;208;44mc\u{1B}[39md\u{1B}[0me\u{1B}[92mf\u{1B}[mg")
        #expect(s.lines[0] == "abcdefg")
        #expect((0..<7).map { s.cell(row: 0, column: $0).foreground } == [nil, 1, 208, nil, nil, 10, nil])
        #expect((0..<7).map { s.cell(row: 0, column: $0).background } == [nil, nil, 4, 4, nil, nil, nil])
    }

    @Test func wideCharactersAndCombiningMarks() {
        var s = ScreenModel(rows: 3, columns: 10)
        s.feed("価格>1")
        #expect(s.lines[0] == "価格>1")
        #expect(s.cursor.column == 6)
        #expect(s.cell(row: 0, column: 0).text == "価")
        #expect(s.cell(row: 0, column: 1).isContinuation)
        // Combining acute accent joins the e; the emoji takes two cells.
        s.feed("\r\ncafe\u{301}🙂!")
        #expect(s.lines[1] == "cafe\u{301}🙂!")
        #expect(s.cursor.column == 7)
        #expect(s.cell(row: 1, column: 3).text == "e\u{301}")
        // Overwriting the right half of a wide character blanks its left half.
        s.feed("\u{1B}[1;2Hx")
        #expect(s.lines[0] == " x格>1")
        // A wide character that does not fit in the last column wraps, leaving the column blank.
        s.feed("\u{1B}[3;1H123456789価")
        #expect(s.lines[2] == "価")
        #expect(s.lines[1] == "123456789")
        #expect(s.scrollback == [" x格>1"])
        #expect(ScreenModel.width(of: "価格 > 100") == 10)
        #expect(ScreenModel.width(of: "e\u{301}👍") == 3)
    }

    @Test func pendingWrapAtTheRightMargin() {
        var s = ScreenModel(rows: 3, columns: 5)
        s.feed("abcde")
        // Text ending exactly at the margin does not wrap yet.
        #expect(s.cursor == .init(row: 0, column: 4))
        #expect(s.pendingWrap)
        s.feed("\r")
        #expect(s.cursor == .init(row: 0, column: 0))
        #expect(s.lines == ["abcde", "", ""])
        s.feed("\u{1B}[5Gz")  // still at the margin, pending wrap again
        s.feed("\u{1B}[K")    // erase cancels the pending wrap and clears the z
        s.feed("y")
        #expect(s.lines == ["abcdy", "", ""])
        s.feed("f")           // now it wraps
        #expect(s.lines == ["abcdy", "f", ""])
        #expect(s.cursor == .init(row: 1, column: 1))
    }

    @Test func scrollingKeepsScrollback() {
        var s = ScreenModel(rows: 2, columns: 10)
        s.feed("one\r\ntwo\r\nthree\r\nfour")
        #expect(s.scrollback == ["one", "two"])
        #expect(s.lines == ["three", "four"])
        #expect(s.allLines == ["one", "two", "three", "four"])
    }

    @Test func cursorMotionAndErasing() {
        var s = ScreenModel(rows: 4, columns: 10)
        s.feed("aaaaaaaaaa\r\nbbbbbbbbbb\r\ncccccccccc\r\ndddddddddd")
        s.feed("\u{1B}[2A\u{1B}[3D\u{1B}[K")  // up 2, left 3, erase to the end of the line
        #expect(s.lines[1] == "bbbbbb")
        s.feed("\u{1B}[1K")
        #expect(s.lines[1] == "")
        s.feed("\u{1B}[H\u{1B}[2C\u{1B}[1B*")
        #expect(s.lines[1] == "  *")
        s.feed("\u{1B}[3;5H\u{1B}[J")
        #expect(s.lines == ["aaaaaaaaaa", "  *", "cccc", ""])
        s.feed("\u{1B}[3G\u{1B}[1J")
        #expect(s.lines == ["", "", "   c", ""])
        s.feed("\u{1B}[2J")
        #expect(s.lines == ["", "", "", ""])
        #expect(s.cursor == .init(row: 2, column: 2))
        s.feed("\u{1B}[4;3Hxy\u{1B}[2K\u{1B}[B")
        #expect(s.lines[3] == "")
        #expect(s.cursor == .init(row: 3, column: 4))
    }

    @Test func modesAndAttributesAreIgnoredButTracked() {
        var s = ScreenModel(rows: 2, columns: 20)
        s.feed("\u{1B}[?2004h\u{1B}[?2026h\u{1B}[?25l\u{1B}[1;31mred\u{1B}[0m\u{1B}]0;title\u{7}")
        #expect(s.bracketedPasteEnabled)
        #expect(s.inSynchronizedUpdate)
        #expect(!s.cursorVisible)
        s.feed("\u{1B}[?25h\u{1B}[?2026l\u{1B}[?2004l")
        #expect(!s.inSynchronizedUpdate && s.cursorVisible && !s.bracketedPasteEnabled)
        #expect(s.lines[0] == "red")
        #expect(s.unknownSequences.isEmpty)
        // UTF-8 split across two feeds.
        let bytes = Array("価".utf8)
        s.feed(bytes[0..<1]); s.feed(bytes[1...])
        #expect(s.lines[0] == "red価")
    }

    @Test func resizeTruncatesWithoutReflow() {
        var s = ScreenModel(rows: 4, columns: 10)
        s.feed("0123456789\r\nab価\r\nx\r\ny")
        s.resize(rows: 2, columns: 3)
        // The cursor was on row 3: two rows went to the scrollback; the wide character cut in half is blank.
        #expect(s.scrollback == ["0123456789", "ab価"])
        #expect(s.lines == ["x", "y"])
        #expect(s.cursor == .init(row: 1, column: 1))
        s.resize(rows: 3, columns: 6)
        #expect(s.lines == ["x", "y", ""])
        var t = ScreenModel(rows: 2, columns: 4)
        t.feed("ab価")
        t.resize(rows: 2, columns: 3)
        #expect(t.lines == ["ab", ""])
    }
}
}
