// A small VT100/xterm screen model for end-to-end tests: feed it the bytes a program wrote to a
// terminal and it tells you what a user would see (characters per cell, cursor position, scrollback).
//
// Modelled on xterm's behaviour:
// - autowrap with a pending-wrap state: a character written in the last column leaves the cursor there;
//   only the next printable character wraps (CR, BS, cursor motion and erase commands cancel it);
// - LF moves down one row (no implicit CR) and scrolls at the bottom row; the top row goes to the scrollback;
// - a wide character (CJK, emoji) takes two cells; if it does not fit in the last column it wraps first;
// - combining marks, ZWJ and variation selectors take no cell and join the previously printed cell;
// - resizing truncates rows (no reflow); when rows shrink below the cursor, the top rows go to the scrollback.
// Colours (SGR 30–37, 90–97, 38;5;N and their backgrounds; 0 and 39/49 reset) are kept per cell; an erase
// leaves blank cells without colour; other attributes, bracketed-paste mode and OSC strings are ignored.
// Sequences the model does not know are recorded in `unknownSequences` so a test can show them.

public struct ScreenModel: Sendable {
    public struct Position: Equatable, Sendable, CustomStringConvertible {
        public var row: Int
        public var column: Int
        public var description: String { "(row \(row), column \(column))" }
        public init(row: Int, column: Int) { self.row = row; self.column = column }
    }

    /// One cell: `text` is a grapheme cluster ("" for blank); the right half of a wide character is a continuation.
    /// `foreground` and `background` are 256-colour palette indexes (nil: the default colour).
    public struct Cell: Equatable, Sendable {
        public var text: String = ""
        public var isContinuation = false
        public var foreground: Int? = nil
        public var background: Int? = nil
        public static let blank = Cell()
    }

    public private(set) var rows: Int
    public private(set) var columns: Int
    public private(set) var grid: [[Cell]]
    public private(set) var cursor = Position(row: 0, column: 0)
    /// Set after a character was written in the last column; the next printable character wraps first.
    public private(set) var pendingWrap = false
    public private(set) var scrollback: [String] = []
    public private(set) var cursorVisible = true
    /// Inside `ESC[?2026h … ESC[?2026l` a real terminal does not repaint: a user sees the previous frame.
    public private(set) var inSynchronizedUpdate = false
    public private(set) var bracketedPasteEnabled = false
    public private(set) var unknownSequences: [String] = []
    /// Number of bytes fed so far.
    public private(set) var byteCount = 0
    /// Number of BEL characters received.
    public private(set) var bellCount = 0

    /// The colours the next printed character takes.
    public private(set) var foreground: Int?
    public private(set) var background: Int?
    private var savedCursor: Position?
    /// Where the last printable character went, so that a combining mark can join it.
    private var lastPrinted: Position?

    // Parser state.
    private enum State { case ground, escape, escapeIntermediate, csi, osc, oscEscape, ignoreString, ignoreStringEscape }
    private var state = State.ground
    private var csiParameters: [UInt8] = []
    private var csiIntermediates: [UInt8] = []
    private var utf8Pending: [UInt8] = []
    private var utf8Expected = 0

    public init(rows: Int = 24, columns: Int = 80) {
        precondition(rows > 0 && columns > 1)
        self.rows = rows
        self.columns = columns
        grid = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
    }

    // MARK: Reading the screen

    /// Each row as the text a user sees, trailing blanks removed.
    public var lines: [String] { grid.map(Self.render) }

    /// All rows joined with newlines (trailing blanks of each row removed).
    public var text: String { lines.joined(separator: "\n") }

    /// The rows without the empty rows at the bottom.
    public var nonEmptyLines: [String] {
        var result = lines
        while let last = result.last, last.isEmpty { result.removeLast() }
        return result
    }

    /// Scrollback then screen, without the empty rows at the bottom.
    public var allLines: [String] { scrollback + nonEmptyLines }

    /// The row the cursor is on, as rendered.
    public var cursorLine: String { Self.render(grid[cursor.row]) }

    public func cell(row: Int, column: Int) -> Cell { grid[row][column] }

    /// A picture of the screen for failure messages: a frame, the rows, the cursor marked under its row.
    public var dump: String {
        var out = "screen \(rows)x\(columns), cursor \(cursor)\(pendingWrap ? " pending-wrap" : "")"
        out += cursorVisible ? "" : " hidden"
        out += inSynchronizedUpdate ? " in-sync-update" : ""
        out += "\n"
        if !scrollback.isEmpty {
            out += "scrollback (last \(min(scrollback.count, 10)) of \(scrollback.count)):\n"
            for line in scrollback.suffix(10) { out += "  ~" + line + "\n" }
        }
        out += " +" + String(repeating: "-", count: columns) + "+\n"
        for (index, row) in grid.enumerated() {
            let rendered = row.map { $0.isContinuation ? "" : ($0.text.isEmpty ? " " : $0.text) }.joined()
            out += (index < 10 ? " \(index)" : "\(index)") + "|" + rendered + "|\n"
            if index == cursor.row {
                out += "   " + String(repeating: " ", count: cursor.column) + "^\n"
            }
        }
        out += " +" + String(repeating: "-", count: columns) + "+"
        if !unknownSequences.isEmpty { out += "\nunknown sequences: \(unknownSequences.suffix(20))" }
        return out
    }

    private static func render(_ row: [Cell]) -> String {
        var s = ""
        for cell in row where !cell.isContinuation {
            s += cell.text.isEmpty ? " " : cell.text
        }
        while s.last == " " { s.removeLast() }
        return s
    }

    // MARK: Feeding bytes

    public mutating func feed(_ string: String) { feed(Array(string.utf8)) }

    public mutating func feed<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for byte in bytes {
            byteCount += 1
            feedByte(byte)
        }
    }

    private mutating func feedByte(_ byte: UInt8) {
        switch state {
        case .ground:
            if utf8Expected > 0 {
                if byte & 0xC0 == 0x80 {
                    utf8Pending.append(byte)
                    if utf8Pending.count == utf8Expected { flushUTF8() }
                    return
                }
                // A truncated sequence: show a replacement character, then handle this byte afresh.
                utf8Pending.removeAll(); utf8Expected = 0
                printScalar("\u{FFFD}")
            }
            switch byte {
            case 0x1B: state = .escape
            case 0x00..<0x20, 0x7F: control(byte)
            case 0x20..<0x7F: printScalar(Unicode.Scalar(byte))
            case 0xC2...0xDF: utf8Pending = [byte]; utf8Expected = 2
            case 0xE0...0xEF: utf8Pending = [byte]; utf8Expected = 3
            case 0xF0...0xF4: utf8Pending = [byte]; utf8Expected = 4
            default: printScalar("\u{FFFD}")
            }
        case .escape:
            switch byte {
            case UInt8(ascii: "["): state = .csi; csiParameters.removeAll(); csiIntermediates.removeAll()
            case UInt8(ascii: "]"): state = .osc
            case UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"): state = .ignoreString
            case 0x20...0x2F: state = .escapeIntermediate  // e.g. ESC ( B: character set, ignored
            case 0x1B: state = .escape
            case 0x00..<0x20: control(byte)
            default:
                state = .ground
                escapeFinal(byte)
            }
        case .escapeIntermediate:
            if byte >= 0x30 && byte <= 0x7E { state = .ground } else if byte < 0x20 { control(byte) }
        case .csi:
            switch byte {
            case 0x30...0x3F: csiParameters.append(byte)
            case 0x20...0x2F: csiIntermediates.append(byte)
            case 0x40...0x7E:
                state = .ground
                csiFinal(byte)
            case 0x1B: state = .escape
            case 0x18, 0x1A: state = .ground  // CAN, SUB abort the sequence
            case 0x00..<0x20: control(byte)    // C0 controls execute inside a CSI sequence
            default: state = .ground
            }
        case .osc:
            if byte == 0x07 { state = .ground } else if byte == 0x1B { state = .oscEscape }
        case .oscEscape:
            state = byte == UInt8(ascii: "\\") ? .ground : .osc
        case .ignoreString:
            if byte == 0x1B { state = .ignoreStringEscape }
        case .ignoreStringEscape:
            state = byte == UInt8(ascii: "\\") ? .ground : .ignoreString
        }
    }

    private mutating func flushUTF8() {
        let bytes = utf8Pending
        utf8Pending.removeAll(); utf8Expected = 0
        var value: UInt32
        switch bytes.count {
        case 2: value = UInt32(bytes[0] & 0x1F) << 6 | UInt32(bytes[1] & 0x3F)
        case 3: value = UInt32(bytes[0] & 0x0F) << 12 | UInt32(bytes[1] & 0x3F) << 6 | UInt32(bytes[2] & 0x3F)
        default:
            value = UInt32(bytes[0] & 0x07) << 18 | UInt32(bytes[1] & 0x3F) << 12
                | UInt32(bytes[2] & 0x3F) << 6 | UInt32(bytes[3] & 0x3F)
        }
        let minimum: UInt32 = bytes.count == 2 ? 0x80 : bytes.count == 3 ? 0x800 : 0x10000
        if value < minimum { value = 0xFFFD }  // overlong encoding
        printScalar(Unicode.Scalar(value) ?? "\u{FFFD}")
    }

    // MARK: Printing

    /// Display width of a scalar in a terminal: 0 (joins the previous cell), 1 or 2.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        case .format where v != 0x00AD: return 0  // ZWJ, ZWNJ, word joiner …
        default: break
        }
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }  // variation selectors
        if (0x1160...0x11FF).contains(v) { return 0 }  // Hangul medial vowels and final consonants
        if scalar.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
             0x17000...0x18CFF, 0x1AFF0...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Display width of a string, as this model would lay it out on one row.
    public static func width(of string: String) -> Int {
        string.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    private mutating func printScalar(_ scalar: Unicode.Scalar) {
        let w = Self.width(of: scalar)
        if w == 0 {
            // Combining: join the previously printed cell (if it is still there).
            if let p = lastPrinted, p.row < rows, p.column < columns, !grid[p.row][p.column].text.isEmpty {
                grid[p.row][p.column].text.unicodeScalars.append(scalar)
            }
            return
        }
        if pendingWrap {
            pendingWrap = false
            cursor.column = 0
            lineFeed()
        }
        if w == 2 && cursor.column == columns - 1 {
            // A wide character does not fit in the last column: xterm leaves it blank and wraps.
            put(.blank, at: cursor)
            cursor.column = 0
            lineFeed()
        }
        let at = cursor
        put(Cell(text: String(Character(scalar)), isContinuation: false, foreground: foreground, background: background), at: at)
        if w == 2 {
            put(Cell(text: "", isContinuation: true, foreground: foreground, background: background), at: Position(row: at.row, column: at.column + 1))
        }
        lastPrinted = at
        let next = at.column + w
        if next >= columns {
            cursor.column = columns - 1
            pendingWrap = true
        } else {
            cursor.column = next
        }
    }

    /// Writes a cell, blanking the other half of any wide character it overwrites.
    private mutating func put(_ cell: Cell, at p: Position) {
        let old = grid[p.row][p.column]
        if old.isContinuation, p.column > 0, !cell.isContinuation {
            grid[p.row][p.column - 1] = .blank
        } else if !old.isContinuation, p.column + 1 < columns, grid[p.row][p.column + 1].isContinuation {
            grid[p.row][p.column + 1] = .blank
        }
        grid[p.row][p.column] = cell
    }

    private mutating func clearCells(row: Int, from start: Int, to end: Int) {
        guard start <= end else { return }
        // Erasing half of a wide character erases all of it.
        if start > 0, grid[row][start].isContinuation { grid[row][start - 1] = .blank }
        if end + 1 < columns, grid[row][end + 1].isContinuation { grid[row][end + 1] = .blank }
        for c in start...end { grid[row][c] = .blank }
    }

    // MARK: Controls

    private mutating func control(_ byte: UInt8) {
        switch byte {
        case 0x07: bellCount += 1
        case 0x08:  // BS
            if pendingWrap { pendingWrap = false; cursor.column = max(0, columns - 2) }
            else if cursor.column > 0 { cursor.column -= 1 }
        case 0x09:  // TAB: next multiple of 8, never past the last column
            pendingWrap = false
            cursor.column = min(columns - 1, (cursor.column / 8 + 1) * 8)
        case 0x0A, 0x0B, 0x0C:  // LF, VT, FF
            pendingWrap = false
            lineFeed()
        case 0x0D:
            pendingWrap = false
            cursor.column = 0
        default:
            break
        }
    }

    private mutating func lineFeed() {
        if cursor.row == rows - 1 { scrollUp(1) } else { cursor.row += 1 }
    }

    private mutating func scrollUp(_ n: Int) {
        for _ in 0..<min(n, rows) {
            scrollback.append(Self.render(grid.removeFirst()))
            grid.append(Array(repeating: .blank, count: columns))
        }
        if let p = lastPrinted { lastPrinted = p.row >= n ? Position(row: p.row - n, column: p.column) : nil }
    }

    private mutating func reverseLineFeed() {
        pendingWrap = false
        if cursor.row == 0 {
            grid.removeLast()
            grid.insert(Array(repeating: .blank, count: columns), at: 0)
        } else {
            cursor.row -= 1
        }
    }

    private mutating func escapeFinal(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "7"): savedCursor = cursor
        case UInt8(ascii: "8"): if let s = savedCursor { cursor = s; pendingWrap = false }
        case UInt8(ascii: "D"): pendingWrap = false; lineFeed()
        case UInt8(ascii: "E"): pendingWrap = false; cursor.column = 0; lineFeed()
        case UInt8(ascii: "M"): reverseLineFeed()
        case UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "\\"): break  // keypad modes, stray ST
        default: unknownSequences.append("ESC " + String(UnicodeScalar(byte)))
        }
    }

    private mutating func csiFinal(_ final: UInt8) {
        let raw = String(decoding: csiParameters, as: UTF8.self)
        let isPrivate = raw.hasPrefix("?")
        let hasOtherPrefix = raw.hasPrefix(">") || raw.hasPrefix("<") || raw.hasPrefix("=")
        let body = isPrivate || hasOtherPrefix ? String(raw.dropFirst()) : raw
        let params: [Int?] = body.isEmpty ? [] : body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        func p(_ i: Int, _ def: Int) -> Int {
            guard i < params.count, let v = params[i], v != 0 else { return def }
            return v
        }
        func p0(_ i: Int) -> Int { i < params.count ? (params[i] ?? 0) : 0 }
        let name = "ESC[" + raw + String(decoding: csiIntermediates, as: UTF8.self) + String(UnicodeScalar(final))

        if !csiIntermediates.isEmpty || hasOtherPrefix {
            // e.g. ESC[>c, ESC[ q (cursor style): nothing visible.
            if final != UInt8(ascii: "q") && final != UInt8(ascii: "c") { unknownSequences.append(name) }
            return
        }
        if isPrivate {
            let on: Bool
            switch final {
            case UInt8(ascii: "h"): on = true
            case UInt8(ascii: "l"): on = false
            default: unknownSequences.append(name); return
            }
            for mode in params.compactMap({ $0 }) {
                switch mode {
                case 25: cursorVisible = on
                case 2026: inSynchronizedUpdate = on
                case 2004: bracketedPasteEnabled = on
                case 1, 7, 12, 1000, 1002, 1003, 1004, 1006, 1049, 47, 1047, 1048: break
                default: unknownSequences.append(name)
                }
            }
            return
        }
        switch final {
        case UInt8(ascii: "A"): pendingWrap = false; cursor.row = max(0, cursor.row - p(0, 1))
        case UInt8(ascii: "B"), UInt8(ascii: "e"): pendingWrap = false; cursor.row = min(rows - 1, cursor.row + p(0, 1))
        case UInt8(ascii: "C"), UInt8(ascii: "a"): pendingWrap = false; cursor.column = min(columns - 1, cursor.column + p(0, 1))
        case UInt8(ascii: "D"): pendingWrap = false; cursor.column = max(0, cursor.column - p(0, 1))
        case UInt8(ascii: "E"): pendingWrap = false; cursor.column = 0; cursor.row = min(rows - 1, cursor.row + p(0, 1))
        case UInt8(ascii: "F"): pendingWrap = false; cursor.column = 0; cursor.row = max(0, cursor.row - p(0, 1))
        case UInt8(ascii: "G"), UInt8(ascii: "`"): pendingWrap = false; cursor.column = min(columns - 1, p(0, 1) - 1)
        case UInt8(ascii: "d"): pendingWrap = false; cursor.row = min(rows - 1, p(0, 1) - 1)
        case UInt8(ascii: "H"), UInt8(ascii: "f"):
            pendingWrap = false
            cursor = Position(row: min(rows - 1, p(0, 1) - 1), column: min(columns - 1, p(1, 1) - 1))
        case UInt8(ascii: "K"):
            pendingWrap = false
            switch p0(0) {
            case 0: clearCells(row: cursor.row, from: cursor.column, to: columns - 1)
            case 1: clearCells(row: cursor.row, from: 0, to: cursor.column)
            case 2: clearCells(row: cursor.row, from: 0, to: columns - 1)
            default: unknownSequences.append(name)
            }
        case UInt8(ascii: "J"):
            switch p0(0) {
            case 0:
                clearCells(row: cursor.row, from: cursor.column, to: columns - 1)
                for r in (cursor.row + 1)..<rows { clearCells(row: r, from: 0, to: columns - 1) }
            case 1:
                for r in 0..<cursor.row { clearCells(row: r, from: 0, to: columns - 1) }
                clearCells(row: cursor.row, from: 0, to: cursor.column)
            case 2:
                for r in 0..<rows { clearCells(row: r, from: 0, to: columns - 1) }
            case 3:
                scrollback.removeAll()
            default: unknownSequences.append(name)
            }
        case UInt8(ascii: "X"):  // ECH: erase n characters from the cursor
            pendingWrap = false
            clearCells(row: cursor.row, from: cursor.column, to: min(columns - 1, cursor.column + p(0, 1) - 1))
        case UInt8(ascii: "P"):  // DCH: delete n characters, shifting the rest left
            pendingWrap = false
            let n = min(p(0, 1), columns - cursor.column)
            clearCells(row: cursor.row, from: cursor.column, to: cursor.column + n - 1)
            grid[cursor.row].removeSubrange(cursor.column..<(cursor.column + n))
            grid[cursor.row].append(contentsOf: Array(repeating: .blank, count: n))
        case UInt8(ascii: "@"):  // ICH: insert n blanks, shifting the rest right
            pendingWrap = false
            let n = min(p(0, 1), columns - cursor.column)
            if cursor.column > 0, grid[cursor.row][cursor.column].isContinuation { grid[cursor.row][cursor.column - 1] = .blank; grid[cursor.row][cursor.column] = .blank }
            grid[cursor.row].insert(contentsOf: Array(repeating: .blank, count: n), at: cursor.column)
            grid[cursor.row].removeLast(n)
            if grid[cursor.row][columns - 1].text.count > 0, !grid[cursor.row][columns - 1].isContinuation,
               ScreenModel.width(of: grid[cursor.row][columns - 1].text) == 2 {
                grid[cursor.row][columns - 1] = .blank
            }
        case UInt8(ascii: "S"): scrollUp(p(0, 1))
        case UInt8(ascii: "m"): selectGraphicRendition(params.map { $0 ?? 0 })
        case UInt8(ascii: "n"), UInt8(ascii: "c"), UInt8(ascii: "t"): break  // status reports, window ops
        case UInt8(ascii: "s"): savedCursor = cursor
        case UInt8(ascii: "u"): if let s = savedCursor { cursor = s; pendingWrap = false }
        case UInt8(ascii: "h"), UInt8(ascii: "l"): break  // ANSI modes (e.g. insert mode) are not modelled
        default: unknownSequences.append(name)
        }
    }

    /// SGR: colours are kept, other attributes ignored.
    private mutating func selectGraphicRendition(_ params: [Int]) {
        if params.isEmpty { foreground = nil; background = nil; return }
        var i = 0
        while i < params.count {
            let p = params[i]
            switch p {
            case 0: foreground = nil; background = nil
            case 30...37: foreground = p - 30
            case 90...97: foreground = p - 90 + 8
            case 39: foreground = nil
            case 40...47: background = p - 40
            case 100...107: background = p - 100 + 8
            case 49: background = nil
            case 38, 48:
                if i + 2 < params.count, params[i + 1] == 5 {
                    if p == 38 { foreground = params[i + 2] } else { background = params[i + 2] }
                    i += 2
                } else if i + 4 < params.count, params[i + 1] == 2 {
                    i += 4   // direct colour: not a palette index, not modelled
                }
            default: break
            }
            i += 1
        }
    }

    // MARK: Resizing

    /// The terminal window changed size: rows are truncated or padded, not reflowed (as xterm does).
    public mutating func resize(rows newRows: Int, columns newColumns: Int) {
        precondition(newRows > 0 && newColumns > 1)
        if newRows < rows, cursor.row >= newRows {
            let n = cursor.row - newRows + 1
            scrollUp(n)
            cursor.row -= n
        }
        if newRows < rows { grid.removeLast(rows - newRows) }
        while grid.count < newRows { grid.append(Array(repeating: .blank, count: columns)) }
        for r in grid.indices {
            if newColumns < columns {
                grid[r].removeLast(columns - newColumns)
                if grid[r][newColumns - 1].text.count > 0, Self.width(of: grid[r][newColumns - 1].text) == 2 {
                    grid[r][newColumns - 1] = .blank  // its right half was cut off
                }
            } else {
                grid[r].append(contentsOf: Array(repeating: .blank, count: newColumns - columns))
            }
        }
        rows = newRows
        columns = newColumns
        cursor.row = min(cursor.row, rows - 1)
        cursor.column = min(cursor.column, columns - 1)
        pendingWrap = false
        lastPrinted = nil
    }
}
