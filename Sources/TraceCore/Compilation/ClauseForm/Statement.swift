/// A statement of a clause body. No loops: every clause runs in bounded time.
public indirect enum Statement: Sendable, Equatable {
    case assign(AssignmentTarget, Expression)
    /// `@name[keys] = f(arguments)`: the function is fixed by the aggregation's declaration; the arguments
    /// are the value (none for count) and, for a histogram, an optional weight added to its bucket.
    case aggregate(aggregation: Int, keys: [Expression], arguments: [Expression])
    /// `printf(format, …)`; the format has been checked against the argument types.
    case printf(format: String, arguments: [Expression])
    case trace(Expression)
    /// `printa([format,] @a…)` prints the rows; `print(@a)` (withName) prints them under the name.
    case printa(format: String?, aggregations: [Int], withName: Bool)
    case clear(aggregation: Int)
    case trunc(aggregation: Int, keep: Expression?)
    /// `exit()` / `exit(0)`.
    case exit
    /// `exit(N)` with a status other than a literal 0: the console's exit status in script mode.
    case exitWith(Expression)
    case ifElse(Expression, [Statement], [Statement])
}
