// Decodes the terminal's byte stream into key events, incrementally.
//
// Understands: C0 control keys (Ctrl-A…Ctrl-Z, Ctrl-Space, Ctrl-\ ] ^ _), DEL as Backspace, ESC-prefixed
// Alt/Meta keys, CSI sequences (ESC [ params final: arrows, Home/End, Insert/Delete, PageUp/Down, F1–F12,
// xterm modifier parameters such as ESC[1;5D for Ctrl-Left, rxvt's ESC[a…d / $ / ^ forms, Shift-Tab ESC[Z,
// CSI-u and modifyOtherKeys ESC[27;m;c~), SS3 sequences (ESC O A…D/H/F/P…S/M), bracketed paste
// (ESC[200~ … ESC[201~ as `.paste` pieces as the text arrives, then `.pasteEnd`) and UTF-8.
// An unknown sequence is consumed and ignored; a broken one (a byte that cannot belong to it) is dropped and
// the offending byte decoded afresh; a truncated escape sequence is dropped by `flush()`, which the reader calls
// after a short silence — so nothing is inserted as garbage and nothing waits forever. An incomplete UTF-8
// character is kept until its next byte: that byte completes it, or (not a continuation byte) drops it.

struct KeyDecoder {
    private var pending: [UInt8] = []
    private var inPaste = false
    private var pasteBytes: [UInt8] = []
    /// Discarding the rest of an over-long control sequence.
    private var skipping = false

    static let maximumSequenceLength = 32
    private static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    /// True while bytes are held waiting for the rest of a sequence (the caller should `flush()` after a pause).
    var hasPending: Bool { !pending.isEmpty || inPaste }
    /// True when what is held is the start of an escape sequence: after a short silence the caller should
    /// `flush()` (a lone ESC is the Escape key). An incomplete UTF-8 character waits for its other bytes instead.
    var needsTimeout: Bool { pending.first == 0x1B || inPaste }
    /// True inside a bracketed paste (the caller may wait longer before flushing).
    var isInPaste: Bool { inPaste }

    /// Decodes `bytes` after whatever was pending; returns every key that is complete.
    mutating func feed<S: Sequence>(_ bytes: S) -> [KeyEvent] where S.Element == UInt8 {
        pending.append(contentsOf: bytes)
        return drain(final: false)
    }

    /// No more bytes came: a lone ESC is Escape, a truncated sequence is dropped, a paste that stalled ends.
    mutating func flush() -> [KeyEvent] {
        var keys = drain(final: true)
        if inPaste {
            pasteBytes.append(contentsOf: pending)
            pending.removeAll()
            inPaste = false
            keys += takePaste(upTo: pasteBytes.count)
            keys.append(KeyEvent(.pasteEnd))
        }
        skipping = false
        return keys
    }

    /// The pasted bytes up to `end` as a `.paste` key (none if empty), invalid UTF-8 dropped.
    private mutating func takePaste(upTo end: Int) -> [KeyEvent] {
        guard end > 0 else { return [] }
        let text = String(decoding: pasteBytes[..<end], as: UTF8.self).filter { $0 != "\u{FFFD}" }
        pasteBytes.removeFirst(end)
        return text.isEmpty ? [] : [KeyEvent(.paste(text))]
    }

    /// How many bytes at the end of `bytes` are an incomplete UTF-8 sequence (held back for the next read).
    private static func incompleteUTF8Suffix(_ bytes: [UInt8]) -> Int {
        var k = 1
        while k <= min(3, bytes.count) {
            let b = bytes[bytes.count - k]
            if b & 0xC0 != 0x80 {
                let need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                return need > k ? k : 0
            }
            k += 1
        }
        return 0
    }

    private enum Step {
        case key(KeyEvent?, Int)  // a key (nil: ignored bytes) and how many bytes it took
        case pasteStart(Int)
        case needMore
    }

    private mutating func drain(final: Bool) -> [KeyEvent] {
        var keys: [KeyEvent] = []
        var i = 0
        loop: while i < pending.count {
            if inPaste {
                if let end = Self.find(Self.pasteEnd, in: pending, from: i) {
                    pasteBytes.append(contentsOf: pending[i..<end])
                    keys += takePaste(upTo: pasteBytes.count)
                    keys.append(KeyEvent(.pasteEnd))
                    pasteBytes.removeAll()
                    inPaste = false
                    i = end + Self.pasteEnd.count
                    continue
                }
                // Hand over what has arrived (so a long paste shows as it comes), keeping a possible partial
                // end marker and an incomplete UTF-8 sequence for the next read.
                let keep = Self.partialSuffix(of: pending[i...], prefixOf: Self.pasteEnd)
                pasteBytes.append(contentsOf: pending[i..<(pending.count - keep)])
                i = pending.count - keep
                keys += takePaste(upTo: pasteBytes.count - Self.incompleteUTF8Suffix(pasteBytes))
                break loop
            }
            if skipping {
                let b = pending[i]
                if (0x20...0x3F).contains(b) { i += 1; continue }
                skipping = false
                if (0x40...0x7E).contains(b) { i += 1 }
                continue
            }
            switch parse(at: i, final: final) {
            case .key(let key, let length):
                if let key { keys.append(key) }
                i += length
            case .pasteStart(let length):
                inPaste = true
                i += length
            case .needMore:
                break loop
            }
        }
        pending.removeFirst(i)
        return keys
    }

    private mutating func parse(at i: Int, final: Bool) -> Step {
        let b = pending[i]
        switch b {
        case 0x1B: return parseEscape(at: i, final: final)
        case 0x0D: return .key(KeyEvent(.enter), 1)
        case 0x09: return .key(KeyEvent(.tab), 1)
        case 0x7F: return .key(KeyEvent(.backspace), 1)
        case 0x00: return .key(.ctrl(" "), 1)
        case 0x01...0x1A: return .key(.ctrl(Unicode.Scalar(b + 0x60)), 1)
        case 0x1C...0x1F: return .key(.ctrl(Unicode.Scalar(b + 0x40)), 1)
        case 0x20...0x7E: return .key(.char(Unicode.Scalar(b)), 1)
        default: return parseUTF8(at: i, final: final)
        }
    }

    private mutating func parseEscape(at i: Int, final: Bool) -> Step {
        guard i + 1 < pending.count else { return final ? .key(KeyEvent(.escape), 1) : .needMore }
        switch pending[i + 1] {
        case UInt8(ascii: "["): return parseCSI(at: i, final: final)
        case UInt8(ascii: "O"): return parseSS3(at: i, final: final)
        default:
            // ESC then a key: that key with Alt (Meta sends ESC as a prefix).
            switch parse(at: i + 1, final: final) {
            case .needMore: return .needMore
            case .pasteStart(let n): return .pasteStart(n + 1)
            case .key(let key, let n):
                guard var key else { return .key(nil, n + 1) }
                if case .paste = key.code { return .key(key, n + 1) }
                if key.code == .pasteEnd { return .key(key, n + 1) }
                key.modifiers.insert(.alt)
                return .key(key, n + 1)
            }
        }
    }

    private mutating func parseCSI(at i: Int, final: Bool) -> Step {
        var j = i + 2
        var parameters: [UInt8] = []
        while j < pending.count {
            let c = pending[j]
            let isPrivate = parameters.first.map { (0x3C...0x3F).contains($0) } ?? false
            if c == UInt8(ascii: "$") && !isPrivate && !parameters.isEmpty {
                return .key(Self.mapCSI(parameters, final: c), j + 1 - i)  // rxvt Shift-<key>: ESC[2$
            }
            if (0x20...0x3F).contains(c) {
                if c >= 0x30 { parameters.append(c) }
                j += 1
                if j - i > Self.maximumSequenceLength {
                    skipping = true
                    return .key(nil, j - i)
                }
                continue
            }
            if (0x40...0x7E).contains(c) {
                if !isPrivate && c == UInt8(ascii: "~") && parameters == Array("200".utf8) {
                    return .pasteStart(j + 1 - i)
                }
                return .key(isPrivate ? nil : Self.mapCSI(parameters, final: c), j + 1 - i)
            }
            return .key(nil, j - i)  // broken: drop it, decode this byte afresh
        }
        guard final else { return .needMore }
        if j == i + 2 { return .key(.alt("["), 2) }
        return .key(nil, j - i)
    }

    private func parseSS3(at i: Int, final: Bool) -> Step {
        var j = i + 2
        var modifier = 0
        while j < pending.count, (0x30...0x39).contains(pending[j]) {
            modifier = min(modifier * 10 + Int(pending[j] - 0x30), 1000)
            j += 1
        }
        guard j < pending.count else {
            guard final else { return .needMore }
            return j == i + 2 ? .key(.alt("O"), 2) : .key(nil, j - i)
        }
        let c = pending[j]
        guard (0x40...0x7E).contains(c) else { return .key(nil, j - i) }
        var modifiers = KeyModifiers(xtermParameter: modifier)
        let code: KeyCode?
        switch c {
        case UInt8(ascii: "A"): code = .up
        case UInt8(ascii: "B"): code = .down
        case UInt8(ascii: "C"): code = .right
        case UInt8(ascii: "D"): code = .left
        case UInt8(ascii: "H"): code = .home
        case UInt8(ascii: "F"): code = .end
        case UInt8(ascii: "M"): code = .enter
        case UInt8(ascii: "P")...UInt8(ascii: "S"): code = .function(Int(c - UInt8(ascii: "P")) + 1)
        case UInt8(ascii: "a")...UInt8(ascii: "d"):  // rxvt Ctrl-arrows
            modifiers.insert(.ctrl)
            code = [KeyCode.up, .down, .right, .left][Int(c - UInt8(ascii: "a"))]
        default: code = nil
        }
        return .key(code.map { KeyEvent($0, modifiers) }, j + 1 - i)
    }

    /// Maps a complete CSI sequence (parameter bytes, final byte) to a key; nil for one we do not know.
    private static func mapCSI(_ parameterBytes: [UInt8], final: UInt8) -> KeyEvent? {
        // Parameters: numbers separated by ';' (sub-parameters after ':' are ignored).
        let numbers: [Int?] = String(decoding: parameterBytes, as: UTF8.self)
            .split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.split(separator: ":").first.flatMap { Int($0) } }
        func number(_ k: Int) -> Int? { k < numbers.count ? numbers[k] : nil }
        let modifiers = KeyModifiers(xtermParameter: number(1) ?? 1)
        switch final {
        case UInt8(ascii: "A"): return KeyEvent(.up, modifiers)
        case UInt8(ascii: "B"): return KeyEvent(.down, modifiers)
        case UInt8(ascii: "C"): return KeyEvent(.right, modifiers)
        case UInt8(ascii: "D"): return KeyEvent(.left, modifiers)
        case UInt8(ascii: "H"): return KeyEvent(.home, modifiers)
        case UInt8(ascii: "F"): return KeyEvent(.end, modifiers)
        case UInt8(ascii: "P")...UInt8(ascii: "S"):
            return KeyEvent(.function(Int(final - UInt8(ascii: "P")) + 1), modifiers)
        case UInt8(ascii: "Z"): return KeyEvent(.backTab)
        case UInt8(ascii: "a")...UInt8(ascii: "d"):  // rxvt Shift-arrows
            return KeyEvent([KeyCode.up, .down, .right, .left][Int(final - UInt8(ascii: "a"))], .shift)
        case UInt8(ascii: "u"):  // CSI u: ESC[code;modifiers u
            guard let code = number(0) else { return nil }
            return keyFromCodePoint(code, modifiers)
        case UInt8(ascii: "~"), UInt8(ascii: "$"), UInt8(ascii: "^"), UInt8(ascii: "@"):
            guard let n = number(0) else { return nil }
            var mods: KeyModifiers
            switch final {
            case UInt8(ascii: "$"): mods = .shift
            case UInt8(ascii: "^"): mods = .ctrl
            case UInt8(ascii: "@"): mods = [.ctrl, .shift]
            default: mods = modifiers
            }
            if n == 27, final == UInt8(ascii: "~"), let code = number(2) {  // xterm modifyOtherKeys
                return keyFromCodePoint(code, modifiers)
            }
            let code: KeyCode
            switch n {
            case 1, 7: code = .home
            case 2: code = .insert
            case 3: code = .delete
            case 4, 8: code = .end
            case 5: code = .pageUp
            case 6: code = .pageDown
            case 11...15: code = .function(n - 10)
            case 17...21: code = .function(n - 11)
            case 23, 24: code = .function(n - 12)
            default: return nil  // includes a stray paste end (201)
            }
            return KeyEvent(code, mods)
        default:
            return nil  // focus reports, mouse, cursor reports, anything else: ignored
        }
    }

    private static func keyFromCodePoint(_ code: Int, _ modifiers: KeyModifiers) -> KeyEvent? {
        switch code {
        case 13: return KeyEvent(.enter, modifiers)
        case 9: return KeyEvent(modifiers.contains(.shift) ? .backTab : .tab, modifiers.subtracting(.shift))
        case 127, 8: return KeyEvent(.backspace, modifiers)
        case 27: return KeyEvent(.escape, modifiers)
        default:
            guard code >= 0x20, code != 0x7F, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            var mods = modifiers
            var s = scalar
            if mods.contains(.ctrl), let lower = Character(s).lowercased().unicodeScalars.first { s = lower }
            if !mods.contains(.ctrl) && !mods.contains(.alt) { mods.remove(.shift) }
            return KeyEvent(.character(s), mods)
        }
    }

    private func parseUTF8(at i: Int, final: Bool) -> Step {
        let b = pending[i]
        let length: Int
        var value: UInt32
        switch b {
        case 0xC2...0xDF: length = 2; value = UInt32(b & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(b & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(b & 0x07)
        default: return .key(nil, 1)  // a stray continuation byte or an impossible lead byte
        }
        for k in 1..<length {
            guard i + k < pending.count else { return .needMore }  // even on flush: the rest may come later
            let c = pending[i + k]
            guard c & 0xC0 == 0x80 else { return .key(nil, k) }  // truncated: drop, decode `c` afresh
            value = value << 6 | UInt32(c & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, value >= 0xA0, let scalar = Unicode.Scalar(value) else { return .key(nil, length) }
        return .key(.char(scalar), length)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count - start >= needle.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func partialSuffix(of bytes: ArraySlice<UInt8>, prefixOf marker: [UInt8]) -> Int {
        var k = min(marker.count - 1, bytes.count)
        while k > 0 {
            if bytes.suffix(k).elementsEqual(marker.prefix(k)) { return k }
            k -= 1
        }
        return 0
    }
}
