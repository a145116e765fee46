// Lays out the prompt area on the screen: each line of the entry after its prompt, soft-wrapped into rows of at
// most `width` columns (a wide character that does not fit moves to the next row), and where the cursor goes.
// A cursor just past a full row goes to the start of the next row, which is added if needed.

struct ScreenLayout: Equatable {
    var rows: [String]
    var cursorRow: Int
    var cursorColumn: Int
}

enum PromptLayout {
    static func layout(_ view: PromptView, width: Int) -> ScreenLayout {
        let width = max(1, width)
        var rows: [String] = []
        var row = ""
        var column = 0
        var cursor: (row: Int, column: Int)?

        func place(_ piece: Substring, _ w: Int) {
            if w > 0 && column + w > width && column > 0 {
                rows.append(row)
                row = ""
                column = 0
            }
            row += piece
            column += w
        }

        for (lineNumber, line) in view.lines.enumerated() {
            if lineNumber > 0 {
                rows.append(row)
                row = ""
                column = 0
            }
            DisplayWidth.forEachCell(of: line.prompt) { piece, w in place(piece, w) }
            var index = 0
            for c in line.text {
                let w = DisplayWidth.of(c)
                if w > 0 && column + w > width && column > 0 {
                    rows.append(row)
                    row = ""
                    column = 0
                }
                if lineNumber == view.cursorLine && index == view.cursorIndex { cursor = (rows.count, column) }
                row.append(c)
                column += w
                index += 1
            }
            if lineNumber == view.cursorLine && cursor == nil { cursor = (rows.count, column) }
        }
        rows.append(row)
        var (cursorRow, cursorColumn) = cursor ?? (rows.count - 1, column)
        if cursorColumn >= width {
            cursorRow += 1
            cursorColumn = 0
            if rows.count <= cursorRow { rows.append("") }
        }
        return ScreenLayout(rows: rows, cursorRow: cursorRow, cursorColumn: cursorColumn)
    }
}
