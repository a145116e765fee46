// Multi-line entries at the prompt, read from the screen: the continuation prompt shows what is open, Ctrl-C
// and Ctrl-D on it abandon the entry, and a bracketed paste of several entries runs each (one left open goes on).
import Foundation
import Glibc
import TestSupport
import Testing
@testable import Console

@Suite(.serialized) struct EntryKeysTests {
    @Test func theContinuationPromptShowsWhatIsOpenAndCtrlCOrCtrlDAbandonsTheEntry() throws {
        let console = try ConsoleOnPTY()
        defer { console.close() }
        let pty = console.pty
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" }
        try pty.send("program cie2e_open {\r")
        try pty.waitFor("the '{' prompt") { $0.cursorLine == "....{ >" }
        try pty.send("  cie2e:svc:work:done { @n = count(\r")
        try pty.waitFor("the '{{(' prompt") { $0.cursorLine == "....{{( >" }
        try pty.send([0x03])
        try pty.waitFor("the entry abandoned") { s in
            s.lines.contains("....{{( > ^C") && s.cursorLine == "trace>"
        }
        try pty.send("BEGIN {\r")
        try pty.waitFor("the '{' prompt again") { $0.cursorLine == "....{ >" }
        try pty.send([0x04])
        try pty.waitFor("Ctrl-D abandons it too") { s in s.lines.contains("....{ > ^C") && s.cursorLine == "trace>" }
        try pty.send("programs\r")
        try pty.waitFor("nothing was defined") { s in s.lines.contains("no programs defined") && s.cursorLine == "trace>" }
    }

    @Test func aPasteOfSeveralEntriesRunsEachAndOneLeftOpenContinues() throws {
        let console = try ConsoleOnPTY()
        defer { console.close() }
        let pty = console.pty
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" }
        let paste = "program cie2e_pa { cie2e:svc:work:done { @a = count(); } }\nprogram cie2e_pb { cie2e:svc:work:done { @b = count(); } }\n"
        try pty.send("\u{1B}[200~" + paste + "\u{1B}[201~\r")
        try pty.waitFor("both programs") { s in
            s.lines.contains("program 'cie2e_pa' enabled: matched 1 probe") && s.lines.contains("program 'cie2e_pb' enabled: matched 1 probe")
                && s.cursorLine == "trace>"
        }
        try pty.send("\u{1B}[200~programs cie2e_pa\nprogram cie2e_pc {\u{1B}[201~\r")
        try pty.waitFor("the open entry continues") { $0.cursorLine == "....{ >" }
        try pty.send("cie2e:svc:work:done { @c = count(); } }\r")
        try pty.waitFor("both ran") { s in
            s.lines.contains { $0.hasPrefix("cie2e_pa ") } && s.lines.contains("program 'cie2e_pc' enabled: matched 1 probe")
                && s.cursorLine == "trace>"
        }
    }
}
