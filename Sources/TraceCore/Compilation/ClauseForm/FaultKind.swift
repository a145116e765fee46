/// DTrace's fault kinds (`DTRACEFLT_*`, numbered as in DTrace's sys/dtrace.h): the ERROR probe's `arg4`.
public enum FaultKind {
    public static let unknown: Int64 = 0
    public static let badAddress: Int64 = 1
    public static let badAlignment: Int64 = 2
    public static let illegalOperation: Int64 = 3
    public static let divisionByZero: Int64 = 4
    public static let noScratch: Int64 = 5
    public static let kernelPrivilege: Int64 = 6
    public static let userPrivilege: Int64 = 7
    public static let tupleOverflow: Int64 = 8
    public static let badStack: Int64 = 9
    public static let library: Int64 = 1000

    /// The constants by their D names.
    public static let constants: [String: Int64] = [
        "DTRACEFLT_UNKNOWN": unknown, "DTRACEFLT_BADADDR": badAddress, "DTRACEFLT_BADALIGN": badAlignment,
        "DTRACEFLT_ILLOP": illegalOperation, "DTRACEFLT_DIVZERO": divisionByZero, "DTRACEFLT_NOSCRATCH": noScratch,
        "DTRACEFLT_KPRIV": kernelPrivilege, "DTRACEFLT_UPRIV": userPrivilege, "DTRACEFLT_TUPOFLOW": tupleOverflow,
        "DTRACEFLT_BADSTACK": badStack, "DTRACEFLT_LIBRARY": library,
    ]
}
