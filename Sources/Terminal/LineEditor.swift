// The line editor: reads keys from a file descriptor in raw mode, edits an entry, and keeps the block at the
// bottom of the screen (live region, then prompt) up to date while other threads print above it.
//
// Stages: KeyDecoder (bytes → keys) → Keymap (keys → commands) → EditSession (commands → buffer) →
// PromptLayout / LiveRegion (what to show) → BlockRenderer (the bytes of one frame). This file only drives them
// and owns the state shared between threads, guarded by one lock; the user's callbacks are never called with
// the lock held.
import Foundation
import Glibc
import TraceSystem

/// A raw-mode line editor with history, completion, multi-line entries and a live region above the prompt.
public final class LineEditor: @unchecked Sendable, SignalObserver {   // the mutable state is touched only with `lock` held; the rest is set in init
    let configuration: EditorConfiguration
    /// True when input and output are terminals and TERM is not `dumb`; otherwise plain mode (no escape codes).
    public let isTerminal: Bool
    private let promptsInPlainMode: Bool
    let raw: RawMode
    private let historyFile: HistoryFile?
    private let plainReader: PlainLineReader

    // Shared between threads, guarded by `lock`.
    private let lock = Lock(())
    private var renderer: BlockRenderer
    private var live: [String] = []
    private var liveRowsDrawn = 0
    private var shown = PromptView.none
    /// The first row of the prompt area shown when it is taller than the window.
    private var promptTop = 0
    private var size: (rows: Int, columns: Int)
    private var completerStorage: (@Sendable (String, Int) -> Completion)?
    private var isCompleteStorage: (@Sendable (String) -> Bool)?
    private var onResizeStorage: (@Sendable () -> Void)?
    private var continuationPromptsStorage: (@Sendable (String) -> [String])?
    private var suspendRefusalStorage: String?
    private var staysRawAfterEntryStorage = false
    /// Keys typed while a command ran (not Ctrl-C or Ctrl-Z), kept for the next entry.
    var typeAhead: [UInt8] = []
    /// The watcher reading Ctrl-C and Ctrl-Z while a command runs.
    var busy: BusyWatch?
    /// Set by `cancelRead()`: `readEvent()` returns `.endOfFile` at once.
    var readCancelled = false
    private var preload: String?
    private var history: History
    private var killRing = KillRing()
    private var lastSearchQuery = ""
    private var expectedContinues = 0

    /// How often a read waiting for a key checks whether `cancelRead()` was called.
    static let wakeCheckMilliseconds: Int32 = 100

    /// A bracketed paste that stalls this long without its end marker is taken as ended.
    static let pasteStallMilliseconds: Int32 = 3000

    // Used only by the thread inside `readEvent()`.
    private var decoder = KeyDecoder()
    private var pendingKeys: [KeyEvent] = []
    private var inputEnded = false

    /// Creates an editor on the configured file descriptors, loading the history file if there is one.
    public init(configuration: EditorConfiguration) {
        self.configuration = configuration
        let input = configuration.inputFD, output = configuration.outputFD
        let terminalType = configuration.terminalType ?? Syscall.environment("TERM") ?? ""
        let dumb = terminalType.lowercased() == "dumb"
        isTerminal = Syscall.isTerminal(input) && Syscall.isTerminal(output) && !dumb
        promptsInPlainMode = !isTerminal && Syscall.isTerminal(input)
        size = Syscall.windowSize(output) ?? Syscall.windowSize(input) ?? (24, 80)
        renderer = BlockRenderer(width: size.columns, height: size.rows)
        raw = RawMode(inputFD: input, outputFD: output)
        plainReader = PlainLineReader(fd: input)
        let file = configuration.historyFile.map { HistoryFile(path: $0, limit: configuration.historyLimit) }
        historyFile = file
        if let file { try? file.compactIfNeeded() }
        history = History(entries: (try? file?.load()) ?? [], limit: configuration.historyLimit)
        if isTerminal { SignalHandling.addObserver(self) }
    }

    deinit {
        raw.leave()
    }

    // MARK: Public properties

    /// Asked for candidates when Tab is pressed: the whole entry and the cursor as a Character offset in it.
    public var completer: (@Sendable (_ entry: String, _ cursor: Int) -> Completion)? {
        get { locked { completerStorage } }
        set { locked { completerStorage = newValue } }
    }

    /// Asked when Enter is pressed: false inserts a newline and continues the entry (nil: every line is complete).
    public var isComplete: (@Sendable (_ entry: String) -> Bool)? {
        get { locked { isCompleteStorage } }
        set { locked { isCompleteStorage = newValue } }
    }

    /// Called (without the editor's lock held) after a window size change has been handled.
    public var onResize: (@Sendable () -> Void)? {
        get { locked { onResizeStorage } }
        set { locked { onResizeStorage = newValue } }
    }

    /// Gives the prompt of each line of a multi-line entry after the first (nil: the configured continuation prompt).
    public var continuationPrompts: (@Sendable (_ entry: String) -> [String])? {
        get { locked { continuationPromptsStorage } }
        set { locked { continuationPromptsStorage = newValue } }
    }

    /// When set, the terminal stays raw after an entry is returned, until `endBusy()` (call `beginBusy()` next).
    public var staysRawAfterEntry: Bool {
        get { locked { staysRawAfterEntryStorage } }
        set { locked { staysRawAfterEntryStorage = newValue } }
    }

    /// When set, Ctrl-Z does not stop the process: this line is printed above the prompt instead.
    public var suspendRefusal: String? {
        get { locked { suspendRefusalStorage } }
        set { locked { suspendRefusalStorage = newValue } }
    }

    /// The window size in rows and columns (24×80 when it cannot be read).
    public var windowSize: (rows: Int, columns: Int) { locked { size } }

    /// The history, oldest first.
    public var historyEntries: [String] { locked { history.entries } }

    // MARK: Reading

    /// Reads one entry (blocking); raw mode only while reading. In plain mode, reads lines and joins them while
    /// `isComplete` says no. Call it from one thread at a time.
    public func readEvent() throws -> EditorEvent {
        guard isTerminal else { return try readPlain() }
        if inputEnded && pendingKeys.isEmpty { return .endOfFile }
        var session = locked { () -> EditSession in
            var s = EditSession(prompt: configuration.prompt, continuationPrompt: configuration.continuationPrompt,
                                history: history, killRing: killRing, text: preload ?? "", lastSearchQuery: lastSearchQuery)
            preload = nil
            let complete = completerStorage, isComplete = isCompleteStorage, prompts = continuationPromptsStorage
            if let complete { s.completer = { complete($0, $1) } }
            if let isComplete { s.isComplete = { isComplete($0) } }
            if let prompts { s.continuationPrompts = { prompts($0) } }
            return s
        }
        try locked {
            try raw.enter()
            refreshSizeLocked()
            writeLocked(ANSI.enableBracketedPaste)
        }
        var submitted = false
        defer {
            locked {
                killRing = session.killRing
                lastSearchQuery = session.lastSearchQuery
                if raw.isActive { writeLocked(ANSI.disableBracketedPaste) }
                // Kept raw for `beginBusy()`, so that no Ctrl-C falls between the entry and its command.
                if !(submitted && staysRawAfterEntryStorage) { raw.leave() }
            }
        }
        let early = locked { () -> [UInt8] in
            defer { typeAhead = [] }
            return typeAhead
        }
        if !early.isEmpty { pendingKeys += decoder.feed(early[...]) }
        show(session.view)
        while true {
            guard let key = try nextKey() else {
                finishEntry(session.view, suffix: "")
                return .endOfFile
            }
            switch session.handle(key) {
            case .continue:
                break
            case .bell:
                locked { writeLocked(ANSI.bell) }
            case .submit(let text):
                locked {
                    if history.add(text) { try? historyFile?.append(text) }
                }
                finishEntry(session.view, suffix: "")
                submitted = true
                return .entry(text)
            case .interrupt:
                finishEntry(session.view, suffix: "^C")
                return .interrupt
            case .endOfFile:
                finishEntry(session.view, suffix: "")
                return .endOfFile
            case .escape:
                show(.none)
                return .escape
            case .clearScreen:
                locked {
                    shown = session.view
                    let (layout, liveRows) = composeLocked()
                    liveRowsDrawn = liveRows
                    writeLocked(renderer.clearScreen(then: layout, width: size.columns))
                }
            case .suspend:
                if let refusal = locked({ suspendRefusalStorage }) {
                    locked {
                        shown = session.view
                        printAboveLocked(refusal)
                    }
                } else {
                    try suspend()
                }
            case .list(let candidates):
                locked {
                    shown = session.view
                    printAboveLocked(CompletionList.columns(candidates, width: size.columns).joined(separator: "\n"))
                }
            }
            if pendingKeys.isEmpty { show(session.view) }
        }
    }

    private func readPlain() throws -> EditorEvent {
        let isComplete = locked { () -> (@Sendable (String) -> Bool)? in
            preload = nil
            return isCompleteStorage
        }
        return try plainReader.readEntry(isComplete: isComplete.map { f in { f($0) } }) { continuation in
            guard promptsInPlainMode else { return }
            try? Syscall.writeAll(configuration.outputFD, continuation ? configuration.continuationPrompt : configuration.prompt)
        }
    }

    /// The next key, reading and decoding more input as needed; nil at the end of the input.
    private func nextKey() throws -> KeyEvent? {
        let fd = configuration.inputFD
        while pendingKeys.isEmpty {
            if inputEnded || locked({ readCancelled }) { return nil }
            let timeout: Int32 = !decoder.needsTimeout ? Self.wakeCheckMilliseconds
                : decoder.isInPaste ? Self.pasteStallMilliseconds : configuration.escapeTimeoutMilliseconds
            if try !Syscall.waitReadable(fd, timeoutMilliseconds: timeout) {
                if decoder.needsTimeout { pendingKeys += decoder.flush() }
                continue
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            var n = 0
            do {
                n = try chunk.withUnsafeMutableBytes { try Syscall.read(fd, into: $0) }
            } catch let error as SystemError where error.code == EAGAIN || error.code == EWOULDBLOCK {
                continue
            } catch let error as SystemError where error.code == EIO {
                n = 0  // the terminal hung up
            }
            if n == 0 {
                inputEnded = true
                pendingKeys += decoder.flush()
                continue
            }
            pendingKeys += decoder.feed(chunk[0..<n])
        }
        return pendingKeys.removeFirst()
    }

    /// Leaves the finished entry (with `suffix`, e.g. "^C") in the scrollback, above any live region.
    private func finishEntry(_ view: PromptView, suffix: String) {
        var final = view
        let last = final.lines.count - 1
        final.lines[last].text += suffix
        final.cursorLine = last
        final.cursorIndex = final.lines[last].text.count
        locked {
            let rows = PromptLayout.layout(final, width: size.columns).rows
            if live.isEmpty && rows.count <= size.rows {
                shown = final
                let (layout, liveRows) = composeLocked()
                liveRowsDrawn = liveRows
                let out = renderer.update(to: layout, width: size.columns, height: size.rows) + renderer.leaveBlock()
                shown = .none
                writeLocked(out)
            } else {
                // Printed whole above the live region (all of it, even when taller than the window).
                shown = .none
                printAboveLocked(rows.joined(separator: "\n"))
            }
            promptTop = 0
        }
    }

    /// Ctrl-Z: restore the terminal, stop, and on resume re-enter raw mode and repaint.
    func suspend() throws {
        locked {
            writeLocked(renderer.leaveBlock() + ANSI.disableBracketedPaste)
            raw.leave()
            expectedContinues += 1
        }
        Syscall.stopSelf()
        try locked {
            try raw.enter()
            writeLocked(ANSI.enableBracketedPaste)
            refreshSizeLocked()
            renderer.forget()
            renderLocked()
        }
    }

    // MARK: Output

    /// Prints `text` (one or more lines) above the live region and the prompt, which are redrawn intact below it.
    /// Thread-safe. In plain mode it just writes the text (and a final newline if missing).
    public func printAbove(_ text: String) {
        guard isTerminal else {
            locked { writeLocked(text.hasSuffix("\n") ? text : text + "\n") }
            return
        }
        locked { printAboveLocked(text) }
    }

    /// Replaces the pinned block of lines between the output and the prompt; only changed lines are rewritten.
    /// `[]` removes it. Thread-safe; a no-op in plain mode.
    public func setLiveRegion(_ lines: [String]) {
        guard isTerminal else { return }
        locked {
            live = lines
            renderLocked()
        }
    }

    /// Leaves the last frame of the live region in the scrollback; the prompt continues below it.
    public func endLiveRegion() {
        guard isTerminal else { return }
        locked {
            renderer.detachTop(liveRowsDrawn)
            liveRowsDrawn = 0
            live = []
        }
    }

    /// Puts `text` in the buffer of the next `readEvent()` (to edit a stored program, say).
    public func setEditBuffer(_ text: String) {
        locked { preload = text }
    }

    // MARK: Terminal state

    /// Reads the window size again and redraws for it, then calls `onResize`. SIGWINCH does this by itself; call it
    /// after changing the size of a terminal that is not the controlling one.
    public func notifyResize() {
        let callback = locked { () -> (@Sendable () -> Void)? in
            if isTerminal {
                refreshSizeLocked()
                renderLocked()
            }
            return onResizeStorage
        }
        callback?()
    }

    /// Moves below anything drawn and restores the terminal's original mode; idempotent.
    public func restoreTerminal() {
        guard isTerminal else { return }
        locked {
            var out = renderer.leaveBlock()
            if raw.isActive { out += ANSI.disableBracketedPaste }
            writeLocked(out)
            raw.leave()
        }
    }

    func windowDidResize() { notifyResize() }

    func processDidContinue() {
        locked {
            if expectedContinues > 0 {
                expectedContinues -= 1
                return
            }
            if raw.isActive {
                raw.reapply()
                writeLocked(ANSI.enableBracketedPaste)
            }
            guard !renderer.isFresh || !live.isEmpty || shown != .none else { return }
            refreshSizeLocked()
            renderer.forget()
            renderLocked()
        }
    }

    // MARK: Helpers (lock held)

    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try lock.withLock { _ throws(E) in try body() }
    }

    private func show(_ view: PromptView) {
        locked {
            shown = view
            renderLocked()
        }
    }

    private func composeLocked() -> (ScreenLayout, Int) {
        let c = LiveRegion.compose(live: live, prompt: shown, rows: size.rows, columns: size.columns, promptTop: promptTop)
        promptTop = c.promptTop
        return (c.layout, c.liveRows)
    }

    func renderLocked() {
        let (layout, liveRows) = composeLocked()
        liveRowsDrawn = liveRows
        writeLocked(renderer.update(to: layout, width: size.columns, height: size.rows))
    }

    func printAboveLocked(_ text: String) {
        let (layout, liveRows) = composeLocked()
        liveRowsDrawn = liveRows
        writeLocked(renderer.printAbove(text, then: layout, width: size.columns))
    }

    func refreshSizeLocked() {
        if let s = Syscall.windowSize(configuration.outputFD) ?? Syscall.windowSize(configuration.inputFD) { size = s }
    }

    func writeLocked(_ s: String) {
        guard !s.isEmpty else { return }
        try? Syscall.writeAll(configuration.outputFD, s)
    }
}
