// Fitting text into columns for the console's tables and the watch view, measured by Terminal's DisplayWidth:
// cutting with an ellipsis, padding, and showing control characters as `?`.
import Terminal

extension DisplayWidth {
    /// `s` cut to at most `columns` columns, ending in `ellipsis` when anything was cut. Colour sequences take
    /// no columns and are all kept (those of the part cut off before the ellipsis, so that its reset still ends it).
    static func truncate(_ s: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if of(s) <= columns { return s }
        let room = columns - of(ellipsis)
        guard room >= 0 else { return String(repeating: ".", count: columns) }
        var out = "", escapes = "", used = 0, cut = false
        forEachCell(of: s) { piece, w in
            if w == 0 && piece.first == "\u{1B}" {
                if cut { escapes += piece } else { out += piece }
                return
            }
            if cut || used + w > room { cut = true; return }
            out += piece
            used += w
        }
        return out + escapes + ellipsis
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
}
