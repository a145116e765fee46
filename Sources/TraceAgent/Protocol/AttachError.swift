// Every way attaching can fail, as one typed error: a failed system call (the system layer's SystemError), a
// frame that breaks the wire protocol, a refusal by the agent, a timeout. The messages are what the console prints.
import TraceSystem

/// Why an attach operation failed.
public enum AttachError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed.
    case system(SystemError)
    /// A frame announced more bytes than the protocol allows.
    case frameTooLarge(length: Int, maximum: Int)
    /// A frame's payload is not the JSON message expected.
    case malformedFrame(String)
    /// The peer closed the connection in the middle of a frame.
    case truncatedFrame(expected: Int, received: Int)
    /// The peer closed the connection between frames.
    case connectionClosed
    /// Nothing arrived (or nothing could be sent) in time.
    case timedOut(String)
    /// The agent answered with an error frame (`code` is stable: see docs/attach.md).
    case refused(code: String, message: String)
    /// The peer speaks another protocol version.
    case incompatibleVersion(ours: Int, theirs: Int)
    /// The agent is already running in this process.
    case alreadyRunning(path: String)
    /// A path or directory is unusable (too long, wrong owner or mode, not a socket).
    case unusablePath(String)

    /// The error as the console prints it.
    public var description: String {
        switch self {
        case .system(let error):
            return error.description
        case .frameTooLarge(let length, let maximum):
            return "frame of \(length) bytes is over the maximum of \(maximum) bytes"
        case .malformedFrame(let why):
            return "malformed frame: \(why)"
        case .truncatedFrame(let expected, let received):
            return "truncated frame: the connection closed after \(received) of \(expected) bytes"
        case .connectionClosed:
            return "the connection was closed"
        case .timedOut(let what):
            return "timed out \(what)"
        case .refused(_, let message):
            return message
        case .incompatibleVersion(let ours, let theirs):
            return "incompatible protocol version \(theirs) (this side speaks version \(ours))"
        case .alreadyRunning(let path):
            return "the trace agent is already running in this process (\(path))"
        case .unusablePath(let why):
            return why
        }
    }

    /// The errno of a failed system call, else nil.
    public var errno: Int32? {
        if case .system(let error) = self { return error.code }
        return nil
    }
}

/// Runs system-layer calls in attach code: a failure becomes `AttachError.system`.
@inline(__always)
func systemCall<T>(_ body: () throws(SystemError) -> T) throws(AttachError) -> T {
    do { return try body() } catch { throw .system(error) }
}
