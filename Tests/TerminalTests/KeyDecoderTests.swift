import Testing
@testable import Terminal

/// Decodes `bytes` completely (as if the input then went quiet).
private func decode(_ bytes: [UInt8]) -> [KeyEvent] {
    var d = KeyDecoder()
    return d.feed(bytes) + d.flush()
}
private func decode(_ s: String) -> [KeyEvent] { decode(Array(s.utf8)) }
private let esc = "\u{1B}"

@Suite struct KeyDecoderTests {
    @Test func printableASCIIAndUTF8() {
        #expect(decode("aZ ~") == [.char("a"), .char("Z"), .char(" "), .char("~")])
        #expect(decode("é漢😀") == [.char("é"), .char("漢"), .char("😀")])
        // A combining mark arrives as its own scalar; the buffer joins it to its base.
        #expect(decode("e\u{301}") == [.char("e"), .char("\u{301}")])
    }

    @Test func controlKeys() {
        #expect(decode([0x01]) == [.ctrl("a")])
        #expect(decode([0x05, 0x0B, 0x15, 0x17, 0x19, 0x14, 0x0C]) == [.ctrl("e"), .ctrl("k"), .ctrl("u"), .ctrl("w"), .ctrl("y"), .ctrl("t"), .ctrl("l")])
        #expect(decode([0x03, 0x04, 0x1A, 0x12, 0x13]) == [.ctrl("c"), .ctrl("d"), .ctrl("z"), .ctrl("r"), .ctrl("s")])
        #expect(decode([0x08]) == [.ctrl("h")])
        #expect(decode([0x1F]) == [.ctrl("_")])
        #expect(decode([0x00]) == [.ctrl(" ")])
        #expect(decode([0x0D]) == [KeyEvent(.enter)])
        #expect(decode([0x0A]) == [.ctrl("j")])
        #expect(decode([0x09]) == [KeyEvent(.tab)])
        #expect(decode([0x7F]) == [KeyEvent(.backspace)])
    }

    @Test func altKeys() {
        #expect(decode(esc + "b") == [.alt("b")])
        #expect(decode(esc + "f" + esc + "d" + esc + "y") == [.alt("f"), .alt("d"), .alt("y")])
        #expect(decode(Array((esc).utf8) + [0x7F]) == [KeyEvent(.backspace, .alt)])
        #expect(decode(Array((esc).utf8) + [0x08]) == [KeyEvent(.character("h"), [.ctrl, .alt])])
        #expect(decode(esc + "\r") == [KeyEvent(.enter, .alt)])
        #expect(decode(esc + "é") == [.alt("é")])
        // ESC ESC [ A: Alt-Up on terminals that prefix the whole sequence.
        #expect(decode(esc + esc + "[A") == [KeyEvent(.up, .alt)])
    }

    @Test func loneEscapeNeedsTheTimeout() {
        var d = KeyDecoder()
        #expect(d.feed([0x1B]) == [])
        #expect(d.hasPending)
        #expect(d.flush() == [KeyEvent(.escape)])
        #expect(!d.hasPending)
    }

    @Test func csiArrowsAndEditingKeys() {
        #expect(decode(esc + "[A" + esc + "[B" + esc + "[C" + esc + "[D") == [KeyEvent(.up), KeyEvent(.down), KeyEvent(.right), KeyEvent(.left)])
        #expect(decode(esc + "[H" + esc + "[F") == [KeyEvent(.home), KeyEvent(.end)])
        #expect(decode(esc + "[1~" + esc + "[7~" + esc + "[4~" + esc + "[8~") == [KeyEvent(.home), KeyEvent(.home), KeyEvent(.end), KeyEvent(.end)])
        #expect(decode(esc + "[2~" + esc + "[3~" + esc + "[5~" + esc + "[6~") == [KeyEvent(.insert), KeyEvent(.delete), KeyEvent(.pageUp), KeyEvent(.pageDown)])
        #expect(decode(esc + "[Z") == [KeyEvent(.backTab)])
        #expect(decode(esc + "[11~" + esc + "[15~" + esc + "[17~" + esc + "[24~") == [KeyEvent(.function(1)), KeyEvent(.function(5)), KeyEvent(.function(6)), KeyEvent(.function(12))])
    }

    @Test func csiModifiers() {
        #expect(decode(esc + "[1;5D") == [KeyEvent(.left, .ctrl)])
        #expect(decode(esc + "[1;5C") == [KeyEvent(.right, .ctrl)])
        #expect(decode(esc + "[1;3D") == [KeyEvent(.left, .alt)])
        #expect(decode(esc + "[1;2A") == [KeyEvent(.up, .shift)])
        #expect(decode(esc + "[1;6C") == [KeyEvent(.right, [.ctrl, .shift])])
        #expect(decode(esc + "[1;9D") == [KeyEvent(.left, .alt)])  // Meta counts as Alt
        #expect(decode(esc + "[3;5~") == [KeyEvent(.delete, .ctrl)])
        #expect(decode(esc + "[1;5H") == [KeyEvent(.home, .ctrl)])
        #expect(decode(esc + "[1;2P") == [KeyEvent(.function(1), .shift)])
    }

    @Test func rxvtForms() {
        #expect(decode(esc + "Od" + esc + "Oc") == [KeyEvent(.left, .ctrl), KeyEvent(.right, .ctrl)])
        #expect(decode(esc + "[a") == [KeyEvent(.up, .shift)])
        #expect(decode(esc + "[3$") == [KeyEvent(.delete, .shift)])
        #expect(decode(esc + "[3^") == [KeyEvent(.delete, .ctrl)])
    }

    @Test func ss3Sequences() {
        #expect(decode(esc + "OA" + esc + "OB" + esc + "OC" + esc + "OD") == [KeyEvent(.up), KeyEvent(.down), KeyEvent(.right), KeyEvent(.left)])
        #expect(decode(esc + "OH" + esc + "OF") == [KeyEvent(.home), KeyEvent(.end)])
        #expect(decode(esc + "OP" + esc + "OS") == [KeyEvent(.function(1)), KeyEvent(.function(4))])
        #expect(decode(esc + "OM") == [KeyEvent(.enter)])
        #expect(decode(esc + "O5C") == [KeyEvent(.right, .ctrl)])
    }

    @Test func csiUAndModifyOtherKeys() {
        #expect(decode(esc + "[99;5u") == [.ctrl("c")])
        #expect(decode(esc + "[13;3u") == [KeyEvent(.enter, .alt)])
        #expect(decode(esc + "[27;5;97~") == [.ctrl("a")])
        #expect(decode(esc + "[65;5u") == [.ctrl("a")])
    }

    @Test func bracketedPasteIsDeliveredAsTextThenEnd() {
        let pasted = "program p {\r  x = 1;\r}\t\u{1B}[A\u{03}"
        #expect(decode(esc + "[200~" + pasted + esc + "[201~" + "z") == [KeyEvent(.paste(pasted)), KeyEvent(.pasteEnd), .char("z")])
        // Pieces are handed over as they arrive; the end marker may be split across reads.
        var d = KeyDecoder()
        #expect(d.feed(Array((esc + "[200~ab" + esc + "[20").utf8)) == [KeyEvent(.paste("ab"))])
        #expect(d.isInPaste)
        #expect(d.feed(Array(("1~c").utf8)) == [KeyEvent(.pasteEnd), .char("c")])
        #expect(!d.hasPending)
        // A character split across reads inside a paste is not cut in two.
        #expect(d.feed(Array((esc + "[200~x").utf8) + [0xE6, 0xBC]) == [KeyEvent(.paste("x"))])
        #expect(d.feed([0xA2] + Array((esc + "[201~").utf8)) == [KeyEvent(.paste("漢")), KeyEvent(.pasteEnd)])
        // A stray paste end is ignored.
        #expect(decode(esc + "[201~x") == [.char("x")])
        // A paste whose end never comes ends when the input goes quiet.
        var stalled = KeyDecoder()
        #expect(stalled.feed(Array((esc + "[200~abc").utf8)) == [KeyEvent(.paste("abc"))])
        #expect(stalled.flush() == [KeyEvent(.pasteEnd)])
        #expect(stalled.feed(Array("\r".utf8)) == [KeyEvent(.enter)])
    }

    @Test func sequencesSplitAcrossReadsAreJoined() {
        var d = KeyDecoder()
        #expect(d.feed([0x1B]) == [])
        #expect(d.feed(Array("[1;".utf8)) == [])
        #expect(d.feed(Array("5D".utf8)) == [KeyEvent(.left, .ctrl)])
        #expect(d.feed([0xE6, 0xBC]) == [])
        #expect(d.feed([0xA2]) == [.char("漢")])
    }

    @Test func unknownSequencesAreIgnored() {
        #expect(decode(esc + "[I" + esc + "[O" + "a") == [.char("a")])           // focus in/out
        #expect(decode(esc + "[99~" + "b") == [.char("b")])                       // unknown key number
        #expect(decode(esc + "[?1;2c" + "c") == [.char("c")])                    // a device attributes reply
        #expect(decode(esc + "[<0;10;5M" + "d") == [.char("d")])                 // an SGR mouse report
        #expect(decode(esc + "OX" + "e") == [.char("e")])                        // unknown SS3
    }

    @Test func brokenSequencesAreDroppedAndTheNextByteDecoded() {
        // A control byte cannot be inside a CSI sequence: the sequence is dropped, Ctrl-C still arrives.
        #expect(decode(Array((esc + "[1;").utf8) + [0x03] + Array("x".utf8)) == [.ctrl("c"), .char("x")])
        // A truncated sequence at the end of the input is dropped, not inserted.
        #expect(decode(esc + "[1;5") == [])
        // ESC [ alone, then silence: Alt-[.
        #expect(decode(esc + "[") == [.alt("[")])
        // An over-long sequence is skipped up to its final byte.
        #expect(decode(esc + "[" + String(repeating: "1;", count: 40) + "5Dz") == [.char("z")])
    }

    @Test func invalidUTF8IsDropped() {
        #expect(decode([0x80, 0x61]) == [.char("a")])                 // stray continuation byte
        #expect(decode([0xE6, 0x61]) == [.char("a")])                 // truncated sequence
        #expect(decode([0xC0, 0xAF, 0x62]) == [.char("b")])           // overlong encoding
        #expect(decode([0xED, 0xA0, 0x80, 0x63]) == [.char("c")])     // surrogate
        #expect(decode([0xFF, 0x64]) == [.char("d")])
        #expect(decode([0xC2, 0x85, 0x65]) == [.char("e")])           // a C1 control
        #expect(decode([0xF0, 0x9F]) == [])                           // cut off at the end of the input
        // A character whose bytes come in two reads with a pause (and a flush) between them.
        var d = KeyDecoder()
        #expect(d.feed([0xE4]) == [])
        #expect(!d.needsTimeout)
        #expect(d.flush() == [])
        #expect(d.feed([0xBE, 0xA1, 0x21]) == [.char("価"), .char("!")])
    }
}
