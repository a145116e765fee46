// End-to-end tests of the line editor: it runs on a pseudo-terminal, keystrokes go in as bytes, and the
// assertions are about what a user would see on the screen (exact rows and cursor position) and about the
// events `readEvent()` returned.
import Foundation
import Glibc
import Synchronization
import Terminal
import TestSupport
import Testing

extension EndToEnd {
@Suite("Line editor on a pseudo-terminal", .serialized)
struct LineEditorTests {

    // MARK: Wide characters

    @Test(.timeLimit(.minutes(1)))
    func editingInTheMiddleOfAWideCharacterLine() throws {
        let s = try EditorSession()
        defer { s.close() }
        try s.type("価格 > 100")
        try s.waitForPrompt("価格 > 100")  // 7 + 4 + 6 = column 17
        // Six characters left: the cursor is after 格, which ends at column 7 + 4.
        try s.type(String(repeating: Key.left, count: 6))
        try s.waitFor("the cursor after 格 at column 11") {
            $0.cursorLine == "trace> 価格 > 100" && $0.cursor.column == 11
        }
        try s.type("値")
        var screen = try s.waitFor("値 inserted after 格, cursor at column 13") {
            $0.cursorLine == "trace> 価格値 > 100" && $0.cursor.column == 13
        }
        #expect(screen.cell(row: screen.cursor.row, column: 11).text == "値")
        #expect(screen.cell(row: screen.cursor.row, column: 12).isContinuation)
        // Three characters left over the wide ones reaches the start of the entry.
        try s.type(Key.left + Key.left + Key.left)
        try s.waitFor("the cursor at the start of the entry") {
            $0.cursorLine == "trace> 価格値 > 100" && $0.cursor.column == 7
        }
        try s.type("(" + Key.ctrlE + ")")
        try s.waitForPrompt("(価格値 > 100)")
        // Backspace in the middle removes a whole wide character (two columns).
        try s.type(String(repeating: Key.left, count: 8) + Key.backspace)
        screen = try s.waitFor("格 deleted, the cursor after 価") {
            $0.cursorLine == "trace> (価値 > 100)" && $0.cursor.column == 10
        }
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("(価値 > 100)")])
        screen = try s.waitForPrompt()
        #expect(screen.lines[screen.cursor.row - 1] == "trace> (価値 > 100)")
    }

    @Test(.timeLimit(.minutes(1)))
    func combiningMarksAndEmojiTakeTheirDisplayWidth() throws {
        let s = try EditorSession()
        defer { s.close() }
        // e + COMBINING ACUTE ACCENT is one column; 🙂 is two.
        try s.type("cafe\u{301} 🙂 ok")
        try s.waitForPrompt("cafe\u{301} 🙂 ok")  // 7 + 4 + 1 + 2 + 3 = column 17
        try s.type(Key.left + Key.left + Key.left)
        try s.waitFor("the cursor on the space after 🙂, column 14") { $0.cursor.column == 14 }
        try s.type(Key.left)
        try s.waitFor("the cursor on 🙂, column 12") { $0.cursor.column == 12 }
        try s.type(Key.left + Key.left)
        try s.waitFor("the cursor on é (one grapheme, one column), column 10") { $0.cursor.column == 10 }
        // Ctrl-D deletes the whole grapheme: the e and its accent.
        try s.type(Key.ctrlD)
        try s.waitFor("é deleted") { $0.cursorLine == "trace> caf 🙂 ok" && $0.cursor.column == 10 }
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("caf 🙂 ok")])
    }

    // MARK: The right margin

    @Test(.timeLimit(.minutes(1)))
    func textEndingExactlyAtTheRightMarginAndAWideCharacterThatDoesNotFit() throws {
        let s = try EditorSession(rows: 10, columns: 20)
        defer { s.close() }
        // "trace> " is 7 columns: 13 more fill the row exactly.
        try s.type("abcdefghijklm")
        try s.waitFor("a full first row and the cursor at the start of the second row") {
            $0.lines[0] == "trace> abcdefghijklm" && $0.lines[1] == "" && $0.cursor == .init(row: 1, column: 0)
        }
        try s.type("n")
        try s.waitFor("n alone on the second row") {
            $0.lines[0] == "trace> abcdefghijklm" && $0.lines[1] == "n" && $0.cursor == .init(row: 1, column: 1)
        }
        try s.type(Key.backspace + Key.backspace)
        try s.waitFor("the second row empty and the cursor in the last column of the first") {
            $0.lines[0] == "trace> abcdefghijkl" && $0.lines[1] == "" && $0.cursor == .init(row: 0, column: 19)
        }
        // 価 needs two columns but one is left: it goes to the next row, the last column stays blank.
        try s.type("価")
        try s.waitFor("価 on the second row") {
            $0.lines[0] == "trace> abcdefghijkl" && $0.lines[1] == "価" && $0.cursor == .init(row: 1, column: 2)
        }
        try s.type(Key.left)
        try s.waitFor("the cursor before 価, at the start of the second row") { $0.cursor == .init(row: 1, column: 0) }
        try s.type(Key.ctrlA)
        try s.waitFor("the cursor after the prompt") { $0.cursor == .init(row: 0, column: 7) }
        try s.type("X")
        try s.waitFor("X inserted, 価 still alone on the second row") {
            $0.lines[0] == "trace> Xabcdefghijkl" && $0.lines[1] == "価" && $0.cursor == .init(row: 0, column: 8)
        }
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("Xabcdefghijkl価")])
        let screen = try s.waitForPrompt()
        #expect(Array(screen.lines.prefix(3)) == ["trace> Xabcdefghijkl", "価", "trace>"])
        #expect(screen.cursor == .init(row: 2, column: 7))
    }

    // MARK: Bracketed paste

    @Test(.timeLimit(.minutes(1)))
    func aPastedMultiLineBlockIsOneEntry() throws {
        let isComplete: @Sendable (String) -> Bool = { entry in
            entry.filter { $0 == "{" }.count <= entry.filter { $0 == "}" }.count
        }
        let s = try EditorSession(setUp: { $0.isComplete = isComplete })
        defer { s.close() }
        let bracketedPasteEnabled = s.screen.bracketedPasteEnabled
        #expect(bracketedPasteEnabled, "the editor should turn on bracketed paste mode (ESC[?2004h)")
        // A terminal sends pasted newlines as CR. After the third line the braces balance: typed, Enter would
        // submit there; pasted, nothing may run until the paste is over.
        try s.type(Key.pasteStart + "probe a {\r  x = 1\r}\r")
        try s.waitFor("the first three pasted lines") {
            $0.nonEmptyLines == ["trace> probe a {", "....>   x = 1", "....> }", "....>"]
                && $0.cursor == .init(row: 3, column: 6)
        }
        #expect(s.events.isEmpty, "an entry was returned in the middle of a paste")
        try s.type("probe b {\r}" + Key.pasteEnd)
        try s.waitFor("the five pasted lines, the cursor at the end") {
            $0.nonEmptyLines == ["trace> probe a {", "....>   x = 1", "....> }", "....> probe b {", "....> }"]
                && $0.cursor == .init(row: 4, column: 7)
        }
        #expect(s.events.isEmpty, "an entry was returned before Enter")
        try s.type(Key.enter)
        try s.waitForEvents(1)
        let screen = try s.waitForPrompt()
        #expect(s.events == [.entry("probe a {\n  x = 1\n}\nprobe b {\n}")])
        #expect(screen.nonEmptyLines == ["trace> probe a {", "....>   x = 1", "....> }", "....> probe b {", "....> }", "trace>"])
    }

    // MARK: History search

    @Test(.timeLimit(.minutes(1)))
    func ctrlRFindsAnOldEntry() throws {
        let s = try EditorSession()
        defer { s.close() }
        try s.enter("show @old")
        try s.enter("programs")
        try s.enter("help watch")
        try s.type(Key.ctrlR)
        try s.waitFor("a reverse search prompt") { $0.cursorLine.lowercased().contains("search") }
        // Incremental: "o" finds the most recent entry with an o, "ol" the older one.
        try s.type("o")
        try s.waitFor("the search for \"o\" showing \"programs\"") {
            $0.cursorLine.lowercased().contains("search") && $0.cursorLine.contains("o") && $0.cursorLine.contains("programs")
        }
        try s.type("l")
        let found = try s.waitFor("the search for \"ol\" showing \"show @old\"") {
            $0.cursorLine.lowercased().contains("search") && $0.cursorLine.contains("ol") && $0.cursorLine.contains("show @old")
        }
        #expect(!found.cursorLine.contains("programs"))
        try s.type(Key.enter)
        let events = try s.waitForEvents(4)
        #expect(events == [.entry("show @old"), .entry("programs"), .entry("help watch"), .entry("show @old")])
        let screen = try s.waitForPrompt()
        // The accepted line is left on the screen with the normal prompt, the search prompt gone.
        #expect(screen.lines[screen.cursor.row - 1] == "trace> show @old")
        #expect(!screen.text.lowercased().contains("search"))
    }

    // MARK: Completion

    static let commands = ["help", "probes", "program", "programs", "save", "set", "show", "sleep", "stack", "status", "stop", "sum"]
    static let completer: @Sendable (String, Int) -> Completion = { entry, cursor in
        let characters = Array(entry)
        let head = String(characters[0..<min(cursor, characters.count)])
        let wordStart = head.lastIndex(of: " ").map { head.distance(from: head.startIndex, to: $0) + 1 } ?? 0
        let prefix = String(characters[wordStart..<min(cursor, characters.count)])
        return Completion(candidates: commands.filter { $0.hasPrefix(prefix) }, replaceStart: wordStart)
    }

    @Test(.timeLimit(.minutes(1)))
    func tabListsCandidatesInColumnsAndInsertsASingleOne() throws {
        let s = try EditorSession(setUp: { $0.completer = Self.completer })
        defer { s.close() }
        let candidates = ["save", "set", "show", "sleep", "stack", "status", "stop", "sum"]
        // Several candidates, no common prefix beyond "s": the first Tab inserts nothing.
        try s.type("s" + Key.tab)
        try s.waitForPrompt("s")
        try s.type(Key.tab)
        let screen = try s.waitFor("the eight candidates listed and the prompt redrawn under them") { screen in
            let words = screen.lines.flatMap { $0.split(separator: " ").map(String.init) }
            return candidates.allSatisfy { words.contains($0) }
                && screen.cursorLine == "trace> s" && screen.cursor.column == 8
        }
        let listing = screen.lines[..<screen.cursor.row].filter { line in
            line.split(separator: " ").contains { candidates.contains(String($0)) }
        }
        let listed = listing.flatMap { $0.split(separator: " ").map(String.init) }
        #expect(listed.sorted() == candidates, "each candidate once")
        #expect(listing.count < candidates.count, "the candidates are listed in columns, not one per row: \(listing)")
        #expect(listing.allSatisfy { !$0.hasPrefix("trace>") }, "the listing has rows of its own")
        // Candidates in a column start at the same column.
        if listing.count > 1 {
            let starts = listing.map { row in Set(Self.wordStarts(row)) }
            #expect(starts.dropFirst().allSatisfy { $0.isSubset(of: starts[0]) || starts[0].isSubset(of: $0) },
                    "columns are aligned: \(listing)")
        }

        // The common prefix of program/programs is inserted; the entry is still ambiguous.
        try s.type(Key.ctrlU + "progr" + Key.tab)
        try s.waitForPrompt("program")
        try s.type(Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("program")])
        try s.waitForPrompt()

        // A single candidate is inserted whole.
        try s.type("he" + Key.tab)
        try s.waitFor("help inserted") {
            $0.cursorLine == "trace> help" && ($0.cursor.column == 11 || $0.cursor.column == 12)
        }
        try s.type(Key.enter)
        let events = try s.waitForEvents(2)
        #expect(events.last == .entry("help") || events.last == .entry("help "))
    }

    static func wordStarts(_ row: String) -> [Int] {
        var starts: [Int] = []
        var column = 0
        var previous: Character = " "
        for ch in row {
            if ch != " " && previous == " " { starts.append(column) }
            column += ScreenModel.width(of: String(ch))
            previous = ch
        }
        return starts
    }

    // MARK: Live region and resize

    @Test(.timeLimit(.minutes(1)))
    func resizeWhileALiveRegionRefreshes() throws {
        let s = try EditorSession(rows: 24, columns: 60)
        defer { s.close() }
        try s.type("watch @lat")
        try s.waitForPrompt("watch @lat")
        let editor = UncheckedBox(s.editor)
        let frame = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let stopped = Atomic<Bool>(false)
        @Sendable func region(_ n: Int) -> [String] {
            [
                "frame \(n): program lat, 1234 firings/s, 0 drops here",
                "  @lat[read]        \(String(repeating: "#", count: 30))",
                "  … 37 more keys",
            ]
        }
        let refresher = Thread {
            defer { stopped.store(true, ordering: .releasing) }
            var n = 0
            while !stop.load(ordering: .acquiring) {
                n += 1
                editor.value.setLiveRegion(region(n))
                frame.store(n, ordering: .releasing)
                usleep(5_000)
            }
        }
        refresher.start()
        defer {
            stop.store(true, ordering: .releasing)
            _ = waitUntil(timeout: .seconds(10)) { stopped.load(ordering: .acquiring) }
        }
        try s.waitFor("the live region above the prompt, 60 columns wide") { screen in
            let r = screen.cursor.row
            return r >= 3 && screen.lines[r - 3].hasPrefix("frame ") && screen.lines[r - 2] == region(0)[1]
                && screen.lines[r - 1] == region(0)[2] && screen.cursorLine == "trace> watch @lat"
        }
        let before = frame.load(ordering: .acquiring)
        try s.resize(rows: 24, columns: 30)
        // Let it refresh a few more frames at the new width, then stop it.
        #expect(waitUntil(timeout: .seconds(10)) { frame.load(ordering: .acquiring) >= before + 10 })
        stop.store(true, ordering: .releasing)
        #expect(waitUntil(timeout: .seconds(10)) { stopped.load(ordering: .acquiring) })
        let last = region(frame.load(ordering: .acquiring))
        #expect(s.editor.windowSize.columns == 30)
        #expect(s.editor.windowSize.rows == 24)
        let screen = try s.waitFor("the latest frame fitted to 30 columns, then the prompt line") { screen in
            let r = screen.cursor.row
            guard r >= 3, screen.cursorLine == "trace> watch @lat", screen.cursor.column == 17 else { return false }
            return zip(screen.lines[(r - 3)..<r], last).allSatisfy { Self.isFitted($0, $1, columns: 30) }
        }
        // Nothing below the prompt; the latest frame's header appears once.
        #expect(screen.lines[(screen.cursor.row + 1)...].allSatisfy { $0.isEmpty })
        #expect(screen.lines.filter { $0.hasPrefix(String(last[0].prefix(10))) }.count == 1)
        // The prompt is still usable.
        try s.type("x" + Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("watch @latx")])
    }

    /// Whether `shown` is `line` fitted to `columns`: the whole line if it fits, else a prefix that fills the row
    /// (at least `columns - 2` columns wide, allowing for an ellipsis or a blank last column).
    static func isFitted(_ shown: String, _ line: String, columns: Int) -> Bool {
        if ScreenModel.width(of: line) <= columns { return shown == trimmed(line) }
        var body = shown
        if body.hasSuffix("…") { body.removeLast() }
        return line.hasPrefix(body) && ScreenModel.width(of: shown) <= columns && ScreenModel.width(of: shown) >= columns - 2
    }

    // MARK: Printing above the prompt

    @Test(.timeLimit(.minutes(1)))
    func printAboveFromAnotherThreadKeepsTheHalfTypedLine() throws {
        let s = try EditorSession(rows: 12, columns: 60)
        defer { s.close() }
        try s.type("show @co")
        try s.waitForPrompt("show @co")
        let editor = UncheckedBox(s.editor)
        let done = Atomic<Bool>(false)
        let printer = Thread {
            defer { done.store(true, ordering: .releasing) }
            for i in 1...30 {
                editor.value.printAbove("event \(i): probe fired")
                usleep(1_000)
            }
        }
        printer.start()
        // Keep typing while lines are printed.
        for key in ["u", "n"] {
            usleep(3_000)
            try s.type(key)
        }
        #expect(waitUntil(timeout: .seconds(20)) { done.load(ordering: .acquiring) })
        let screen = try s.waitFor("the thirty lines above and the half-typed line intact below them") { screen in
            screen.cursorLine == "trace> show @coun" && screen.cursor.column == 17
                && screen.cursor.row > 0 && screen.lines[screen.cursor.row - 1] == "event 30: probe fired"
        }
        let all = screen.allLines
        let printed = all.filter { $0.hasPrefix("event ") }
        #expect(printed == (1...30).map { "event \($0): probe fired" }, "each printed line once, in order, unbroken")
        #expect(all.filter { $0.hasPrefix("trace>") } == ["trace> show @coun"], "no stale copies of the prompt line")
        #expect(screen.lines[(screen.cursor.row + 1)...].allSatisfy { $0.isEmpty })
        try s.type("t" + Key.enter)
        #expect(try s.waitForEvents(1) == [.entry("show @count")])
    }

    // MARK: Ctrl-C, Ctrl-D, Esc

    @Test(.timeLimit(.minutes(1)))
    func ctrlCCancelsTheLineAndCtrlDOnAnEmptyLineIsEndOfFile() throws {
        let s = try EditorSession()
        defer { s.close() }
        try s.type("abc")
        try s.waitForPrompt("abc")
        try s.type(Key.ctrlC)
        #expect(try s.waitForEvents(1) == [.interrupt])
        var screen = try s.waitForPrompt()
        #expect(screen.cursor.row == 1)
        #expect(screen.lines[0].hasPrefix("trace> abc"), "the cancelled line stays visible")
        // The buffer was cleared: a new entry does not contain "abc".
        try s.type("ab" + Key.left + Key.ctrlD)  // Ctrl-D on a non-empty line deletes under the cursor
        try s.waitForPrompt("a")
        try s.type(Key.enter)
        #expect(try s.waitForEvents(2) == [.interrupt, .entry("a")])
        try s.waitForPrompt()
        // Esc on an empty line.
        try s.type(Key.escape)
        #expect(try s.waitForEvents(3).last == .escape)
        screen = try s.waitForPrompt()
        try s.type(Key.ctrlD)
        #expect(try s.waitForEvents(4).last == .endOfFile)
        #expect(waitUntil(timeout: .seconds(10)) { s.isFinished })
        _ = screen
    }
}
}

/// Hands a non-Sendable reference to another thread; the tests use only the editor's thread-safe calls on it.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
