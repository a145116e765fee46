/// Built-in variables available in every clause.
public enum BuiltinVariable: String, Sendable, CaseIterable, Equatable {
    case probeprov, probemod, probefunc, probename
    case timestamp, walltimestamp, tid, pid, execname
    case retval, elapsed
    /// The address in the function that fired the probe (the first frame `ustack()` shows); a profile sample's PC.
    case caller

    /// The type the built-in evaluates to.
    public var type: ValueType {
        switch self {
        case .probeprov, .probemod, .probefunc, .probename, .execname: return .string
        default: return .int
        }
    }
}
