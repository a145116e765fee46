// The escape sequences the editor writes (and no others), and a frame: output built in one buffer and written
// once. Every frame that changes rows is wrapped in synchronized output and hides the cursor while it draws.
//
//   ESC[?2026h / ESC[?2026l   begin / end synchronized output (terminals that do not know it ignore it)
//   ESC[?25l / ESC[?25h       hide / show the cursor
//   ESC[?2004h / ESC[?2004l   bracketed paste on / off (while reading in raw mode)
//   ESC[nA / ESC[nB / ESC[nC  cursor up / down / right n
//   ESC[K                     erase to the end of the line
//   ESC[J                     erase to the end of the screen
//   ESC[H ESC[2J              home and erase the screen (Ctrl-L)
//   CR, CR LF, BEL            column 0, new line, bell

enum ANSI {
    static let beginSynchronized = "\u{1B}[?2026h"
    static let endSynchronized = "\u{1B}[?2026l"
    static let hideCursor = "\u{1B}[?25l"
    static let showCursor = "\u{1B}[?25h"
    static let enableBracketedPaste = "\u{1B}[?2004h"
    static let disableBracketedPaste = "\u{1B}[?2004l"
    static let eraseLine = "\u{1B}[K"
    static let eraseBelow = "\u{1B}[J"
    static let clearScreen = "\u{1B}[H\u{1B}[2J"
    static let bell = "\u{07}"
    static func up(_ n: Int) -> String { n > 0 ? "\u{1B}[\(n)A" : "" }
    static func down(_ n: Int) -> String { n > 0 ? "\u{1B}[\(n)B" : "" }
    static func right(_ n: Int) -> String { n > 0 ? "\u{1B}[\(n)C" : "" }
}

/// A frame: the bytes of one screen update, written with a single `write`.
enum Frame {
    /// `body` inside synchronized output with the cursor hidden while it draws (empty stays empty).
    static func synchronized(_ body: String) -> String {
        guard !body.isEmpty else { return "" }
        return ANSI.beginSynchronized + ANSI.hideCursor + body + ANSI.showCursor + ANSI.endSynchronized
    }
}
