// The live region: caller-supplied lines pinned between the output above and the prompt below. Each line is
// clipped to the window width (never wrapped, so one line is one row), and the block to the rows left over by
// the prompt; what does not fit is summarised on the last row.

enum LiveRegion {
    static func rows(_ lines: [String], width: Int, height: Int) -> [String] {
        guard height > 0 else { return [] }
        // A line holding "\n" is several lines; tabs become spaces and other control characters (but ESC, for
        // colours) are dropped, so that what is written takes exactly the columns it was measured to take.
        let split = lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(sanitize) }
        if split.count <= height { return split.map { DisplayWidth.clip($0, to: width) } }
        var kept = split.prefix(height - 1).map { DisplayWidth.clip($0, to: width) }
        kept.append(DisplayWidth.clip("… \(split.count - height + 1) more lines", to: width))
        return kept
    }

    private static func sanitize(_ line: Substring) -> String {
        guard line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return String(line) }
        var out = ""
        for scalar in line.unicodeScalars {
            if scalar == "\t" { out += "    " } else if scalar.value >= 0x20 && scalar.value != 0x7F || scalar == "\u{1B}" {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The block under the output: live rows, then the prompt area. A prompt area taller than the window shows
    /// `rows` of its rows: those from `promptTop` if the cursor is among them, else scrolled just enough to show
    /// the cursor. Returns the layout, how many rows are live rows, and the prompt row shown first.
    static func compose(live: [String], prompt: PromptView, rows: Int, columns: Int, promptTop: Int = 0)
        -> (layout: ScreenLayout, liveRows: Int, promptTop: Int) {
        let p = PromptLayout.layout(prompt, width: columns)
        var promptRows = p.rows
        var cursorRow = p.cursorRow
        let height = max(1, rows)
        var top = 0
        if promptRows.count > height {
            top = min(max(promptTop, 0), promptRows.count - height)
            if cursorRow < top { top = cursorRow }
            if cursorRow >= top + height { top = cursorRow - height + 1 }
            promptRows = Array(promptRows[top..<(top + height)])
            cursorRow -= top
        }
        let liveRows = Self.rows(live, width: columns, height: height - promptRows.count)
        return (ScreenLayout(rows: liveRows + promptRows, cursorRow: liveRows.count + cursorRow, cursorColumn: p.cursorColumn),
                liveRows.count, top)
    }
}
