/// The probes that are not declared by services.
public enum SpecialProbes {
    /// Arguments of the ERROR probe, at DTrace's positions: `arg1` the 1-based clause, `arg4` the fault kind
    /// (`DTRACEFLT_*`), `arg5` the index or limit at fault; here also `arg0` the faulting probe's `id` and `arg6`
    /// the error's text. `arg2` and `arg3` (DTrace's action and offset) are -1: nothing tracks them.
    public static let errorArguments = [
        ArgumentDeclaration("probe", .int), ArgumentDeclaration("clause", .int), ArgumentDeclaration("action", .int),
        ArgumentDeclaration("offset", .int), ArgumentDeclaration("fault", .int), ArgumentDeclaration("value", .int),
        ArgumentDeclaration("message", .string),
    ]
}
