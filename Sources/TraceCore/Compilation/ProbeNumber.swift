// The probe numbers the `id` built-in reads and `probes` lists (as `dtrace -l` lists them): BEGIN 1, END 2,
// ERROR 3, then the declared probes in the order they were registered; tick and profile clauses read 0.

/// The `id` of each probe.
public enum ProbeNumber {
    /// The `id` of the first declared probe (BEGIN, END and ERROR come first, as in DTrace).
    public static let firstDeclared: Int64 = 4

    /// The `id` of a declared probe.
    public static func of(_ site: ProbeSite) -> Int64 { firstDeclared + Int64(site.id) }

    /// The `id` of a `dtrace:::` probe (BEGIN, END, ERROR), or of a tick or profile clause (0).
    public static func special(provider: String, name: String) -> Int64 {
        provider == "dtrace" ? ["BEGIN": 1, "END": 2, "ERROR": 3][name] ?? 0 : 0
    }
}
