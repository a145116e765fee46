// What the session needs from a backend in another process: to hear at once when the service is gone, and to
// abandon a request it waits for when the user presses Ctrl-C.
import TraceAgent

/// A backend whose service can go away, with requests that can be abandoned (RemoteBackend).
protocol LosableBackend: TraceBackend {
    /// Calls `handler` once, on another thread, with the line to print when the service is gone.
    func onLost(_ handler: @escaping @Sendable (String) -> Void)
    /// Makes the request in flight (if any) fail now, and later ones until `resetAbandoned()`; late answers are skipped.
    func abandonRequest()
    /// Requests wait for their answers again (at the start and end of each entry).
    func resetAbandoned()
}
