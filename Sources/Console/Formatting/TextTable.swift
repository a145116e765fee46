// Column tables: `probes`, `programs` and `set` (a header row), and the rows of a keyed aggregation as
// `show` and `printa` print them. Columns two spaces apart, no trailing spaces.
import Terminal

/// A plain-text table.
enum TextTable {
    /// `header` and `rows` in aligned columns; columns in `rightAligned` are right-aligned. Widths are measured
    /// by `width` (display columns unless told otherwise). Every line ends in "\n". Rows stop once `shouldStop`
    /// says so (Ctrl-C).
    static func render(header: [String]?, rows: [[String]], rightAligned: Set<Int> = [],
                       width: (String) -> Int = { DisplayWidth.of($0) }, shouldStop: () -> Bool = { false }) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            if shouldStop() { return "" }
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], width(cell)) }
        }
        func pad(_ cell: String, _ columns: Int, left: Bool) -> String {
            let n = width(cell)
            guard n < columns else { return cell }
            let fill = String(repeating: " ", count: columns - n)
            return left ? fill + cell : cell + fill
        }
        var out = ""
        for row in all {
            if shouldStop() { break }
            var line = ""
            for (i, cell) in row.enumerated() {
                if i > 0 { line += "  " }
                line += pad(cell, widths[i], left: rightAligned.contains(i))
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// Aggregation rows: two spaces, the key columns left-aligned, then the value right-aligned. Widths
    /// count characters, as `show` and `printa` have always aligned them.
    static func keyValueRows(_ rows: [(keys: [String], value: String)], shouldStop: () -> Bool = { false }) -> String {
        let columns = rows.map(\.keys.count).max() ?? 0
        let cells = rows.map { [""] + $0.keys + Array(repeating: "", count: columns - $0.keys.count) + [$0.value] }
        return render(header: nil, rows: cells, rightAligned: [columns + 1], width: \.count, shouldStop: shouldStop)
    }
}
