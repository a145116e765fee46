/// Something a program printed, as the reader drains it.
public struct OutputRecord: Sendable, Equatable {
    /// What kind of output this is.
    public enum Kind: Codable, Sendable, Equatable {   // Codable: the attach protocol carries it as is (TraceOutput)
        /// `printf` or `trace` text, formatted.
        case text(String)
        /// `printa`/`print`: the aggregation as it was when the clause ran.
        case aggregation(AggregationSnapshot, format: String?, withName: Bool)
        /// A runtime error, reported once per clause and kind.
        case error(String)
        /// The program called `exit()` and has been disabled.
        case exited
        /// The program's clauses took more than its budget of one core and it has been disabled.
        case overBudget(String)
    }

    /// The program that printed it.
    public var program: String
    /// What it printed.
    public var kind: Kind
    /// Firing time in rdtsc ticks (records are returned in this order).
    public var ticks: UInt64

    /// A record of `program`'s output `kind`, fired at `ticks`.
    public init(program: String, kind: Kind, ticks: UInt64) {
        self.program = program; self.kind = kind; self.ticks = ticks
    }
}
