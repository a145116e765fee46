/// What `programs` shows for one program.
public struct ProgramStatus: Sendable, Equatable {
    public var name: String
    /// Enabled; a program that called exit() stays enabled here until its END clauses have run.
    public var enabled: Bool
    /// Probe sites the program's clauses fire at (special probes not included).
    public var probesMatched: Int
    public var firings: Int64
    public var errors: Int64
    public var drops: [DropKind: Int64]
    /// Time spent in the program's clauses, estimated from every 64th firing.
    public var clauseNanoseconds: Int64
    /// Since the program was (re)defined.
    public var uptimeNanoseconds: Int64
    /// Errors per clause (index 0 is clause 1).
    public var clauseErrors: [Int64]
    /// The source it was defined from.
    public var source: String
    /// The share of one core above which the program is disabled, if set.
    public var budget: Double?
    /// Names of its aggregations (without '@').
    public var aggregations: [String]
    /// Whether one of its clauses can call `exit()` (a script waits for such programs).
    public var canExit: Bool = false
    /// The status of its `exit(N)` once it has called exit() (nil until then, and after it is enabled again).
    public var exitStatus: Int64? = nil
    /// Bytes of tracing memory it holds (charged to `set memory`'s budget).
    public var memoryBytes: Int = 0

    /// Total drops of every kind.
    public var totalDrops: Int64 { drops.values.reduce(0, +) }
}
