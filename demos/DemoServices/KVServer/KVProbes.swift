import TraceCore

/// Every probe of the KV server, declared once at start-up (never lazily) and passed to the components.
public final class KVProbes: Sendable {
    /// The provider (`kv` in the demo; tests may use their own name).
    public let provider: TraceProvider

    /// `kv:net:socket:accept` (fd): a client connected.
    public let accept: EventProbe<Int>
    /// `kv:net:socket:read` (fd, bytes): bytes read from a client.
    public let read: EventProbe<Int, Int>
    /// `kv:net:socket:write` (fd, bytes): bytes written to a client.
    public let write: EventProbe<Int, Int>
    /// `kv:net:socket:close` (fd, reason): a connection ended (`eof`, `quit`, `protocol`, `error`, `shutdown`).
    public let close: EventProbe<Int, String>
    /// `kv:proto:parse:request` (fd, args, bytes): one complete request parsed; bytes = its size on the wire.
    public let parseRequest: EventProbe<Int, Int, Int>
    /// `kv:proto:parse:error` (fd, reason): malformed input; the connection is closed after the error reply.
    public let parseError: EventProbe<Int, String>
    /// `kv:server:command:entry|return` (name, keysize, valuesize): one command; retval = reply size in bytes.
    /// `name` is upper case; `keysize` the first key's length (0 if none); `valuesize` the bytes of the values written.
    public let command: FunctionProbe<String, Int, Int>

    /// Declares every probe under provider `name`.
    public init(provider name: String = "kv") {
        let p = TraceProvider(name)
        provider = p
        accept = p.event("net", "socket", "accept", ("fd", Int.self))
        read = p.event("net", "socket", "read", ("fd", Int.self), ("bytes", Int.self))
        write = p.event("net", "socket", "write", ("fd", Int.self), ("bytes", Int.self))
        close = p.event("net", "socket", "close", ("fd", Int.self), ("reason", String.self))
        parseRequest = p.event("proto", "parse", "request", ("fd", Int.self), ("args", Int.self), ("bytes", Int.self))
        parseError = p.event("proto", "parse", "error", ("fd", Int.self), ("reason", String.self))
        command = p.function("server", "command", ("name", String.self), ("keysize", Int.self), ("valuesize", Int.self))
    }
}
