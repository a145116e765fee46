// How an attached console hears that its service is gone: a thread waits in poll(2) for the agent's end of the
// socket to close (POLLRDHUP; the agent never writes unasked, so nothing is read here) and reports it at once,
// also while no request is in flight — during a watch, or at an idle prompt. It also carries Ctrl-C's request to
// abandon the answer being waited for.
import Glibc
import TraceSystem

/// The lost/abandoned state of one RemoteBackend connection, and its watcher thread.
final class ConnectionWatch: Sendable {
    private struct State {
        /// Why the connection is over (nil while it works).
        var lost: String?
        /// The console is leaving (detach, close): the socket's end is expected and not reported.
        var leaving = false
        /// Ctrl-C: the request in flight should stop waiting.
        var abandoned = false
        /// The connection ended while the console was not leaving (the handlers were told).
        var wentAway = false
        var handlers: [@Sendable (String) -> Void] = []
        var watching = false
    }
    private let state = Lock(State())
    /// poll(2)'s POLLRDHUP: the peer closed its end (not exported by Glibc's module).
    static let peerClosed: Int16 = 0x2000

    /// Why the connection is over, or nil.
    var lost: String? { state.withLock { $0.lost } }

    /// Marks the connection over with `reason`; the handlers run once (not when the console itself is leaving).
    func markLost(_ reason: String, notice: String) {
        let handlers = state.withLock { s -> [@Sendable (String) -> Void] in
            guard s.lost == nil else { return [] }
            s.lost = reason
            s.wentAway = !s.leaving
            return s.leaving ? [] : s.handlers
        }
        for handler in handlers { handler(notice) }
    }

    /// Whether the service went away under the console (not the console leaving).
    var wentAway: Bool { state.withLock { $0.wentAway } }

    /// The console is leaving: what follows (the socket closing) is not news.
    func markLeaving() { state.withLock { $0.leaving = true } }

    /// Ctrl-C: stop waiting for answers until `resetAbandoned()` (the session calls it when the entry ends),
    /// whichever thread's request holds the connection when the key is pressed.
    func abandon() { state.withLock { $0.abandoned = true } }

    /// A new entry: requests wait for their answers again.
    func resetAbandoned() { state.withLock { $0.abandoned = false } }

    /// Whether Ctrl-C abandoned the waits of the current entry.
    var isAbandoned: Bool { state.withLock { $0.abandoned } }

    /// Whether the request in flight should stop waiting (abandoned, or the connection is over).
    var shouldStopWaiting: Bool { state.withLock { $0.abandoned || $0.lost != nil } }

    /// Adds a handler and starts the watcher on `fd` (once); `notice` is the line handlers get when it closes.
    func onLost(fd: Int32, notice: String, reason: String, _ handler: @escaping @Sendable (String) -> Void) {
        let start = state.withLock { s -> Bool in
            s.handlers.append(handler)
            defer { s.watching = true }
            return !s.watching
        }
        guard start else { return }
        WorkerThread(name: "attach connection watch") { [self] in
            while lost == nil {
                let events = (try? Syscall.poll(fd, events: Self.peerClosed, milliseconds: 200)) ?? Int16(POLLNVAL)
                if events == 0 { continue }
                markLost(reason, notice: notice)
                return
            }
        }
    }
}
