// Multi-line entries at the prompt, read from the screen: the continuation prompt shows what is open, Ctrl-C
// and Ctrl-D on it abandon the entry, and a bracketed paste of several entries runs each (one left open goes on).
import Foundation
import Glibc
import TestSupport
import Testing
@testable import Console

@Suite(.serialized) struct EntryKeysTests {
    @Test func theContinuationPromptShowsWhatIsOpenAndCtrlCOrCtrlDAbandonsTheEntry() throws {
        let console = try ConsoleOnPTY(backend: ScopedBackend(prefix: "ciek_", provider: "cie2e"))
        defer { console.close() }
        let pty = console.pty
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" }
        try pty.send("program ciek_open {\r")
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
        let console = try ConsoleOnPTY(backend: ScopedBackend(prefix: "ciek_", provider: "cie2e"))
        defer { console.close() }
        let pty = console.pty
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" }
        let paste = "program ciek_pa { cie2e:svc:work:done { @a = count(); } }\nprogram ciek_pb { cie2e:svc:work:done { @b = count(); } }\n"
        try pty.send("\u{1B}[200~" + paste + "\u{1B}[201~\r")
        try pty.waitFor("both programs") { s in
            s.lines.contains("program 'ciek_pa' enabled: matched 1 probe") && s.lines.contains("program 'ciek_pb' enabled: matched 1 probe")
                && s.cursorLine == "trace>"
        }
        try pty.send("\u{1B}[200~programs ciek_pa\nprogram ciek_pc {\u{1B}[201~\r")
        try pty.waitFor("the open entry continues") { $0.cursorLine == "....{ >" }
        try pty.send("cie2e:svc:work:done { @c = count(); } }\r")
        try pty.waitFor("both ran") { s in
            s.lines.contains { $0.hasPrefix("ciek_pa ") } && s.lines.contains("program 'ciek_pc' enabled: matched 1 probe")
                && s.cursorLine == "trace>"
        }
    }
}
