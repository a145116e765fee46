/// Built-in variables available in every clause.
public enum BuiltinVariable: String, Sendable, CaseIterable, Equatable {
    case probeprov, probemod, probefunc, probename
    case timestamp, walltimestamp, tid, pid, execname
    case retval, elapsed
    /// The address in the function that fired the probe (the first frame `ustack()` shows); a profile sample's PC.
    case caller
    /// The probe's number: BEGIN 1, END 2, ERROR 3, declared probes from 4 in the order they were declared.
    case id

    /// The type the built-in evaluates to.
    public var type: ValueType {
        switch self {
        case .probeprov, .probemod, .probefunc, .probename, .execname: return .string
        default: return .int
        }
    }
}
