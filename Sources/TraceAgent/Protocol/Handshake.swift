// The first frame each way. The console says who it is and which protocol version it speaks; the agent
// answers with its own hello — or with an error frame (`incompatible-version`, `permission-denied`, …) and
// closes the connection.

/// The protocol's version numbers.
public enum AttachProtocol {
    /// The version this build speaks. A peer with another version is refused with `incompatible-version`.
    public static let version = 1
}

/// The console's first frame.
public struct ClientHello: Codable, Sendable, Equatable {
    /// The protocol version the console speaks.
    public var version: Int
    /// The console's process id (informational: the agent trusts SO_PEERCRED, not this).
    public var pid: Int32
    /// The console's user id (informational).
    public var uid: UInt32
    /// The client program's name, for the agent's diagnostics.
    public var client: String?

    /// Creates a hello.
    public init(version: Int = AttachProtocol.version, pid: Int32, uid: UInt32, client: String? = "trace-console") {
        self.version = version; self.pid = pid; self.uid = uid; self.client = client
    }
}

/// The agent's first frame: what the console is attached to.
public struct ServerHello: Codable, Sendable, Equatable {
    /// The protocol version the agent speaks.
    public var version: Int
    /// The service's process id.
    public var pid: Int32
    /// The service's executable name.
    public var execname: String
    /// How many probes the service declares.
    public var probes: Int
    /// The service's user id.
    public var uid: UInt32
    /// The limits this connection is held to.
    public var limits: ConnectionLimits

    /// Creates a hello.
    public init(version: Int = AttachProtocol.version, pid: Int32, execname: String, probes: Int, uid: UInt32, limits: ConnectionLimits) {
        self.version = version; self.pid = pid; self.execname = execname; self.probes = probes; self.uid = uid; self.limits = limits
    }
}

/// What an error frame carries: a stable code for programs and a message for people.
public struct ProtocolErrorInfo: Codable, Sendable, Equatable {
    /// One of `incompatible-version`, `permission-denied`, `too-many-connections`, `malformed-frame`,
    /// `frame-too-large`, `truncated-frame`, `timeout`, `protocol`, `shutting-down`.
    public var code: String
    /// What went wrong, as the console prints it.
    public var message: String
    /// Creates an error.
    public init(code: String, message: String) { self.code = code; self.message = message }

    /// The error frame's content for a failure reading a client's frame.
    static func reading(_ error: AttachError) -> ProtocolErrorInfo {
        switch error {
        case .frameTooLarge: return ProtocolErrorInfo(code: "frame-too-large", message: error.description)
        case .malformedFrame: return ProtocolErrorInfo(code: "malformed-frame", message: error.description)
        case .truncatedFrame: return ProtocolErrorInfo(code: "truncated-frame", message: error.description)
        case .timedOut: return ProtocolErrorInfo(code: "timeout", message: error.description)
        default: return ProtocolErrorInfo(code: "protocol", message: error.description)
        }
    }
}

/// Checks a client's hello: nil if the agent can serve it, else the error to send.
enum Handshake {
    static func check(_ hello: ClientHello) -> ProtocolErrorInfo? {
        guard hello.version == AttachProtocol.version else {
            return ProtocolErrorInfo(code: "incompatible-version",
                                     message: "incompatible protocol version \(hello.version): this agent speaks version \(AttachProtocol.version)")
        }
        return nil
    }
}
