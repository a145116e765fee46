// Keeps track of the block the editor owns at the bottom of the output — live region rows, then the prompt
// area — and produces the bytes that take the screen from what was drawn to what should be, following the
// rendering recipe: one frame, synchronized output, cursor hidden, move to the top of the block, rewrite only
// the rows that changed (CR, text, ESC[K), ESC[J below, put the cursor back. The block is always at most as tall
// as the window, so moving up always reaches its top. A width change redraws the whole block (terminals that
// do not reflow keep the same number of rows; the rows are laid out again for the new width), and so does a
// height change (the terminal may have scrolled the block).

struct BlockRenderer {
    /// The rows on screen, from the top of the block. A fresh block is one empty row holding the cursor.
    private(set) var drawn: [String] = [""]
    private(set) var cursorRow = 0
    private(set) var cursorColumn = 0
    private(set) var width: Int
    private(set) var height: Int
    /// Rows that exist on the screen from the top of the block (moving down into them does not scroll).
    private var existing = 1

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// True when nothing is drawn (the cursor is at the start of an empty row).
    var isFresh: Bool { drawn == [""] && cursorColumn == 0 }

    /// The bytes that redraw the block as `layout` (empty if nothing changed).
    mutating func update(to layout: ScreenLayout, width newWidth: Int, height newHeight: Int) -> String {
        var body = ""
        var current = cursorRow
        var old = drawn
        if isFresh && layout == ScreenLayout(rows: [""], cursorRow: 0, cursorColumn: 0) {
            width = newWidth  // nothing drawn, nothing to draw: leave the screen alone
            height = newHeight
            return ""
        }
        if newWidth != width || newHeight != height {
            // The terminal may have scrolled or cut rows: the rows on screen are no longer known.
            body += "\r" + ANSI.up(current) + ANSI.eraseBelow
            current = 0
            old = []
            existing = 1
            width = newWidth
            height = newHeight
        }
        let rows = layout.rows
        for (i, row) in rows.enumerated() where i >= old.count || old[i] != row {
            body += move(from: &current, to: i)
            body += "\r" + row + (DisplayWidth.of(row) < width ? ANSI.eraseLine : "")
        }
        if rows.count < old.count {
            body += move(from: &current, to: rows.count) + "\r" + ANSI.eraseBelow
        }
        existing = rows.count
        drawn = rows
        let rowsChanged = !body.isEmpty
        if !rowsChanged && layout.cursorRow == cursorRow && layout.cursorColumn == cursorColumn { return "" }
        body += move(from: &current, to: layout.cursorRow) + "\r" + ANSI.right(layout.cursorColumn)
        cursorRow = layout.cursorRow
        cursorColumn = layout.cursorColumn
        return rowsChanged ? Frame.synchronized(body) : body
    }

    /// Clears the block, writes `text` (several lines; a final newline is added if missing), then draws `layout`.
    mutating func printAbove(_ text: String, then layout: ScreenLayout, width newWidth: Int) -> String {
        var body = "\r" + ANSI.up(cursorRow) + ANSI.eraseBelow
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last == "" { lines.removeLast() }
        for line in lines { body += line + "\r\n" }
        width = newWidth
        body += draw(layout)
        return Frame.synchronized(body)
    }

    /// Clears the screen (Ctrl-L) and draws `layout` at the top.
    mutating func clearScreen(then layout: ScreenLayout, width newWidth: Int) -> String {
        width = newWidth
        return Frame.synchronized(ANSI.clearScreen + draw(layout))
    }

    /// Moves the cursor to a new row below the block and forgets it (what is drawn stays in the scrollback).
    mutating func leaveBlock() -> String {
        guard !isFresh else { return "" }
        var current = cursorRow
        var body = move(from: &current, to: drawn.count - 1)
        body += (drawn.last == "" ? "\r" : "\r\n")
        forget()
        return body
    }

    /// The top `count` rows stop belonging to the block: they stay on the screen as ordinary output.
    mutating func detachTop(_ count: Int) {
        let n = min(count, drawn.count - 1, cursorRow)
        guard n > 0 else { return }
        drawn.removeFirst(n)
        cursorRow -= n
        existing = max(1, existing - n)
    }

    /// Assume a fresh, empty row with the cursor at its start (after a suspend, or output we did not write).
    mutating func forget() {
        drawn = [""]
        cursorRow = 0
        cursorColumn = 0
        existing = 1
    }

    // MARK: Helpers

    /// Draws all rows from the start of the current (cleared) row and places the cursor.
    private mutating func draw(_ layout: ScreenLayout) -> String {
        var body = layout.rows.map { "\r" + $0 }.joined(separator: "\r\n")
        var current = layout.rows.count - 1
        existing = layout.rows.count
        body += move(from: &current, to: layout.cursorRow) + "\r" + ANSI.right(layout.cursorColumn)
        drawn = layout.rows
        cursorRow = layout.cursorRow
        cursorColumn = layout.cursorColumn
        return body
    }

    /// Cursor motion between rows of the block: up with ESC[nA, down with ESC[nB over existing rows, CR LF beyond.
    private mutating func move(from current: inout Int, to target: Int) -> String {
        var s = ""
        if target < current {
            s += ANSI.up(current - target)
        } else if target > current {
            let overExisting = max(0, min(target, existing - 1) - current)
            s += ANSI.down(overExisting)
            current += overExisting
            while current < target {
                s += "\r\n"
                current += 1
            }
            existing = max(existing, target + 1)
        }
        current = target
        return s
    }
}
