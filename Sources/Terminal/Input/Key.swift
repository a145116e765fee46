// Key events: what the decoder makes of the terminal's byte stream.

/// Modifier keys held with a key.
struct KeyModifiers: OptionSet, Hashable, Sendable, CustomStringConvertible {
    let rawValue: UInt8
    static let shift = KeyModifiers(rawValue: 1)
    static let alt = KeyModifiers(rawValue: 2)
    static let ctrl = KeyModifiers(rawValue: 4)

    /// From an xterm modifier parameter (1 + bits: 1 shift, 2 alt, 4 ctrl, 8 meta → alt).
    init(xtermParameter p: Int) {
        let bits = max(0, p - 1)
        var m: KeyModifiers = []
        if bits & 1 != 0 { m.insert(.shift) }
        if bits & 2 != 0 || bits & 8 != 0 { m.insert(.alt) }
        if bits & 4 != 0 { m.insert(.ctrl) }
        self = m
    }
    init(rawValue: UInt8) { self.rawValue = rawValue }

    var description: String {
        (contains(.ctrl) ? "Ctrl-" : "") + (contains(.alt) ? "Alt-" : "") + (contains(.shift) ? "Shift-" : "")
    }
}

/// Which key: a character or a named key.
enum KeyCode: Hashable, Sendable {
    /// A character; control keys are the letter with `.ctrl` (Ctrl-A is `.character("a")` + `.ctrl`).
    case character(Unicode.Scalar)
    case enter, tab, backTab, backspace, escape
    case up, down, left, right, home, end, insert, delete, pageUp, pageDown
    /// F1…F12.
    case function(Int)
    /// Bracketed paste: text between ESC[200~ and ESC[201~, delivered in pieces as it arrives.
    case paste(String)
    /// The end of a bracketed paste.
    case pasteEnd
}

/// One key press.
struct KeyEvent: Hashable, Sendable, CustomStringConvertible {
    var code: KeyCode
    var modifiers: KeyModifiers

    init(_ code: KeyCode, _ modifiers: KeyModifiers = []) {
        self.code = code
        self.modifiers = modifiers
    }

    static func char(_ c: Unicode.Scalar, _ modifiers: KeyModifiers = []) -> KeyEvent {
        KeyEvent(.character(c), modifiers)
    }
    static func ctrl(_ c: Unicode.Scalar) -> KeyEvent { KeyEvent(.character(c), .ctrl) }
    static func alt(_ c: Unicode.Scalar) -> KeyEvent { KeyEvent(.character(c), .alt) }

    var description: String {
        switch code {
        case .character(let c): return modifiers.description + (c == " " ? "Space" : String(Character(c)))
        case .paste(let text): return "Paste(\(text.debugDescription))"
        default: return modifiers.description + "\(code)"
        }
    }
}
