// The live region: caller-supplied lines pinned between the output above and the prompt below. Each line is
// clipped to the window width (never wrapped, so one line is one row), and the block to the rows left over by
// the prompt; what does not fit is summarised on the last row. Lines may carry colours: SGR sequences
// (`ESC[…m`) take no columns and are kept (also past a clip), and a row holding one ends in `ESC[0m` so that no
// colour reaches the next row or the prompt; every other escape sequence (cursor motion, erasing) is dropped.

enum LiveRegion {
    static func rows(_ lines: [String], width: Int, height: Int) -> [String] {
        guard height > 0 else { return [] }
        // A line holding "\n" is several lines; tabs become spaces, other control characters and escape
        // sequences but colours (SGR) are dropped, so that what is written takes exactly the columns it was measured to take.
        let split = lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(sanitize) }
        if split.count <= height { return split.map { fitted($0, width) } }
        var kept = split.prefix(height - 1).map { fitted($0, width) }
        kept.append(DisplayWidth.clip("… \(split.count - height + 1) more lines", to: width))
        return kept
    }

    /// The line clipped to `width` columns, ending in a reset when it holds a colour and does not end in one.
    private static func fitted(_ line: String, _ width: Int) -> String {
        let clipped = DisplayWidth.clip(line, to: width)
        guard clipped.utf8.contains(0x1B), !clipped.hasSuffix("\u{1B}[0m"), !clipped.hasSuffix("\u{1B}[m") else { return clipped }
        return clipped + "\u{1B}[0m"
    }

    private static func sanitize(_ line: Substring) -> String {
        guard line.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) else { return String(line) }
        let scalars = Array(line.unicodeScalars)
        var out = ""
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "\u{1B}" {
                // ESC [ parameters intermediates final: kept when the final is `m` (SGR), else dropped whole.
                var j = i + 1
                if j < scalars.count, scalars[j] == "[" {
                    j += 1
                    while j < scalars.count, (0x20...0x3F).contains(scalars[j].value) { j += 1 }
                    if j < scalars.count, (0x40...0x7E).contains(scalars[j].value) {
                        if scalars[j] == "m" { out.unicodeScalars.append(contentsOf: scalars[i...j]) }
                        i = j + 1
                        continue
                    }
                }
                i += 1   // a lone ESC
                continue
            }
            if scalar == "\t" { out += "    " } else if scalar.value >= 0x20 && !(0x7F..<0xA0).contains(scalar.value) {
                out.unicodeScalars.append(scalar)
            }
            i += 1
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
