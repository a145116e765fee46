// Terminal display columns of text: wide (East Asian, emoji) characters take two columns, combining
// marks and other zero-width scalars none. Used to fit live-view lines to the window.

/// Display-column measurement and truncation.
enum DisplayWidth {
    /// Columns `c` takes on a terminal.
    static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let v = first.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if scalars.contains(where: { $0.properties.isEmojiPresentation })
            || (first.properties.isEmoji && scalars.contains("\u{FE0F}")) {
            return 2
        }
        if isWide(v) { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return 1
        }
    }

    /// Columns `s` takes on a terminal.
    static func of(_ s: String) -> Int {
        var n = 0
        for c in s { n += of(c) }
        return n
    }

    /// `s` cut to at most `columns` columns, ending in `ellipsis` when anything was cut.
    static func truncate(_ s: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if of(s) <= columns { return s }
        let room = columns - of(ellipsis)
        guard room >= 0 else { return String(repeating: ".", count: columns) }
        var out = "", used = 0
        for c in s {
            let w = of(c)
            if used + w > room { break }
            out.append(c)
            used += w
        }
        return out + ellipsis
    }

    /// `s` padded with spaces on the right to `columns` columns.
    static func padRight(_ s: String, _ columns: Int) -> String {
        let w = of(s)
        return w >= columns ? s : s + String(repeating: " ", count: columns - w)
    }

    /// `s` padded with spaces on the left to `columns` columns.
    static func padLeft(_ s: String, _ columns: Int) -> String {
        let w = of(s)
        return w >= columns ? s : String(repeating: " ", count: columns - w) + s
    }

    /// Control characters (a key may hold a newline) shown as `?` so that one row stays one line.
    static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            out.unicodeScalars.append(u.value < 0x20 || (0x7F..<0xA0).contains(u.value) ? "?" : u)
        }
        return out
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
