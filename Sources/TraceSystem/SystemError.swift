// The one error of the system layer: which call failed, on what, and the errno it failed with.
import Glibc

/// A failed system call: its name, the path or peer it concerned (may be empty), and `errno`.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failing call, e.g. `read` or `connect`.
    public var call: String
    /// The path or peer the call concerned, or "".
    public var subject: String
    /// The `errno` value it failed with.
    public var code: Int32

    /// An error for `call` failing with `code` (by default the current `errno`).
    public init(_ call: String, subject: String = "", code: Int32 = Glibc.errno) {
        self.call = call
        self.subject = subject
        self.code = code
    }

    /// `connect /run/x.sock: No such file or directory`, or `read: Input/output error` without a subject.
    public var description: String {
        let text = String(cString: strerror(code))
        return subject.isEmpty ? "\(call): \(text)" : "\(call) \(subject): \(text)"
    }
}
