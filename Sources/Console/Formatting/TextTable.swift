// Column tables for `probes`, `programs` and `set`: a header row, columns two spaces apart, no trailing spaces.

/// A plain-text table.
enum TextTable {
    /// `header` and `rows` in aligned columns; columns in `rightAligned` are right-aligned. Every line ends in "\n".
    static func render(header: [String]?, rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        var out = ""
        for row in all {
            var line = ""
            for (i, cell) in row.enumerated() {
                if i > 0 { line += "  " }
                line += rightAligned.contains(i) ? DisplayWidth.padLeft(cell, widths[i]) : DisplayWidth.padRight(cell, widths[i])
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
