// One entry being edited: applies commands to the buffer, the kill ring, undo, history browsing, search and
// completion. No I/O: it answers what happened (`EditOutcome`) and what to show (`PromptView`).

/// One line of the prompt area: its prompt and its text.
struct PromptLine: Equatable, Sendable {
    var prompt: String
    var text: String
}

/// What the prompt area shows: the lines, and the cursor as a line and a character offset in its text.
struct PromptView: Equatable, Sendable {
    var lines: [PromptLine]
    var cursorLine: Int
    var cursorIndex: Int

    /// The empty prompt area (no prompt shown).
    static let none = PromptView(lines: [PromptLine(prompt: "", text: "")], cursorLine: 0, cursorIndex: 0)
}

/// What a key did, beyond changing the buffer.
enum EditOutcome: Equatable, Sendable {
    case `continue`
    case submit(String)
    case interrupt
    case endOfFile
    case escape
    case clearScreen
    case suspend
    /// Show these completion candidates above the prompt.
    case list([String])
    case bell
}

struct EditSession {
    private(set) var buffer: LineBuffer
    let prompt: String
    let continuationPrompt: String
    private(set) var history: History
    private(set) var killRing: KillRing
    private(set) var search: HistorySearch?
    /// The query of the previous search, reused by Ctrl-R on an empty query.
    private(set) var lastSearchQuery: String
    var completer: ((String, Int) -> Completion)?
    var isComplete: ((String) -> Bool)?
    /// The prompts of the lines after the first, given the whole entry (nil: `continuationPrompt` on each).
    var continuationPrompts: ((String) -> [String])?

    /// `history.entries.count` while editing the new entry, else the index of the entry shown.
    private var historyIndex: Int
    private var editedLine: LineBuffer?
    private var undo = UndoStack()
    private var yankRange: Range<Int>?
    private enum Last { case other, insert, kill, yank, complete, undo }
    private var last = Last.other
    private var inPaste = false
    /// Newlines at the end of what the current paste inserted so far.
    private var pasteTrailingNewlines = 0

    init(prompt: String, continuationPrompt: String, history: History, killRing: KillRing = KillRing(),
         text: String = "", cursor: Int? = nil, lastSearchQuery: String = "") {
        self.prompt = prompt
        self.continuationPrompt = continuationPrompt
        self.history = history
        self.killRing = killRing
        self.buffer = LineBuffer(LineBuffer.normalize(text), cursor: cursor)
        self.historyIndex = history.entries.count
        self.lastSearchQuery = lastSearchQuery
    }

    // MARK: Keys

    mutating func handle(_ key: KeyEvent) -> EditOutcome {
        guard let command = Keymap.command(for: key) else { return .continue }
        if search != nil { return handleInSearch(command) }
        return perform(command)
    }

    mutating func perform(_ command: Command) -> EditOutcome {
        var next = Last.other
        defer { last = next }
        switch command {
        case .insert(let raw):
            let text = LineBuffer.normalize(raw)
            guard !text.isEmpty else { next = last; return .continue }
            if last != .insert || text.first?.isWhitespace == true || text.count > 1 { undo.record(buffer) }
            buffer.insert(text)
            next = .insert
        case .paste(let raw):
            let text = LineBuffer.normalize(raw)
            guard !text.isEmpty else { return .continue }
            if !inPaste {
                undo.record(buffer)
                inPaste = true
                pasteTrailingNewlines = 0
            }
            buffer.insert(text)
            let trailing = text.reversed().prefix(while: { $0 == "\n" }).count
            pasteTrailingNewlines = trailing == text.count ? pasteTrailingNewlines + trailing : trailing
        case .endPaste:
            var n = inPaste ? pasteTrailingNewlines : 0
            while n > 0, buffer.cursor > 0, buffer.characters[buffer.cursor - 1] == "\n" {
                buffer.remove((buffer.cursor - 1)..<buffer.cursor)
                n -= 1
            }
            inPaste = false
            pasteTrailingNewlines = 0
        case .insertNewline:
            undo.record(buffer)
            buffer.insert("\n")
        case .move(let movement):
            buffer.move(movement)
        case .kill(let movement):
            var range = buffer.range(of: movement)
            if movement == .lineEnd && range.isEmpty && buffer.cursor < buffer.count {
                range = buffer.cursor..<(buffer.cursor + 1)  // at the end of a line: kill the newline, joining lines
            }
            guard !range.isEmpty else { next = last == .kill ? .kill : .other; return .continue }
            undo.record(buffer)
            let backward = range.lowerBound < buffer.cursor
            let text = buffer.remove(range)
            killRing.kill(text, backward: backward, joinWithLast: last == .kill)
            next = .kill
        case .delete(let movement):
            let range = buffer.range(of: movement)
            guard !range.isEmpty else { return .continue }
            undo.record(buffer)
            buffer.remove(range)
        case .deleteOrEndOfFile:
            if buffer.isEmpty { return .endOfFile }
            // On the empty last line of an unfinished multi-line entry, Ctrl-D abandons the entry, as Ctrl-C does.
            if buffer.cursor == buffer.count && buffer.characters.last == "\n" { return .interrupt }
            return perform(.delete(.characterForward))
        case .yank:
            guard let text = killRing.yank() else { return .bell }
            undo.record(buffer)
            let start = buffer.cursor
            buffer.insert(text)
            yankRange = start..<buffer.cursor
            next = .yank
        case .yankPop:
            guard last == .yank, let range = yankRange, let text = killRing.rotate() else { return .bell }
            buffer.replace(range, with: text)
            yankRange = range.lowerBound..<buffer.cursor
            next = .yank
        case .transposeCharacters:
            let before = buffer
            if buffer.transpose() { undo.record(before) } else { return .bell }
        case .upcaseWord, .downcaseWord, .capitalizeWord:
            undo.record(buffer)
            buffer.transformWord { word in
                switch command {
                case .upcaseWord: return word.uppercased()
                case .downcaseWord: return word.lowercased()
                default: return word.prefix(1).uppercased() + word.dropFirst().lowercased()
                }
            }
        case .undo:
            guard let previous = undo.undo() else { return .bell }
            buffer = previous
            next = .undo
        case .clearScreen:
            return .clearScreen
        case .previousLineOrHistory:
            if !buffer.moveVertically(up: true, promptWidth: promptWidth) {
                guard historyIndex > 0 else { return .bell }
                show(historyIndex: historyIndex - 1, cursorOnFirstLine: true)
            }
        case .nextLineOrHistory:
            if !buffer.moveVertically(up: false, promptWidth: promptWidth) {
                guard historyIndex < history.entries.count else { return .bell }
                show(historyIndex: historyIndex + 1, cursorOnFirstLine: false)
            }
        case .historyFirst:
            guard !history.entries.isEmpty, historyIndex != 0 else { return .continue }
            show(historyIndex: 0, cursorOnFirstLine: false)
        case .historyLast:
            guard historyIndex != history.entries.count else { return .continue }
            show(historyIndex: history.entries.count, cursorOnFirstLine: false)
        case .reverseSearch, .forwardSearch:
            search = HistorySearch(backward: command == .reverseSearch, original: buffer, originalIndex: historyIndex)
        case .complete:
            return complete(&next)
        case .accept:
            let text = buffer.text
            if isComplete?(text) ?? true { return .submit(text) }
            undo.record(buffer)
            buffer.insert("\n")
        case .interrupt:
            return .interrupt
        case .abort:
            return .bell
        case .escape:
            return buffer.isEmpty ? .escape : .continue
        case .suspend:
            return .suspend
        }
        return .continue
    }

    // MARK: History

    /// Shows a history entry (or, past the newest, the entry being edited). Going back the cursor lands at the end
    /// of the entry's first line and going forward at its end, so that pressing Up (or Down) again goes straight on
    /// through history; to walk the lines of a recalled entry, press the other arrow.
    private mutating func show(historyIndex index: Int, cursorOnFirstLine: Bool) {
        if historyIndex == history.entries.count { editedLine = buffer }
        historyIndex = index
        if index >= history.entries.count {
            buffer = editedLine ?? LineBuffer()
        } else {
            var b = LineBuffer(history.entries[index])
            if cursorOnFirstLine { b.cursor = b.lineRange(containing: 0).upperBound }
            buffer = b
        }
        undo.removeAll()
    }

    private mutating func handleInSearch(_ command: Command) -> EditOutcome {
        guard var s = search else { return .continue }
        switch command {
        case .endPaste:
            return .continue
        case .insert(let text), .paste(let text):
            s.query += LineBuffer.normalize(text).filter { $0 != "\n" }
            s.run(in: history, advancing: false)
            search = s
        case .delete(.characterBackward):
            if !s.query.isEmpty { s.query.removeLast() }
            s.match = nil
            s.run(in: history, advancing: false)
            search = s
        case .reverseSearch, .forwardSearch:
            let backward = command == .reverseSearch
            if s.query.isEmpty { s.query = lastSearchQuery }
            let turned = s.backward != backward
            s.backward = backward
            s.run(in: history, advancing: !turned || s.failed == false)
            search = s
        case .abort, .escape:
            buffer = s.original
            search = nil
            if !s.query.isEmpty { lastSearchQuery = s.query }
        case .interrupt:
            buffer = s.original
            search = nil
            return .interrupt
        default:
            acceptSearch()
            return perform(command)
        }
        return .continue
    }

    private mutating func acceptSearch() {
        guard let s = search else { return }
        search = nil
        if !s.query.isEmpty { lastSearchQuery = s.query }
        guard let match = s.match else { return }
        if historyIndex == history.entries.count { editedLine = s.original }
        historyIndex = match.index
        buffer = LineBuffer(history.entries[match.index], cursor: match.position)
        undo.removeAll()
    }

    // MARK: Completion

    private mutating func complete(_ next: inout Last) -> EditOutcome {
        guard let completer else { return .bell }
        let cursor = buffer.cursor
        let answer = completer(buffer.text, cursor)
        let start = min(max(answer.replaceStart, 0), cursor)
        var seen = Set<String>()
        let candidates = answer.candidates.filter { seen.insert($0).inserted }
        guard !candidates.isEmpty else { return .bell }
        let word = String(buffer.characters[start..<cursor])
        if candidates.count == 1 {
            if candidates[0] != word {
                undo.record(buffer)
                buffer.replace(start..<cursor, with: candidates[0])
            }
            return .continue
        }
        let prefix = CompletionList.commonPrefix(candidates)
        if prefix.count > word.count {
            undo.record(buffer)
            buffer.replace(start..<cursor, with: prefix)
            next = .complete
            return .continue
        }
        if last == .complete { return .list(candidates) }
        next = .complete
        return .bell
    }

    // MARK: View

    private func promptWidth(_ line: Int) -> Int {
        DisplayWidth.of(line == 0 ? prompt : continuation(line, of: buffer.text, prompts: nil))
    }

    /// The prompt of line `line` (≥ 1) of `text`.
    private func continuation(_ line: Int, of text: String, prompts: [String]?) -> String {
        guard let list = prompts ?? continuationPrompts?(text), line - 1 < list.count else { return continuationPrompt }
        return list[line - 1]
    }

    /// The prompt area to draw: the entry's lines (or the search prompt and its match) and the cursor.
    var view: PromptView {
        let text: String
        let cursor: Int
        var firstPrompt = prompt
        if let s = search {
            firstPrompt = s.label
            if let m = s.match {
                text = history.entries[m.index]
                cursor = m.position
            } else {
                text = s.original.text
                cursor = s.original.cursor
            }
        } else {
            text = buffer.text
            cursor = buffer.cursor
        }
        let chars = Array(text)
        let prompts = search == nil ? continuationPrompts?(text) : nil
        var lines: [PromptLine] = []
        var current = ""
        var cursorLine = 0, cursorIndex = 0, column = 0
        for (i, c) in chars.enumerated() {
            if i == cursor { cursorLine = lines.count; cursorIndex = column }
            if c == "\n" {
                lines.append(PromptLine(prompt: lines.isEmpty ? firstPrompt : continuation(lines.count, of: text, prompts: prompts), text: current))
                current = ""
                column = 0
            } else {
                current.append(c)
                column += 1
            }
        }
        if cursor >= chars.count { cursorLine = lines.count; cursorIndex = column }
        lines.append(PromptLine(prompt: lines.isEmpty ? firstPrompt : continuation(lines.count, of: text, prompts: prompts), text: current))
        return PromptView(lines: lines, cursorLine: cursorLine, cursorIndex: cursorIndex)
    }
}
