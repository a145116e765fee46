// The emacs keymap: key events to commands. docs/keys.md lists the same bindings for users.

enum Keymap {
    /// The command bound to `key`, or nil if it is unbound (ignored).
    static func command(for key: KeyEvent) -> Command? {
        let m = key.modifiers
        switch key.code {
        case .paste(let text): return .paste(text)
        case .pasteEnd: return .endPaste
        case .character(let c) where m == .ctrl: return control(c)
        case .character(let c) where m == .alt || m == [.alt, .shift]: return alt(c)
        case .character(let c) where m == [.ctrl, .alt]:
            return c == "h" ? .kill(.wordBackward) : nil  // Alt-Backspace on terminals that send ESC ^H
        case .character(let c) where m.isEmpty || m == .shift: return .insert(String(Character(c)))
        case .character: return nil
        case .enter: return m.contains(.alt) ? .insertNewline : .accept
        case .tab: return .complete
        case .backTab: return nil
        case .backspace: return m.contains(.alt) || m.contains(.ctrl) ? .kill(.wordBackward) : .delete(.characterBackward)
        case .escape: return .escape
        case .left:
            return m.contains(.ctrl) || m.contains(.alt) ? .move(.wordBackward) : .move(.characterBackward)
        case .right:
            return m.contains(.ctrl) || m.contains(.alt) ? .move(.wordForward) : .move(.characterForward)
        case .up: return .previousLineOrHistory
        case .down: return .nextLineOrHistory
        case .home: return m.contains(.ctrl) ? .move(.entryStart) : .move(.lineStart)
        case .end: return m.contains(.ctrl) ? .move(.entryEnd) : .move(.lineEnd)
        case .delete: return m.contains(.ctrl) || m.contains(.alt) ? .kill(.wordForward) : .delete(.characterForward)
        case .pageUp: return .historyFirst
        case .pageDown: return .historyLast
        case .insert, .function: return nil
        }
    }

    private static func control(_ c: Unicode.Scalar) -> Command? {
        switch c {
        case "a": return .move(.lineStart)
        case "b": return .move(.characterBackward)
        case "c": return .interrupt
        case "d": return .deleteOrEndOfFile
        case "e": return .move(.lineEnd)
        case "f": return .move(.characterForward)
        case "g": return .abort
        case "h": return .delete(.characterBackward)
        case "j", "m": return .accept
        case "k": return .kill(.lineEnd)
        case "l": return .clearScreen
        case "n": return .nextLineOrHistory
        case "p": return .previousLineOrHistory
        case "r": return .reverseSearch
        case "s": return .forwardSearch
        case "t": return .transposeCharacters
        case "u": return .kill(.lineStart)
        case "w": return .kill(.whitespaceWordBackward)
        case "y": return .yank
        case "z": return .suspend
        case "_", "/": return .undo
        default: return nil
        }
    }

    private static func alt(_ c: Unicode.Scalar) -> Command? {
        switch c {
        case "b", "B": return .move(.wordBackward)
        case "f", "F": return .move(.wordForward)
        case "d", "D": return .kill(.wordForward)
        case "y", "Y": return .yankPop
        case "u", "U": return .upcaseWord
        case "l", "L": return .downcaseWord
        case "c", "C": return .capitalizeWord
        case "<": return .historyFirst
        case ">": return .historyLast
        default: return nil
        }
    }
}
