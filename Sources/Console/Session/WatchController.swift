// `watch`: a thread that renders a frame every interval into a display — the line editor's live region on a
// terminal (the prompt stays usable), or plain text (with `--json`, a JSON object), one frame per interval.
// A resize re-renders at once (without ending an interval of the views' history); `stop()` leaves the last
// frame on the screen.
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
    /// Whether the frame may use 256 colours (heatmaps).
    var colors: Bool { get }
    /// Whether frames are JSON objects, one line each (`--json` without a terminal), rather than text.
    var json: Bool { get }
    /// Shows a frame.
    func show(_ lines: [String])
    /// Ends the view, leaving the last frame in the scrollback.
    func end()
}

/// The live region above the editor's prompt.
final class EditorWatchDisplay: WatchDisplay, @unchecked Sendable {   // holds a LineEditor (thread-safe) and constants
    private let editor: LineEditor
    let unicode: Bool
    let colors: Bool

    init(editor: LineEditor, unicode: Bool, colors: Bool = false) {
        self.editor = editor
        self.unicode = unicode
        self.colors = colors
    }

    var frameSize: (rows: Int, columns: Int) {
        let size = editor.windowSize
        // Leave the prompt line and one more, so typing never scrolls the view.
        return (max(2, size.rows - 2), size.columns)
    }

    var json: Bool { false }
    func show(_ lines: [String]) { editor.setLiveRegion(lines) }
    func end() { editor.endLiveRegion() }
}

/// Frames printed one after another as plain text, a blank line after each, or as JSON lines.
final class PlainWatchDisplay: WatchDisplay, @unchecked Sendable {   // immutable; its ConsoleOutput is thread-safe
    private let output: any ConsoleOutput
    private let columns: Int
    let json: Bool

    init(output: any ConsoleOutput, columns: Int, json: Bool = false) {
        self.output = output
        self.columns = columns
        self.json = json
    }

    var frameSize: (rows: Int, columns: Int) { (1000, columns) }
    var unicode: Bool { false }
    var colors: Bool { false }
    func show(_ lines: [String]) { output.data(lines.joined(separator: "\n") + (json ? "\n" : "\n\n")) }
    func end() {}
}

/// Runs one live view at a time.
final class WatchController: @unchecked Sendable {   // `display` is used only under `state`'s lock or from the one watch thread; the rest is a Lock or set in init
    private let backend: any TraceBackend
    private let display: any WatchDisplay
    /// Where each interval's values are recorded.
    let history: ViewHistory

    private struct State {
        var generation = 0
        var active: WatchRequest?
        var pokes = 0
        var runningThreads = 0
    }
    /// The view's state; its condition wakes the watch thread (stop, refresh) and `stop()` (thread ended).
    private let state = Lock(State())

    init(backend: any TraceBackend, display: any WatchDisplay, history: ViewHistory = ViewHistory()) {
        self.backend = backend
        self.display = display
        self.history = history
    }

    /// Whether a view is showing.
    var isWatching: Bool { state.withLock { $0.active != nil } }

    /// Starts showing `request` (replacing any view), with a first frame at once.
    func start(_ request: WatchRequest) {
        stop(leaveFrame: false)
        let mine = state.withLock { s -> Int in
            s.generation += 1
            s.active = request
            s.runningThreads += 1
            return s.generation
        }
        WorkerThread(name: "watch") { [self] in loop(request, generation: mine) }
    }

    /// Renders a frame now (after a resize).
    func refresh() {
        state.withLock { $0.pokes += 1 }
        state.broadcast()
    }

    /// Stops the view and waits for its thread; the last frame stays on the screen.
    func stop(leaveFrame: Bool = true) {
        let wasActive = state.withLock { s -> Bool in
            let was = s.active != nil
            s.active = nil
            s.generation += 1
            return was
        }
        state.broadcast()
        state.withLock(waitingUntil: { $0.runningThreads == 0 }) { _ in }
        if wasActive && leaveFrame { display.end() }
    }

    private func loop(_ request: WatchRequest, generation mine: Int) {
        var frame = WatchFrame(request: request, history: history)
        var next = ContinuousClock.now
        while true {
            let live = state.withLock(waitingUntil: { $0.generation != mine || $0.pokes != 0 }, deadline: next) { s -> Bool in
                s.pokes = 0
                return s.generation == mine
            }
            guard live else { break }
            let size = display.frameSize
            // A frame before its time (a resize) redraws without ending an interval.
            let endsInterval = ContinuousClock.now >= next
            let lines = display.json ? [frame.json(backend: backend, endsInterval: endsInterval)]
                : frame.render(backend: backend, width: size.columns, height: size.rows, unicode: display.unicode,
                               colors: display.colors, endsInterval: endsInterval)
            // A stop that came while rendering wins: the frame is not shown after it.
            let stillLive = state.withLock { s -> Bool in
                if s.generation == mine { display.show(lines) }
                return s.generation == mine
            }
            guard stillLive else { break }
            if ContinuousClock.now >= next { next = .now + request.interval }
        }
        state.withLock { $0.runningThreads -= 1 }
        state.broadcast()
    }
}
