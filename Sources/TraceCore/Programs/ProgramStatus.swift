/// What `programs` shows for one program.
public struct ProgramStatus: Sendable, Equatable {
    public var name: String
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
    /// Bytes of tracing memory it holds (charged to `set memory`'s budget).
    public var memoryBytes: Int = 0

    /// Total drops of every kind.
    public var totalDrops: Int64 { drops.values.reduce(0, +) }
}
