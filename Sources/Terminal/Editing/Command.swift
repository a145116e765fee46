// Editing commands: what a key means, independent of which key it was. Commands are built from
// movements, so one set of motions serves moving, killing and deleting.

/// A cursor motion within the entry.
enum Movement: Equatable, Sendable {
    case characterBackward, characterForward
    /// To the start of the previous word (letters, digits, `_`).
    case wordBackward
    /// To the end of the next word.
    case wordForward
    /// Back to the previous whitespace (Ctrl-W's notion of a word).
    case whitespaceWordBackward
    /// Start and end of the current line of a multi-line entry.
    case lineStart, lineEnd
    case entryStart, entryEnd
}

/// An editing command, the output of the keymap.
enum Command: Equatable, Sendable {
    case insert(String)
    /// A piece of a bracketed paste: inserted as is, newlines included; the whole paste is one undo step.
    case paste(String)
    /// The paste is over: a final newline it brought is dropped (the user presses Enter to run it).
    case endPaste
    case insertNewline
    case move(Movement)
    /// Remove text to the kill ring.
    case kill(Movement)
    /// Remove text without saving it.
    case delete(Movement)
    /// Ctrl-D: end of file on an empty entry, else delete the character under the cursor.
    case deleteOrEndOfFile
    case yank, yankPop
    case transposeCharacters
    case upcaseWord, downcaseWord, capitalizeWord
    case undo
    case clearScreen
    /// Up: the previous line of the entry, or the previous history item from its first line.
    case previousLineOrHistory
    /// Down: the next line of the entry, or the next history item from its last line.
    case nextLineOrHistory
    case historyFirst, historyLast
    case reverseSearch, forwardSearch
    case complete
    /// Enter: submit if the entry is complete, else insert a newline.
    case accept
    case interrupt
    /// Ctrl-G: cancel a search.
    case abort
    case escape
    case suspend
}
