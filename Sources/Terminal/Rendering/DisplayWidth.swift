// Terminal display width of scalars, grapheme clusters and strings, by Unicode scalar ranges:
// East Asian Wide/Fullwidth and emoji presentation take 2 columns; combining marks, ZWJ, variation
// selectors and other format characters take 0; everything else 1 (East Asian Ambiguous counts as 1).
// A grapheme cluster is as wide as its widest scalar, and an emoji sequence (VS16, ZWJ, keycap, flag) is 2.
// The one display-width measure of the package: the line editor uses it, and the console fits tables and
// the watch view with it.

/// Terminal display width of text.
public enum DisplayWidth {
    /// Columns taken by one scalar on its own: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        if contains(zeroWidthRanges, v) { return 0 }
        if contains(wideRanges, v) { return 2 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        case .format: return v == 0x00AD ? 1 : 0
        default: return 1
        }
    }

    /// Columns taken by one grapheme cluster.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first { return of(only) }
        var widest = 0
        var isEmojiSequence = false
        var regionalIndicators = 0
        for s in scalars {
            widest = max(widest, of(s))
            switch s.value {
            case 0xFE0F, 0x20E3: isEmojiSequence = true  // emoji presentation selector, keycap
            case 0x200D: if scalars.first.map({ $0.properties.isEmoji }) == true { isEmojiSequence = true }
            case 0x1F1E6...0x1F1FF: regionalIndicators += 1
            default: break
            }
        }
        if isEmojiSequence || regionalIndicators >= 2 { return 2 }
        return widest
    }

    /// Columns taken by a string with no control characters; CSI escape sequences (colours) count 0.
    public static func of(_ string: String) -> Int {
        var total = 0
        forEachCell(of: string) { _, width in total += width }
        return total
    }

    /// Splits `string` into display units: grapheme clusters with their widths, and escape sequences (width 0).
    public static func forEachCell(of string: String, _ body: (Substring, Int) -> Void) {
        var index = string.startIndex
        while index < string.endIndex {
            let c = string[index]
            if c == "\u{1B}", let end = escapeSequenceEnd(in: string, from: index) {
                body(string[index..<end], 0)
                index = end
                continue
            }
            let next = string.index(after: index)
            body(string[index..<next], of(c))
            index = next
        }
    }

    /// Clips `string` to at most `columns` columns without splitting a wide character; escape sequences are kept.
    static func clip(_ string: String, to columns: Int) -> String {
        if string.utf8.count <= columns && string.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return string }
        var result = ""
        var used = 0
        var clipped = false
        forEachCell(of: string) { piece, width in
            if clipped { if width == 0 && piece.first == "\u{1B}" { result += piece }; return }
            if used + width > columns { clipped = true; return }
            used += width
            result += piece
        }
        return result
    }

    /// End of the ESC [ … final sequence starting at `start`, if it is one.
    private static func escapeSequenceEnd(in string: String, from start: String.Index) -> String.Index? {
        let scalars = string.unicodeScalars
        var i = scalars.index(after: start)
        guard i < scalars.endIndex, scalars[i] == "[" else { return nil }
        i = scalars.index(after: i)
        while i < scalars.endIndex {
            let v = scalars[i].value
            if (0x40...0x7E).contains(v) { return scalars.index(after: i) }
            guard (0x20...0x3F).contains(v) else { return nil }
            i = scalars.index(after: i)
        }
        return nil
    }

    private static func contains(_ ranges: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var lo = 0, hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if v < ranges[mid].lowerBound { hi = mid - 1 } else if v > ranges[mid].upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Zero width: combining marks, joiners, variation selectors, format characters, Hangul medial/final jamo.
    static let zeroWidthRanges: [ClosedRange<UInt32>] = [
        0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x05BF...0x05BF, 0x05C1...0x05C2, 0x05C4...0x05C5,
        0x05C7...0x05C7, 0x0610...0x061A, 0x064B...0x065F, 0x0670...0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4,
        0x06E7...0x06E8, 0x06EA...0x06ED, 0x0E31...0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E,
        0x1160...0x11FF, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064,
        0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF...0xFEFF, 0xE0000...0xE007F, 0xE0100...0xE01EF,
    ]

    /// East Asian Wide and Fullwidth, and emoji with default emoji presentation (sorted, disjoint).
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7, 0x18800...0x18CD5, 0x18D00...0x18D08,
        0x1AFF0...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265,
        0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA,
        0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440,
        0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
        0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC,
        0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
        0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
        0x1FA70...0x1FA7C, 0x1FA80...0x1FA89, 0x1FA8F...0x1FAC6, 0x1FACE...0x1FADC, 0x1FADF...0x1FAE9,
        0x1FAF0...0x1FAF8, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
