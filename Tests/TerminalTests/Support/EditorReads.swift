// A `LineEditor` on the shared `PseudoTerminal` driven one read at a time: the test creates the editor on the
// slave side, starts one `readEvent()` in a thread, types on the master side and collects that one event.
import Foundation
import Terminal
import TestSupport
import Testing

extension PseudoTerminal {
    /// An editor on the slave side, as an xterm (whatever TERM the tests run under).
    func makeEditor(_ adjust: (inout EditorConfiguration) -> Void = { _ in }) -> LineEditor {
        var c = EditorConfiguration()
        c.inputFD = slave
        c.outputFD = slave
        c.terminalType = "xterm-256color"
        adjust(&c)
        return LineEditor(configuration: c)
    }

    /// Starts `readEvent()` on its own thread and waits until the editor is reading in raw mode (bracketed paste
    /// on), so that what the test types next is not handled by the terminal's cooked mode.
    func startRead(_ editor: LineEditor) throws -> BackgroundRead {
        let read = BackgroundRead(editor)
        try waitFor("raw mode") { $0.bracketedPasteEnabled }
        return read
    }
}

/// `readEvent()` running on its own thread (it blocks), with the result collected.
final class BackgroundRead: @unchecked Sendable {
    // Safe: `result` is written once by the reading thread before `done` is signalled, and read only after.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<EditorEvent, any Error>?

    init(_ editor: LineEditor) {
        let thread = Thread { [self] in
            let r = Result { try editor.readEvent() }
            self.result = r
            self.done.signal()
        }
        thread.start()
    }

    /// The event, or nil (with an issue recorded) if none came within 15 s.
    func wait(sourceLocation: SourceLocation = #_sourceLocation) -> EditorEvent? {
        guard done.wait(timeout: .now() + 15) == .success else {
            Issue.record("readEvent() did not return", sourceLocation: sourceLocation)
            return nil
        }
        switch result {
        case .success(let event): return event
        case .failure(let error): Issue.record("readEvent() threw \(error)", sourceLocation: sourceLocation); return nil
        case nil: return nil
        }
    }
}
