// `watch`: a thread that renders a frame every interval into a display — the line editor's live region on a
// terminal (the prompt stays usable), or plain text, one frame per interval. A resize re-renders at once;
// `stop()` leaves the last frame on the screen.
import Foundation
import Terminal
import TraceSystem
import TraceAgent

/// Where watch frames go.
protocol WatchDisplay: AnyObject, Sendable {
    /// Window size for the frame (rows, columns).
    var frameSize: (rows: Int, columns: Int) { get }
    /// Whether the frame may use Unicode bars and ellipses.
    var unicode: Bool { get }
    /// Shows a frame.
    func show(_ lines: [String])
    /// Ends the view, leaving the last frame in the scrollback.
    func end()
}

/// The live region above the editor's prompt.
final class EditorWatchDisplay: WatchDisplay, @unchecked Sendable {   // holds a LineEditor (thread-safe) and a constant
    private let editor: LineEditor
    let unicode: Bool

    init(editor: LineEditor, unicode: Bool) {
        self.editor = editor
        self.unicode = unicode
    }

    var frameSize: (rows: Int, columns: Int) {
        let size = editor.windowSize
        // Leave the prompt line and one more, so typing never scrolls the view.
        return (max(2, size.rows - 2), size.columns)
    }

    func show(_ lines: [String]) { editor.setLiveRegion(lines) }
    func end() { editor.endLiveRegion() }
}

/// Frames printed one after another as plain text.
final class PlainWatchDisplay: WatchDisplay, @unchecked Sendable {   // immutable; its ConsoleOutput is thread-safe
    private let output: any ConsoleOutput
    private let columns: Int

    init(output: any ConsoleOutput, columns: Int) {
        self.output = output
        self.columns = columns
    }

    var frameSize: (rows: Int, columns: Int) { (1000, columns) }
    var unicode: Bool { false }
    func show(_ lines: [String]) { output.data(lines.joined(separator: "\n") + "\n\n") }
    func end() {}
}

/// Runs one live view at a time.
final class WatchController: @unchecked Sendable {   // the mutable state is guarded by `condition`
    private let backend: any TraceBackend
    private let display: any WatchDisplay
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var generation = 0
    private var active: WatchRequest?
    private var pokes = 0
    private var runningThreads = 0

    init(backend: any TraceBackend, display: any WatchDisplay) {
        self.backend = backend
        self.display = display
    }

    /// Whether a view is showing.
    var isWatching: Bool {
        condition.lock()
        defer { condition.unlock() }
        return active != nil
    }

    /// Starts showing `request` (replacing any view), with a first frame at once.
    func start(_ request: WatchRequest) {
        stop(leaveFrame: false)
        condition.lock()
        generation += 1
        active = request
        runningThreads += 1
        let mine = generation
        condition.unlock()
        WorkerThread(name: "watch") { [self] in loop(request, generation: mine) }
    }

    /// Renders a frame now (after a resize).
    func refresh() {
        condition.lock()
        pokes += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the view and waits for its thread; the last frame stays on the screen.
    func stop(leaveFrame: Bool = true) {
        condition.lock()
        let wasActive = active != nil
        active = nil
        generation += 1
        condition.broadcast()
        while runningThreads > 0 { condition.wait() }
        condition.unlock()
        if wasActive && leaveFrame { display.end() }
    }

    private func loop(_ request: WatchRequest, generation mine: Int) {
        var frame = WatchFrame(request: request)
        let seconds = DurationText.seconds(request.interval)
        var next = Date()
        while true {
            condition.lock()
            while generation == mine && pokes == 0 && Date() < next {
                _ = condition.wait(until: next)
            }
            let live = generation == mine
            pokes = 0
            condition.unlock()
            guard live else { break }
            let size = display.frameSize
            let lines = frame.render(backend: backend, width: size.columns, height: size.rows, unicode: display.unicode)
            // A stop that came while rendering wins: the frame is not shown after it.
            condition.lock()
            let stillLive = generation == mine
            if stillLive { display.show(lines) }
            condition.unlock()
            guard stillLive else { break }
            if Date() >= next { next = Date(timeIntervalSinceNow: seconds) }
        }
        condition.lock()
        runningThreads -= 1
        condition.broadcast()
        condition.unlock()
    }
}
