// The live region: caller-supplied lines pinned between the output above and the prompt below. Each line is
// clipped to the window width (never wrapped, so one line is one row), and the block to the rows left over by
// the prompt; what does not fit is summarised on the last row.

enum LiveRegion {
    static func rows(_ lines: [String], width: Int, height: Int) -> [String] {
        guard height > 0 else { return [] }
        // A line holding "\n" is several lines.
        let split = lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        if split.count <= height { return split.map { DisplayWidth.clip($0, to: width) } }
        var kept = split.prefix(height - 1).map { DisplayWidth.clip($0, to: width) }
        kept.append(DisplayWidth.clip("… \(split.count - height + 1) more lines", to: width))
        return kept
    }

    /// The block under the output: live rows, then the prompt area (kept whole, or the rows around the cursor
    /// when it is taller than the window).
    static func compose(live: [String], prompt: PromptView, rows: Int, columns: Int) -> (layout: ScreenLayout, liveRows: Int) {
        let p = PromptLayout.layout(prompt, width: columns)
        var promptRows = p.rows
        var cursorRow = p.cursorRow
        let height = max(1, rows)
        if promptRows.count > height {
            let start = min(max(0, cursorRow - height + 1), promptRows.count - height)
            promptRows = Array(promptRows[start..<(start + height)])
            cursorRow -= start
        }
        let liveRows = Self.rows(live, width: columns, height: height - promptRows.count)
        return (ScreenLayout(rows: liveRows + promptRows, cursorRow: liveRows.count + cursorRow, cursorColumn: p.cursorColumn),
                liveRows.count)
    }
}
