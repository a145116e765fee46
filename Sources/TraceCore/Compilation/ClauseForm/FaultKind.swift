/// DTrace's fault kinds (`DTRACEFLT_*`, numbered as in DTrace's sys/dtrace.h): the ERROR probe's `arg4`.
public enum FaultKind {
    /// DTRACEFLT_UNKNOWN: a limit gone over that has no kind of its own.
    public static let unknown: Int64 = 0
    /// DTRACEFLT_BADADDR: here, an index outside a declared-size array.
    public static let badAddress: Int64 = 1
    /// DTRACEFLT_BADALIGN (not raised here).
    public static let badAlignment: Int64 = 2
    /// DTRACEFLT_ILLOP (not raised here).
    public static let illegalOperation: Int64 = 3
    /// DTRACEFLT_DIVZERO: `/` or `%` by zero.
    public static let divisionByZero: Int64 = 4
    /// DTRACEFLT_NOSCRATCH: here, a string longer than string-size.
    public static let noScratch: Int64 = 5
    /// DTRACEFLT_KPRIV (not raised here).
    public static let kernelPrivilege: Int64 = 6
    /// DTRACEFLT_UPRIV (not raised here).
    public static let userPrivilege: Int64 = 7
    /// DTRACEFLT_TUPOFLOW: a key of more than 8 components.
    public static let tupleOverflow: Int64 = 8
    /// DTRACEFLT_BADSTACK (not raised here).
    public static let badStack: Int64 = 9
    /// DTRACEFLT_LIBRARY (not raised here).
    public static let library: Int64 = 1000

    /// The constants by their D names.
    public static let constants: [String: Int64] = [
        "DTRACEFLT_UNKNOWN": unknown, "DTRACEFLT_BADADDR": badAddress, "DTRACEFLT_BADALIGN": badAlignment,
        "DTRACEFLT_ILLOP": illegalOperation, "DTRACEFLT_DIVZERO": divisionByZero, "DTRACEFLT_NOSCRATCH": noScratch,
        "DTRACEFLT_KPRIV": kernelPrivilege, "DTRACEFLT_UPRIV": userPrivilege, "DTRACEFLT_TUPOFLOW": tupleOverflow,
        "DTRACEFLT_BADSTACK": badStack, "DTRACEFLT_LIBRARY": library,
    ]
}
