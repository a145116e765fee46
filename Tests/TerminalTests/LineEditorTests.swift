import Foundation
import Glibc
import TestSupport
import Testing
import TraceSystem
@testable import Terminal

private let esc = "\u{1B}"
private let braces: @Sendable (String) -> Bool = { $0.filter { $0 == "{" }.count <= $0.filter { $0 == "}" }.count }

@Suite(.serialized) struct LineEditorTests {
    @Test func typingShowsTheLineAndEnterSubmitsIt() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        #expect(editor.isTerminal)
        let read = try pty.startRead(editor)
        try pty.waitFor("the prompt") { $0.lines[0] == "trace>" }
        try pty.send("probes orders")
        try pty.waitFor("the typed text") { $0.lines[0] == "trace> probes orders" && $0.cursor.column == 20 }
        try pty.send("\r")
        #expect(read.wait() == .entry("probes orders"))
        let s = pty.settled()
        #expect(s.lines[0] == "trace> probes orders")
        #expect(s.cursor == .init(row: 1, column: 0))
        #expect(s.cursorVisible && !s.inSynchronizedUpdate && !s.bracketedPasteEnabled)
        #expect(s.unknownSequences.isEmpty)
    }

    @Test func rawModeIsOnlyOnWhileReading() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        let cooked = try pty.slaveAttributes().c_lflag
        #expect(cooked & tcflag_t(ICANON | ECHO) == tcflag_t(ICANON | ECHO))
        let read = try pty.startRead(editor)
        try pty.waitFor("the prompt") { $0.lines[0] == "trace>" }
        #expect(try pty.slaveAttributes().c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0)
        #expect(pty.screen.bracketedPasteEnabled)
        try pty.send("x\r")
        #expect(read.wait() == .entry("x"))
        #expect(try pty.slaveAttributes().c_lflag == cooked)
        editor.restoreTerminal()
        editor.restoreTerminal()  // idempotent
        #expect(try pty.slaveAttributes().c_lflag == cooked)
    }

    @Test func multiLineEntryUsesTheContinuationPromptAndIsOneEvent() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        editor.isComplete = braces
        let read = try pty.startRead(editor)
        try pty.send("program p {\r  @n = count();\r")
        try pty.waitFor("three lines") { $0.lines[0...2] == ["trace> program p {", "....>   @n = count();", "....>"] }
        try pty.send("}\r")
        #expect(read.wait() == .entry("program p {\n  @n = count();\n}"))
        #expect(pty.settled().lines[0...3] == ["trace> program p {", "....>   @n = count();", "....> }", ""])
        #expect(editor.historyEntries == ["program p {\n  @n = count();\n}"])
    }

    @Test func ctrlCShowsCaretCAndInterrupts() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        let read = try pty.startRead(editor)
        try pty.send("half typed\u{03}")
        #expect(read.wait() == .interrupt)
        let s = pty.settled()
        #expect(s.lines[0] == "trace> half typed^C")
        #expect(s.cursor == .init(row: 1, column: 0))
        #expect(editor.historyEntries.isEmpty)
    }

    @Test func ctrlDOnAnEmptyLineIsEndOfFile() throws {
        let pty = try PseudoTerminal()
        let read = try pty.startRead(pty.makeEditor())
        try pty.send("\u{04}")
        #expect(read.wait() == .endOfFile)
    }

    @Test func escapeOnAnEmptyLineClearsThePrompt() throws {
        let pty = try PseudoTerminal()
        let read = try pty.startRead(pty.makeEditor())
        try pty.waitFor("the prompt") { $0.lines[0] == "trace>" }
        try pty.send(esc)  // alone: taken as Escape after the timeout
        #expect(read.wait() == .escape)
        #expect(pty.settled().lines[0] == "")
    }

    @Test func printAboveKeepsTheLineBeingEditedIntact() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        let read = try pty.startRead(editor)
        try pty.send("show @lat")
        try pty.send("\u{02}\u{02}")  // cursor two to the left
        try pty.waitFor("the text") { $0.lines[0] == "trace> show @lat" && $0.cursor.column == 14 }
        // From other threads, at once.
        DispatchQueue.concurrentPerform(iterations: 4) { i in editor.printAbove("event \(i)\n  detail \(i)") }
        let s = pty.settled()
        #expect(s.lines[8] == "trace> show @lat")
        #expect(s.cursor == .init(row: 8, column: 14))
        for i in 0..<4 {
            let row = s.lines.firstIndex(of: "event \(i)")
            #expect(row != nil && s.lines[row! + 1] == "  detail \(i)")
        }
        try pty.send("\r")
        #expect(read.wait() == .entry("show @lat"))
    }

    @Test func liveRegionIsPinnedBetweenOutputAndPrompt() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        editor.setLiveRegion(["== watch ==", "@a: 1", "@b: 2"])
        let read = try pty.startRead(editor)
        try pty.send("unw")
        try pty.waitFor("live region and prompt") { $0.lines[0...3] == ["== watch ==", "@a: 1", "@b: 2", "trace> unw"] }
        editor.printAbove("trace output")
        editor.setLiveRegion(["== watch ==", "@a: 10", "@b: 2", "@c: 3"])
        var s = pty.settled()
        #expect(s.lines[0...5] == ["trace output", "== watch ==", "@a: 10", "@b: 2", "@c: 3", "trace> unw"])
        #expect(s.cursor == .init(row: 5, column: 10))
        editor.setLiveRegion(["shorter"])
        s = pty.settled()
        #expect(s.lines[0...3] == ["trace output", "shorter", "trace> unw", ""])
        try pty.send("atch\r")
        #expect(read.wait() == .entry("unwatch"))
        // The submitted entry goes above the live region, which stays pinned at the bottom.
        s = pty.settled()
        #expect(s.lines[0...3] == ["trace output", "trace> unwatch", "shorter", ""])
        #expect(s.cursor == .init(row: 3, column: 0))
        // Ending it leaves the last frame in the scrollback; output continues below it.
        editor.endLiveRegion()
        editor.printAbove("after")
        s = pty.settled()
        #expect(s.lines[0...4] == ["trace output", "trace> unwatch", "shorter", "after", ""])
        editor.setLiveRegion([])
        #expect(pty.settled().lines[0...4] == ["trace output", "trace> unwatch", "shorter", "after", ""])
    }

    @Test func liveRegionIsClippedToTheWindow() throws {
        let pty = try PseudoTerminal(rows: 6, columns: 20)
        let editor = pty.makeEditor()
        editor.setLiveRegion((1...10).map { "line \($0) " + String(repeating: "x", count: 30) })
        let read = try pty.startRead(editor)
        try pty.waitFor("prompt") { $0.lines[5] == "trace>" }
        let s = pty.screen
        #expect(s.lines == ["line 1 xxxxxxxxxxxxx", "line 2 xxxxxxxxxxxxx", "line 3 xxxxxxxxxxxxx",
                            "line 4 xxxxxxxxxxxxx", "… 6 more lines", "trace>"])
        try pty.send("\u{04}")
        #expect(read.wait() == .endOfFile)
    }

    @Test func refreshingOneLineOfATwentyLineLiveRegionWritesOverTenTimesFewerBytes() throws {
        let pty = try PseudoTerminal(rows: 30, columns: 80)
        let editor = pty.makeEditor()
        var lines = (1...20).map { "row \($0): " + String(repeating: "=", count: 50) }
        let start = pty.received.count
        editor.setLiveRegion(lines)
        let full = pty.received.count - start
        lines[12] = "row 13: changed"
        editor.setLiveRegion(lines)
        let partial = pty.received.count - start - full
        let ratio = Double(full) / Double(partial)
        #expect(ratio > 10, "one changed line of 20 wrote \(partial) bytes, a full redraw \(full): ratio \(ratio)")
        #expect(pty.screen.lines[12] == "row 13: changed")
        #expect(pty.screen.lines[11] == lines[11])
        // Setting the same lines again writes nothing at all.
        let before = pty.received.count
        editor.setLiveRegion(lines)
        #expect(pty.received.count == before)
    }

    @Test func wideCharactersWrapAtTheRightMargin() throws {
        let pty = try PseudoTerminal(rows: 5, columns: 10)
        let editor = pty.makeEditor { $0.prompt = "> " }
        let read = try pty.startRead(editor)
        try pty.send("漢字漢字漢")  // 2 + 10 columns: the fifth character cannot fit on the first row
        try pty.waitFor("two rows") { $0.lines[0] == "> 漢字漢字" && $0.lines[1] == "漢" }
        #expect(pty.screen.cursor == .init(row: 1, column: 2))
        try pty.send("\u{01}")  // Ctrl-A
        try pty.waitFor("cursor at start") { $0.cursor == .init(row: 0, column: 2) }
        try pty.send("\r")
        #expect(read.wait() == .entry("漢字漢字漢"))
    }

    @Test func textEndingAtTheMarginPutsTheCursorOnTheNextRow() throws {
        let pty = try PseudoTerminal(rows: 5, columns: 10)
        let editor = pty.makeEditor { $0.prompt = "> " }
        let read = try pty.startRead(editor)
        try pty.send("12345678")
        try pty.waitFor("full row") { $0.lines[0] == "> 12345678" && $0.cursor == .init(row: 1, column: 0) }
        try pty.send("9")
        try pty.waitFor("second row") { $0.lines[1] == "9" && $0.cursor == .init(row: 1, column: 1) }
        try pty.send("\u{7F}\u{7F}")
        try pty.waitFor("back to one row") { $0.lines[0] == "> 1234567" && $0.lines[1] == "" && $0.cursor == .init(row: 0, column: 9) }
        try pty.send("\r")
        #expect(read.wait() == .entry("1234567"))
    }

    @Test func resizeRedrawsForTheNewWidthAndCallsOnResize() throws {
        let pty = try PseudoTerminal(rows: 10, columns: 40)
        let editor = pty.makeEditor()
        let called = Lock(0)
        editor.onResize = { called.withLock { $0 += 1 } }
        editor.setLiveRegion(["a live line that is thirty-two c"])
        let read = try pty.startRead(editor)
        try pty.send("abcdefghijklmnopqrstuvwxyz")
        try pty.waitFor("one row") { $0.lines[1] == "trace> abcdefghijklmnopqrstuvwxyz" }
        try pty.resize(rows: 10, columns: 20)
        editor.notifyResize()
        #expect(editor.windowSize == (rows: 10, columns: 20))
        #expect(called.withLock { $0 } == 1)
        let s = pty.settled()
        #expect(s.lines[0...2] == ["a live line that is", "trace> abcdefghijklm", "nopqrstuvwxyz"])
        #expect(s.cursor == .init(row: 2, column: 13))
        try pty.send("\r")
        #expect(read.wait() == .entry("abcdefghijklmnopqrstuvwxyz"))
    }

    @Test func sigwinchIsNoticedWithoutAnyCallFromTheCaller() throws {
        let pty = try PseudoTerminal(rows: 10, columns: 40)
        let editor = pty.makeEditor()
        let called = Lock(0)
        editor.onResize = { called.withLock { $0 += 1 } }
        editor.setLiveRegion(["watching"])
        try pty.resize(rows: 12, columns: 30)
        kill(getpid(), SIGWINCH)  // what the terminal's driver sends to the foreground process group
        for _ in 0..<300 where called.withLock({ $0 }) == 0 { usleep(10_000) }
        #expect(called.withLock { $0 } >= 1)
        #expect(editor.windowSize == (rows: 12, columns: 30))
        #expect(pty.settled().lines[0...1] == ["watching", ""])
    }

    @Test func tabCompletesAndASecondTabListsInColumns() throws {
        let pty = try PseudoTerminal(rows: 10, columns: 30)
        let editor = pty.makeEditor()
        let words = ["program", "programs", "probes", "print", "printa"]
        editor.completer = { entry, cursor in
            Completion(candidates: words.filter { $0.hasPrefix(entry) }, replaceStart: 0)
        }
        let read = try pty.startRead(editor)
        try pty.send("pro\t")
        try pty.waitFor("unchanged: pro is the common prefix") { $0.lines[0] == "trace> pro" && $0.bellCount == 1 }
        try pty.send("\t")
        try pty.waitFor("the list") { $0.lines[0...1] == ["program   programs  probes", "trace> pro"] }
        try pty.send("g\t")
        try pty.waitFor("the prefix") { $0.lines[1] == "trace> program" }
        // Narrower than three columns: filled down, then across.
        #expect(CompletionList.columns(["program", "programs", "probes"], width: 19) == ["program   probes", "programs"])
        try pty.send("s\t\r")
        #expect(read.wait() == .entry("programs"))
    }

    @Test func ctrlLClearsTheScreenAndRedraws() throws {
        let pty = try PseudoTerminal(rows: 8, columns: 40)
        let editor = pty.makeEditor()
        editor.printAbove("old output\nmore")
        let read = try pty.startRead(editor)
        try pty.send("abc\u{0C}")
        try pty.waitFor("cleared") { $0.lines[0] == "trace> abc" && $0.lines[1] == "" }
        try pty.send("\r")
        #expect(read.wait() == .entry("abc"))
    }

    @Test func bracketedPasteArrivesWholeAndRunsNothing() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        editor.isComplete = braces
        let read = try pty.startRead(editor)
        try pty.send(esc + "[200~program p {\r  @n = count();\r}\r" + esc + "[201~")
        try pty.waitFor("pasted lines") { $0.lines[0...2] == ["trace> program p {", "....>   @n = count();", "....> }"] }
        try pty.send("\r")
        #expect(read.wait() == .entry("program p {\n  @n = count();\n}"))
    }

    @Test func typeAheadOfSeveralEntriesIsKeptForTheNextRead() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        let first = try pty.startRead(editor)
        try pty.send("one\rtwo\r")  // arrives in one read, as a paste without bracketing would
        #expect(first.wait() == .entry("one"))
        #expect(BackgroundRead(editor).wait() == .entry("two"))
        let s = pty.settled()
        #expect(s.lines[0...2] == ["trace> one", "trace> two", ""])
    }

    @Test func historyIsSavedAndRecalledAcrossEditors() throws {
        let tmp = TemporaryHistoryPath()
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor { $0.historyFile = tmp.path }
        editor.isComplete = braces
        let first = try pty.startRead(editor)
        try pty.send("probes\r")
        #expect(first.wait() == .entry("probes"))
        let second = try pty.startRead(editor)
        try pty.send("p {\r}\r")
        #expect(second.wait() == .entry("p {\n}"))
        #expect(tmp.contents == "probes\np {\\n}\n")

        let pty2 = try PseudoTerminal()
        let again = pty2.makeEditor { $0.historyFile = tmp.path }
        #expect(again.historyEntries == ["probes", "p {\n}"])
        let read = try pty2.startRead(again)
        try pty2.send(esc + "[A")
        try pty2.waitFor("the recalled entry") { $0.lines[0...1] == ["trace> p {", "....> }"] && $0.cursor == .init(row: 0, column: 10) }
        try pty2.send(esc + "[A")
        try pty2.waitFor("the older entry") { $0.lines[0...1] == ["trace> probes", ""] }
        try pty2.send("\r")
        #expect(read.wait() == .entry("probes"))
    }

    @Test func setEditBufferPreloadsTheNextRead() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        editor.setEditBuffer("program p {\n  @n = count();\n}")
        let read = try pty.startRead(editor)
        try pty.waitFor("the preloaded entry") { $0.lines[0...2] == ["trace> program p {", "....>   @n = count();", "....> }"] }
        #expect(pty.screen.cursor == .init(row: 2, column: 7))
        try pty.send("\r")
        #expect(read.wait() == .entry("program p {\n  @n = count();\n}"))
    }

    @Test func endOfInputIsEndOfFile() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor()
        let read = try pty.startRead(editor)
        try pty.waitFor("the prompt") { $0.lines[0] == "trace>" }
        // Hang up: the master's number now names /dev/null, so the slave reads EIO / end of file. The number
        // stays open (the pty closes it once, at the end): closing it here would let the pty's own close hit
        // whatever another test opened under that number meanwhile.
        let null = open("/dev/null", O_RDWR)
        #expect(dup2(null, pty.master) == pty.master)
        close(null)
        #expect(read.wait() == .endOfFile)
    }
}

@Suite struct PlainModeTests {
    @Test func aPipeIsPlainAndJoinsIncompleteLines() throws {
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        #expect(pipe(&input) == 0 && pipe(&output) == 0)
        defer { for fd in input + output { close(fd) } }
        var c = EditorConfiguration()
        c.inputFD = input[0]
        c.outputFD = output[1]
        let editor = LineEditor(configuration: c)
        #expect(!editor.isTerminal)
        editor.isComplete = braces
        var script = Array("program p {\r\n  @n = count();\n}\nprobes\nlast line without newline".utf8)
        _ = write(input[1], &script, script.count)
        close(input[1]); input[1] = -1
        #expect(try editor.readEvent() == .entry("program p {\n  @n = count();\n}"))
        #expect(try editor.readEvent() == .entry("probes"))
        #expect(try editor.readEvent() == .entry("last line without newline"))
        #expect(try editor.readEvent() == .endOfFile)
        editor.printAbove("@calls: 3")
        editor.setLiveRegion(["ignored"])
        editor.printAbove("two\nlines\n")
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = read(output[0], &buffer, 256)
        #expect(String(decoding: buffer[0..<max(n, 0)], as: UTF8.self) == "@calls: 3\ntwo\nlines\n")
    }

    @Test func anIncompleteEntryAtTheEndOfInputIsStillReturned() throws {
        var input: [Int32] = [0, 0]
        #expect(pipe(&input) == 0)
        defer { close(input[0]) }
        var c = EditorConfiguration()
        c.inputFD = input[0]
        let editor = LineEditor(configuration: c)
        editor.isComplete = braces
        var script = Array("program p {\n".utf8)
        _ = write(input[1], &script, script.count)
        close(input[1])
        #expect(try editor.readEvent() == .entry("program p {"))
        #expect(try editor.readEvent() == .endOfFile)
    }

    @Test func aDumbTerminalGetsPromptsButNoEscapeCodes() throws {
        let pty = try PseudoTerminal()
        let editor = pty.makeEditor { $0.terminalType = "dumb" }
        #expect(!editor.isTerminal)
        try pty.send("probes\n")
        #expect(try editor.readEvent() == .entry("probes"))
        usleep(20_000)
        let out = String(decoding: pty.received, as: UTF8.self)
        #expect(out.contains("trace> "))
        #expect(!out.contains("\u{1B}"))
    }
}
