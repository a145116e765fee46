// The text being edited and its cursor: grapheme clusters, no I/O. A multi-line entry holds "\n" characters;
// "line" below means one line of the entry.

struct LineBuffer: Equatable, Sendable {
    private(set) var characters: [Character]
    /// Cursor position: an index into `characters` (0…count).
    var cursor: Int { didSet { cursor = min(max(cursor, 0), characters.count) } }

    init(_ text: String = "", cursor: Int? = nil) {
        characters = Array(text)
        self.cursor = min(max(cursor ?? characters.count, 0), characters.count)
    }

    var text: String { String(characters) }
    var isEmpty: Bool { characters.isEmpty }
    var count: Int { characters.count }

    /// Text with CR LF and CR turned into "\n", tabs into 4 spaces, other control characters removed.
    static func normalize(_ text: String) -> String {
        var out = ""
        var previousWasCR = false
        for c in text {
            defer { previousWasCR = c == "\r" }
            switch c {
            case "\r\n", "\r", "\n":
                if c == "\n" && previousWasCR { continue }
                out.append("\n")
            case "\t": out += "    "
            default:
                if let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1, v < 0x20 || (0x7F..<0xA0).contains(v) {
                    continue
                }
                out.append(c)
            }
        }
        return out
    }

    // MARK: Changes

    /// Inserts at the cursor and moves the cursor after the insertion (combining marks join their base).
    mutating func insert(_ text: String) {
        replace(cursor..<cursor, with: text)
    }

    /// Replaces a range of characters, leaving the cursor after the new text; returns the old text.
    @discardableResult
    mutating func replace(_ range: Range<Int>, with text: String) -> String {
        let range = clamp(range)
        let removed = String(characters[range])
        let head = String(characters[..<range.lowerBound]) + text
        let full = head + String(characters[range.upperBound...])
        characters = Array(full)
        cursor = head.count
        return removed
    }

    /// Removes a range; the cursor goes to its start. Returns the removed text.
    @discardableResult
    mutating func remove(_ range: Range<Int>) -> String {
        replace(range, with: "")
    }

    /// Ctrl-T: swaps the characters around the cursor (the last two at the end of a line) and moves past them.
    mutating func transpose() -> Bool {
        let line = lineRange(containing: cursor)
        guard line.count >= 2, cursor > line.lowerBound else { return false }
        let right = cursor == line.upperBound ? cursor - 1 : cursor
        let left = right - 1
        characters.swapAt(left, right)
        cursor = right + 1
        return true
    }

    /// Applies `transform` to the next word (from the cursor) and moves the cursor after it.
    mutating func transformWord(_ transform: (String) -> String) {
        let end = position(after: .wordForward)
        var start = cursor
        while start < end && !Self.isWordCharacter(characters[start]) { start += 1 }
        guard start < end else { cursor = end; return }
        let word = String(characters[start..<end])
        let changed = transform(word)
        replace(start..<end, with: changed)
    }

    // MARK: Motions

    /// Where `movement` takes the cursor.
    func position(after movement: Movement) -> Int {
        let n = characters.count
        switch movement {
        case .characterBackward: return max(0, cursor - 1)
        case .characterForward: return min(n, cursor + 1)
        case .wordBackward:
            var i = cursor
            while i > 0 && !Self.isWordCharacter(characters[i - 1]) { i -= 1 }
            while i > 0 && Self.isWordCharacter(characters[i - 1]) { i -= 1 }
            return i
        case .wordForward:
            var i = cursor
            while i < n && !Self.isWordCharacter(characters[i]) { i += 1 }
            while i < n && Self.isWordCharacter(characters[i]) { i += 1 }
            return i
        case .whitespaceWordBackward:
            var i = cursor
            while i > 0 && characters[i - 1].isWhitespace { i -= 1 }
            while i > 0 && !characters[i - 1].isWhitespace { i -= 1 }
            return i
        case .lineStart: return lineRange(containing: cursor).lowerBound
        case .lineEnd: return lineRange(containing: cursor).upperBound
        case .entryStart: return 0
        case .entryEnd: return n
        }
    }

    /// The characters between the cursor and where `movement` would take it.
    func range(of movement: Movement) -> Range<Int> {
        let target = position(after: movement)
        return min(target, cursor)..<max(target, cursor)
    }

    mutating func move(_ movement: Movement) { cursor = position(after: movement) }

    // MARK: Lines of a multi-line entry

    /// The line (without its "\n") that contains `index`.
    func lineRange(containing index: Int) -> Range<Int> {
        var start = min(index, characters.count)
        while start > 0 && characters[start - 1] != "\n" { start -= 1 }
        var end = min(index, characters.count)
        while end < characters.count && characters[end] != "\n" { end += 1 }
        return start..<end
    }

    /// Which line of the entry the cursor is on (0-based).
    var cursorLine: Int { characters[..<cursor].reduce(0) { $1 == "\n" ? $0 + 1 : $0 } }
    var lineCount: Int { characters.reduce(1) { $1 == "\n" ? $0 + 1 : $0 } }

    /// Moves to the previous (`up`) or next line keeping the display column (given the prompts' widths); false at the edge.
    mutating func moveVertically(up: Bool, promptWidth: (Int) -> Int) -> Bool {
        let line = lineRange(containing: cursor)
        let lineNumber = cursorLine
        let column = promptWidth(lineNumber) + DisplayWidth.of(String(characters[line.lowerBound..<cursor]))
        let target: Range<Int>
        if up {
            guard line.lowerBound > 0 else { return false }
            target = lineRange(containing: line.lowerBound - 1)
        } else {
            guard line.upperBound < characters.count else { return false }
            target = lineRange(containing: line.upperBound + 1)
        }
        let targetLine = lineNumber + (up ? -1 : 1)
        var width = promptWidth(targetLine)
        var i = target.lowerBound
        while i < target.upperBound {
            let w = DisplayWidth.of(characters[i])
            if width + w > column { break }
            width += w
            i += 1
        }
        cursor = i
        return true
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    private func clamp(_ r: Range<Int>) -> Range<Int> {
        let lo = min(max(r.lowerBound, 0), characters.count)
        let hi = min(max(r.upperBound, lo), characters.count)
        return lo..<hi
    }
}
