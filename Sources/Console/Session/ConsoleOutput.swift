// Where the session prints: above the line editor's prompt on a terminal; standard output (data) and standard
// error (notices, errors) in plain mode, as DTrace separates them, so `--json` output stays machine-readable.
import Glibc
import Terminal
import TraceSystem

/// A destination for the console's text. Thread-safe: the pump and the watch print from their own threads.
protocol ConsoleOutput: AnyObject, Sendable {
    /// Command output and trace output (tables, aggregations, printf text).
    func data(_ text: String)
    /// Confirmations, errors, drop and error reports.
    func notice(_ text: String)
    /// Whether text lands above an interactive prompt (printf fragments are then held until their newline).
    var isInteractive: Bool { get }
}

/// Plain text to two file descriptors, each write whole under one lock.
final class PlainOutput: ConsoleOutput, @unchecked Sendable {   // immutable descriptors; writes are serialized by `lock`
    private let dataFD: Int32
    private let noticeFD: Int32
    private let lock = Lock(())

    init(dataFD: Int32, noticeFD: Int32) {
        self.dataFD = dataFD
        self.noticeFD = noticeFD
    }

    var isInteractive: Bool { false }

    func data(_ text: String) { write(dataFD, text) }
    func notice(_ text: String) { write(noticeFD, text) }

    private func write(_ fd: Int32, _ text: String) {
        guard !text.isEmpty else { return }
        // A closed or broken output (the reader went away) loses the text; the console goes on.
        lock.withLock { _ in try? Syscall.writeAll(fd, text) }
    }
}

/// Text printed above the line editor's live region and prompt, which are redrawn below it.
final class EditorOutput: ConsoleOutput, @unchecked Sendable {   // holds only a LineEditor, which is thread-safe
    private let editor: LineEditor

    init(editor: LineEditor) { self.editor = editor }

    var isInteractive: Bool { true }

    func data(_ text: String) { print(text) }
    func notice(_ text: String) { print(text) }

    private func print(_ text: String) {
        guard !text.isEmpty else { return }
        editor.printAbove(text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }
}

/// Collects what the session prints (tests, and callers that want the text).
final class CapturedOutput: ConsoleOutput, @unchecked Sendable {   // all its state is behind `lock`
    private let lock = Lock((data: "", notices: "", all: ""))

    var isInteractive: Bool { false }

    func data(_ text: String) { lock.withLock { $0.data += text; $0.all += text } }
    func notice(_ text: String) { lock.withLock { $0.notices += text; $0.all += text } }

    /// Everything printed as data.
    var dataText: String { lock.withLock { $0.data } }
    /// Everything printed as notices.
    var noticeText: String { lock.withLock { $0.notices } }
    /// Both, in the order printed.
    var allText: String { lock.withLock { $0.all } }
}
