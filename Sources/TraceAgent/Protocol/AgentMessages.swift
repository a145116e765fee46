// The frames after the handshake. Each is a JSON object whose optional fields say what it is, so another
// client needs no Swift enum encoding beyond BackendRequest/BackendResponse themselves:
//   console → agent   {"hello": ClientHello}            first frame only
//                     {"id": N, "request": BackendRequest}
//                     {"id": N, "detach": {"keep": Bool}}
//   agent → console   {"hello": ServerHello}            answer to the hello
//                     {"id": N, "response": BackendResponse}
//                     {"id": N, "detached": {"kept": [...], "removed": [...]}}
//                     {"id": N?, "error": {"code": ..., "message": ...}}   then the agent closes the connection

/// A frame the console sends.
public struct ClientFrame: Codable, Sendable, Equatable {
    /// The handshake (first frame only).
    public var hello: ClientHello?
    /// The request's number, echoed in the answer.
    public var id: UInt64?
    /// A console request.
    public var request: BackendRequest?
    /// Leave the service: with `keep`, this connection's programs stay enabled; without, they are deleted now.
    public var detach: DetachRequest?

    /// Creates a frame.
    public init(hello: ClientHello? = nil, id: UInt64? = nil, request: BackendRequest? = nil, detach: DetachRequest? = nil) {
        self.hello = hello; self.id = id; self.request = request; self.detach = detach
    }
}

/// A frame the agent sends.
public struct AgentFrame: Codable, Sendable, Equatable {
    /// The answer to the handshake.
    public var hello: ServerHello?
    /// The number of the request answered.
    public var id: UInt64?
    /// The answer to a request.
    public var response: BackendResponse?
    /// The answer to a detach.
    public var detached: DetachResult?
    /// A protocol error; the agent closes the connection after sending it.
    public var error: ProtocolErrorInfo?

    /// Creates a frame.
    public init(hello: ServerHello? = nil, id: UInt64? = nil, response: BackendResponse? = nil,
                detached: DetachResult? = nil, error: ProtocolErrorInfo? = nil) {
        self.hello = hello; self.id = id; self.response = response; self.detached = detached; self.error = error
    }
}

/// `detach` or `detach --keep`.
public struct DetachRequest: Codable, Sendable, Equatable {
    /// Whether this connection's programs stay enabled after it leaves.
    public var keep: Bool
    /// Creates a request.
    public init(keep: Bool) { self.keep = keep }
}

/// What became of the connection's programs on detach.
public struct DetachResult: Codable, Sendable, Equatable {
    /// Programs left enabled (no longer owned by any connection).
    public var kept: [String]
    /// Programs disabled and deleted.
    public var removed: [String]
    /// Creates a result.
    public init(kept: [String], removed: [String]) { self.kept = kept; self.removed = removed }
}

/// The limits the agent holds each connection to (sent in the server hello; see docs/attach.md).
public struct ConnectionLimits: Codable, Sendable, Equatable {
    /// Programs one connection may own at once.
    public var programs: Int = 64
    /// Largest aggregation-key limit (`set keys`) a remote console may set; with `programs`, this bounds the
    /// aggregation memory one connection can make the service hold (approximately: see docs/attach.md).
    public var aggregationKeys: Int = 100_000
    /// Largest associative-array limit a remote console may set.
    public var arrayEntries: Int = 100_000
    /// Largest string size a remote console may set.
    public var stringSize: Int = 4096
    /// Largest per-thread trace buffer a remote console may set.
    public var traceBufferBytes: Int = 4 << 20
    /// Trace output records queued for a connection that has not drained them; more are dropped and counted.
    public var outputRecords: Int = 20_000
    /// Approximate bytes of trace output queued for a connection; more are dropped and counted.
    public var outputBytes: Int = 8 << 20
    /// Largest frame payload either way.
    public var maximumFrameBytes: Int = 16 << 20
    /// Consoles attached at once (the agent refuses more with `too-many-connections`).
    public var connections: Int = 16

    /// The defaults.
    public init() {}
}
