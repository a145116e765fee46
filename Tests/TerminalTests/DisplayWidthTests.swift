import Testing
@testable import Terminal

@Suite struct DisplayWidthTests {
    @Test func asciiAndLatin() {
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of("café") == 4)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func eastAsianWideAndFullwidth() {
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("ひらがなカタカナ") == 16)
        #expect(DisplayWidth.of("ＡＢ") == 4)         // fullwidth Latin
        #expect(DisplayWidth.of("ｱｲ") == 2)           // halfwidth katakana stay narrow
        #expect(DisplayWidth.of("a漢b") == 4)
    }

    @Test func combiningMarksTakeNoColumn() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("a\u{300}\u{316}\u{35C}") == 1)
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2)  // a Hangul syllable from jamo
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200D)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0xFE0F)!) == 0)
    }

    @Test func emoji() {
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)              // with a skin tone modifier
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)            // a ZWJ family
        #expect(DisplayWidth.of("❤️") == 2)               // text-default heart + VS16
        #expect(DisplayWidth.of("❤") == 1)               // without it
        #expect(DisplayWidth.of("🇫🇷") == 2)               // a flag
        #expect(DisplayWidth.of("1️⃣") == 2)               // a keycap
        #expect(DisplayWidth.of("⌚") == 2)
    }

    @Test func escapeSequencesTakeNoColumn() {
        #expect(DisplayWidth.of("\u{1B}[1;32mtrace>\u{1B}[0m ") == 7)
    }

    @Test func clippingNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.clip("hello world", to: 5) == "hello")
        #expect(DisplayWidth.clip("漢字漢字", to: 5) == "漢字")
        #expect(DisplayWidth.clip("ab", to: 5) == "ab")
        #expect(DisplayWidth.clip("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}e\u{301}")
        // Colour codes after the cut are kept so attributes are reset.
        #expect(DisplayWidth.clip("\u{1B}[31mredder\u{1B}[0m", to: 3) == "\u{1B}[31mred\u{1B}[0m")
    }

    @Test func tablesAreSortedAndDisjoint() {
        for table in [DisplayWidth.wideRanges, DisplayWidth.zeroWidthRanges] {
            for (a, b) in zip(table, table.dropFirst()) { #expect(a.upperBound < b.lowerBound, "\(a) overlaps or precedes \(b)") }
        }
    }
}
