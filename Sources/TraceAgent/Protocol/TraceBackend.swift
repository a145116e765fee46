// The one interface between a console and TraceCore: requests in; results, trace output and aggregation
// snapshots out. Every request and response is a plain Codable value (BackendMessages.swift), so the same
// interpreter drives the runtime of its own process (LocalBackend) or one in another process across the
// agent's socket (Console's RemoteBackend).

/// Where a console's requests are performed: this process's runtime, or another process's through its agent.
public protocol TraceBackend: Sendable {
    /// Performs one request and returns its answer (`.failure` when it cannot be done). Thread-safe.
    func perform(_ request: BackendRequest) -> BackendResponse
}
