import Testing
@testable import Terminal

/// An edit session driven by the bytes a terminal would send. In texts, "|" marks the cursor.
struct EditHarness {
    var session: EditSession
    var outcomes: [EditOutcome] = []

    init(_ marked: String = "|", history: [String] = [], isComplete: ((String) -> Bool)? = nil,
         completer: ((String, Int) -> Completion)? = nil) {
        let chars = Array(marked)
        let cursor = chars.firstIndex(of: "|") ?? chars.count
        let text = String(chars.filter { $0 != "|" })
        session = EditSession(prompt: "trace> ", continuationPrompt: "....> ",
                              history: History(entries: history, limit: 100), text: text, cursor: cursor)
        session.isComplete = isComplete
        session.completer = completer
    }

    /// Sends bytes; returns the outcomes other than `.continue`.
    @discardableResult
    mutating func send(_ bytes: String) -> [EditOutcome] { send(Array(bytes.utf8)) }

    @discardableResult
    mutating func send(_ bytes: [UInt8]) -> [EditOutcome] {
        var decoder = KeyDecoder()
        let keys = decoder.feed(bytes) + decoder.flush()
        let result = keys.map { session.handle($0) }.filter { $0 != .continue }
        outcomes += result
        return result
    }

    /// The buffer with "|" at the cursor.
    var marked: String {
        var chars = Array(session.buffer.text)
        chars.insert("|", at: session.buffer.cursor)
        return String(chars)
    }
}

private let esc = "\u{1B}"
private func ctrl(_ c: Character) -> String { String(UnicodeScalar(c.asciiValue! & 0x1F)) }

@Suite struct MotionTests {
    @Test func ctrlAAndCtrlEAndHomeEnd() {
        var e = EditHarness("hello wor|ld")
        e.send(ctrl("a")); #expect(e.marked == "|hello world")
        e.send(ctrl("e")); #expect(e.marked == "hello world|")
        e.send(esc + "[H"); #expect(e.marked == "|hello world")
        e.send(esc + "[F"); #expect(e.marked == "hello world|")
        e.send(esc + "OH"); #expect(e.marked == "|hello world")
    }

    @Test func characterMotion() {
        var e = EditHarness("ab|c")
        e.send(ctrl("b")); #expect(e.marked == "a|bc")
        e.send(ctrl("f") + ctrl("f")); #expect(e.marked == "abc|")
        e.send(ctrl("f")); #expect(e.marked == "abc|")
        e.send(esc + "[D" + esc + "[D"); #expect(e.marked == "a|bc")
        e.send(esc + "[C"); #expect(e.marked == "ab|c")
    }

    @Test func wordMotionAltAndCtrlArrows() {
        var e = EditHarness("probes orders:book|")
        e.send(esc + "b"); #expect(e.marked == "probes orders:|book")
        e.send(esc + "b"); #expect(e.marked == "probes |orders:book")
        e.send(esc + "[1;5D"); #expect(e.marked == "|probes orders:book")
        e.send(esc + "f"); #expect(e.marked == "probes| orders:book")
        e.send(esc + "[1;5C"); #expect(e.marked == "probes orders|:book")
        e.send(esc + "[1;3C"); #expect(e.marked == "probes orders:book|")
    }

    @Test func graphemeClustersMoveAsOne() {
        var e = EditHarness("ae\u{301}👨‍👩‍👧|")
        e.send(ctrl("b")); #expect(e.marked == "ae\u{301}|👨‍👩‍👧")
        e.send(ctrl("b")); #expect(e.marked == "a|e\u{301}👨‍👩‍👧")
        e.send(ctrl("d")); #expect(e.marked == "a|👨‍👩‍👧")
    }
}

@Suite struct DeletionAndKillTests {
    @Test func backspaceCtrlHDeleteAndCtrlD() {
        var e = EditHarness("abc|d")
        e.send([0x7F]); #expect(e.marked == "ab|d")
        e.send(ctrl("h")); #expect(e.marked == "a|d")
        e.send(esc + "[3~"); #expect(e.marked == "a|")
        e.send(ctrl("d")); #expect(e.marked == "a|")
        #expect(e.outcomes.isEmpty)
        e.send(ctrl("b") + ctrl("d")); #expect(e.marked == "|")
        #expect(e.send(ctrl("d")) == [.endOfFile])
    }

    @Test func combiningMarkTypedAfterItsBaseJoinsIt() {
        var e = EditHarness()
        e.send("e\u{301}x")
        #expect(e.session.buffer.characters == ["e\u{301}", "x"])
        e.send([0x7F, 0x7F]); #expect(e.marked == "|")
    }

    @Test func ctrlKAndCtrlUAndYank() {
        var e = EditHarness("hello |world")
        e.send(ctrl("k")); #expect(e.marked == "hello |")
        e.send(ctrl("b") + ctrl("f"))                        // a motion: the next kill is a new entry
        e.send(ctrl("u")); #expect(e.marked == "|")
        e.send(ctrl("y")); #expect(e.marked == "hello |")   // the newest kill
        e.send(esc + "y"); #expect(e.marked == "world|")    // Alt-Y: the one before
        e.send(esc + "y"); #expect(e.marked == "hello |")   // and round again
    }

    @Test func ctrlWKillsBackToWhitespaceAltBackspaceToWordStart() {
        var e = EditHarness("show orders:book:match|")
        e.send(esc + "\u{7F}"); #expect(e.marked == "show orders:book:|")
        e.send(ctrl("w")); #expect(e.marked == "show |")
        e.send(ctrl("y")); #expect(e.marked == "show orders:book:match|")  // consecutive kills joined, in order
    }

    @Test func altDKillsForwardWord() {
        var e = EditHarness("|alpha beta gamma")
        e.send(esc + "d"); #expect(e.marked == "| beta gamma")
        e.send(esc + "d"); #expect(e.marked == "| gamma")
        e.send(ctrl("e") + ctrl("y")); #expect(e.marked == " gammaalpha beta|")  // Alt-D twice: one kill
        e.send(esc + "[1;5D" + esc + "[3;5~"); #expect(e.marked == " gammaalpha |")  // Ctrl-Delete
    }

    @Test func ctrlKAtTheEndOfALineJoinsTheNextLine() {
        var e = EditHarness("a {|\n}")
        e.send(ctrl("k")); #expect(e.marked == "a {|}")
    }

    @Test func yankWithAnEmptyRingRingsTheBell() {
        var e = EditHarness("x|")
        #expect(e.send(ctrl("y")) == [.bell])
        #expect(e.marked == "x|")
    }
}

@Suite struct TransposeCaseUndoTests {
    @Test func ctrlTTransposes() {
        var e = EditHarness("ab|cd")
        e.send(ctrl("t")); #expect(e.marked == "acb|d")
        e.send(ctrl("e") + ctrl("t")); #expect(e.marked == "acdb|")
        var start = EditHarness("|ab")
        #expect(start.send(ctrl("t")) == [.bell])
        #expect(start.marked == "|ab")
        var wide = EditHarness("漢|字")
        wide.send(ctrl("t")); #expect(wide.marked == "字漢|")
    }

    @Test func altUAltLAltC() {
        var e = EditHarness("|hello WORLD again")
        e.send(esc + "u"); #expect(e.marked == "HELLO| WORLD again")
        e.send(esc + "l"); #expect(e.marked == "HELLO world| again")
        e.send(esc + "c"); #expect(e.marked == "HELLO world Again|")
    }

    @Test func undoRevertsEditsOneRunOfTypingAtATime() {
        var e = EditHarness()
        e.send("count")
        e.send(" all")
        e.send(ctrl("w"))
        #expect(e.marked == "count |")
        e.send(ctrl("_")); #expect(e.marked == "count all|")
        e.send(ctrl("_")); #expect(e.marked == "count|")
        e.send(ctrl("_")); #expect(e.marked == "|")
        #expect(e.send(ctrl("_")) == [.bell])
    }

    @Test func undoAfterYankAndTranspose() {
        var e = EditHarness("ab|")
        e.send(ctrl("t")); #expect(e.marked == "ba|")
        e.send(ctrl("_")); #expect(e.marked == "ab|")
        e.send(ctrl("u") + ctrl("y")); #expect(e.marked == "ab|")
        e.send(ctrl("_")); #expect(e.marked == "|")
    }
}

@Suite struct EntryOutcomeTests {
    @Test func enterSubmitsACompleteEntry() {
        var e = EditHarness("probes|")
        #expect(e.send("\r") == [.submit("probes")])
    }

    @Test func enterContinuesAnIncompleteEntry() {
        let braces: (String) -> Bool = { $0.filter { $0 == "{" }.count == $0.filter { $0 == "}" }.count }
        var e = EditHarness(isComplete: braces)
        #expect(e.send("program p {\r").isEmpty)
        #expect(e.marked == "program p {\n|")
        #expect(e.session.view.lines == [PromptLine(prompt: "trace> ", text: "program p {"), PromptLine(prompt: "....> ", text: "")])
        #expect(e.send("  @n = count();\r}\r") == [.submit("program p {\n  @n = count();\n}")])
    }

    @Test func altEnterAlwaysInsertsANewline() {
        var e = EditHarness("a|")
        #expect(e.send(esc + "\r").isEmpty)
        #expect(e.marked == "a\n|")
    }

    @Test func ctrlCEscapeCtrlZCtrlL() {
        var e = EditHarness("partial|")
        #expect(e.send(ctrl("c")) == [.interrupt])
        #expect(e.send(ctrl("l")) == [.clearScreen])
        #expect(e.send(ctrl("z")) == [.suspend])
        #expect(e.send(esc).isEmpty)  // Esc on a non-empty line does nothing
        var empty = EditHarness()
        #expect(empty.send(esc) == [.escape])
    }

    @Test func pasteIsInsertedWholeAndNothingIsSubmitted() {
        var e = EditHarness()
        #expect(e.send("x " + esc + "[200~program p {\r\n\tx = 1;\r}\r" + esc + "[201~").isEmpty)
        #expect(e.marked == "x program p {\n    x = 1;\n}|")  // the final newline dropped: Enter runs it
        e.send(ctrl("_"))
        #expect(e.marked == "x |")  // the paste is one undo step
        // A newline in the middle of a paste stays.
        e.send(esc + "[200~a\r" + esc + "[201~" + "b")
        #expect(e.marked == "x ab|")
        e.send(esc + "[200~c\r\rd" + esc + "[201~")
        #expect(e.marked == "x abc\n\nd|")
    }
}

@Suite struct MultiLineTests {
    @Test func upAndDownMoveBetweenLinesBeforeHistory() {
        var e = EditHarness("first\nsecond\nth|ird", history: ["older"])
        e.send(esc + "[A"); #expect(e.marked == "first\nse|cond\nthird")
        e.send(esc + "[A"); #expect(e.marked == "f|irst\nsecond\nthird")   // same column on screen: prompts differ in width
        e.send(esc + "[A"); #expect(e.marked == "older|")                   // now history
        e.send(esc + "[B"); #expect(e.marked == "f|irst\nsecond\nthird")    // back to the edited entry as it was
        e.send(esc + "[B" + esc + "[B"); #expect(e.marked == "first\nsecond\nth|ird")
    }

    @Test func ctrlAAndCtrlEStayOnTheCurrentLine() {
        var e = EditHarness("one\ntw|o\nthree")
        e.send(ctrl("a")); #expect(e.marked == "one\n|two\nthree")
        e.send(ctrl("e")); #expect(e.marked == "one\ntwo|\nthree")
        e.send(ctrl("u")); #expect(e.marked == "one\n|\nthree")
    }
}

@Suite struct HistoryNavigationTests {
    @Test func upAndDownWalkHistoryAndKeepTheEditedLine() {
        var e = EditHarness("draft|", history: ["one", "two\nlines", "three"])
        e.send(esc + "[A"); #expect(e.marked == "three|")
        e.send(esc + "[A"); #expect(e.marked == "two|\nlines")   // going back: the end of the first line,
        e.send(esc + "[A"); #expect(e.marked == "one|")           // so Up goes straight on to older entries
        #expect(e.send(esc + "[A") == [.bell])
        e.send(esc + "[B"); #expect(e.marked == "two\nlines|")   // going forward: the entry's end
        e.send(esc + "[A"); #expect(e.marked == "two|\nlines")   // the other arrow walks its lines
        e.send(esc + "[B"); #expect(e.marked == "two\nline|s")
        e.send(esc + "[B" + esc + "[B"); #expect(e.marked == "draft|")
        e.send(ctrl("p")); #expect(e.marked == "three|")
        e.send(ctrl("n")); #expect(e.marked == "draft|")
        e.send(esc + "[5~"); #expect(e.marked == "one|")
        e.send(esc + "[6~"); #expect(e.marked == "draft|")
        e.send(esc + "<"); #expect(e.marked == "one|")
        e.send(esc + ">"); #expect(e.marked == "draft|")
    }

    @Test func ctrlRSearchesBackwardIncrementally() {
        var e = EditHarness("|", history: ["program a { }", "probes orders", "show @lat", "probes book"])
        e.send(ctrl("r") + "pro")
        #expect(e.session.view.lines == [PromptLine(prompt: "(reverse-i-search)`pro': ", text: "probes book")])
        #expect(e.session.view.cursorIndex == 0)
        e.send(ctrl("r"))
        #expect(e.session.view.lines.first?.text == "probes orders")
        e.send("g")
        #expect(e.session.view.lines.first?.text == "program a { }")
        e.send("x")
        #expect(e.session.view.lines.first?.prompt == "(failed reverse-i-search)`progx': ")
        e.send([0x7F])
        #expect(e.session.view.lines.first?.prompt == "(reverse-i-search)`prog': ")
        // Enter accepts the match and submits it.
        #expect(e.send("\r") == [.submit("program a { }")])
    }

    @Test func ctrlSSearchesForwardAndCtrlGCancels() {
        var e = EditHarness("draft|", history: ["alpha 1", "beta", "alpha 2"])
        e.send(ctrl("r") + "alpha" + ctrl("r"))
        #expect(e.session.view.lines.first?.text == "alpha 1")
        e.send(ctrl("s"))
        #expect(e.session.view.lines.first == PromptLine(prompt: "(i-search)`alpha': ", text: "alpha 2"))
        e.send(ctrl("g"))
        #expect(e.marked == "draft|")
        #expect(e.session.search == nil)
        // A motion key accepts the match and then moves.
        e.send(ctrl("r") + "beta" + ctrl("a"))
        #expect(e.marked == "|beta")
        // Ctrl-R on an empty query repeats the last one.
        var again = EditHarness("|", history: ["beta one", "x", "beta two"])
        again.send(ctrl("r") + "beta" + ctrl("g"))
        #expect(again.marked == "|")
        again.send(ctrl("r") + ctrl("r"))
        #expect(again.session.view.lines.first == PromptLine(prompt: "(reverse-i-search)`beta': ", text: "beta two"))
    }
}

@Suite struct CompletionKeyTests {
    static let words = ["probes", "program", "programs", "quit"]
    static func complete(_ entry: String, _ cursor: Int) -> Completion {
        let chars = Array(entry)
        var start = cursor
        while start > 0 && chars[start - 1] != " " { start -= 1 }
        let word = String(chars[start..<cursor])
        return Completion(candidates: words.filter { $0.hasPrefix(word) }, replaceStart: start)
    }

    @Test func oneCandidateIsInserted() {
        var e = EditHarness("qu|", completer: Self.complete)
        e.send("\t"); #expect(e.marked == "quit|")
    }

    @Test func severalInsertTheirCommonPrefixThenASecondTabListsThem() {
        var e = EditHarness("x pr|", completer: Self.complete)
        #expect(e.send("\t").isEmpty)
        #expect(e.marked == "x pro|")
        #expect(e.send("\t") == [.list(["probes", "program", "programs"])])
        var f = EditHarness("progr|", completer: Self.complete)
        f.send("\t"); #expect(f.marked == "program|")
        #expect(f.send("\t") == [.list(["program", "programs"])])
    }

    @Test func noCandidateRingsTheBell() {
        var e = EditHarness("zz|", completer: Self.complete)
        #expect(e.send("\t") == [.bell])
        #expect(e.marked == "zz|")
    }

    @Test func completionInTheMiddleKeepsTheRest() {
        var e = EditHarness("qu| now", completer: Self.complete)
        e.send("\t"); #expect(e.marked == "quit| now")
    }
}
