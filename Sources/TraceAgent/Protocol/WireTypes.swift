// The plain values that cross the backend interface (besides aggregation snapshots, TraceCore's AggregationSnapshot).
import TraceCore

/// One declared probe, as `probes` lists it.
public struct ProbeInfo: Codable, Sendable, Equatable {
    /// Provider field.
    public var provider: String
    /// Module field.
    public var module: String
    /// Function field.
    public var function: String
    /// Name field (`entry`, `return`, or an event name).
    public var name: String
    /// Declared arguments in order.
    public var arguments: [ArgumentInfo]
    /// Whether some enabled clause fires here now.
    public var enabled: Bool
    /// Whether this is a function's `return` probe (it also sees `retval` and `elapsed`).
    public var isReturn: Bool
    /// What the `id` built-in reads at this probe (nil from an agent that does not send it).
    public var id: Int64?

    /// `provider:module:function:name`.
    public var fullName: String { "\(provider):\(module):\(function):\(name)" }

    /// Creates a probe description.
    public init(provider: String, module: String, function: String, name: String, arguments: [ArgumentInfo], enabled: Bool, isReturn: Bool,
                id: Int64? = nil) {
        self.provider = provider; self.module = module; self.function = function; self.name = name
        self.arguments = arguments; self.enabled = enabled; self.isReturn = isReturn; self.id = id
    }
}

/// A declared probe argument: name and type (`int`, `uint`, `double`, `bool`, `string`).
public struct ArgumentInfo: Codable, Sendable, Equatable {
    /// The argument's name, usable in clauses.
    public var name: String
    /// Its declared type.
    public var type: String
    /// Creates an argument description.
    public init(name: String, type: String) { self.name = name; self.type = type }
}

/// The answer to a definition.
public struct DefinitionInfo: Codable, Sendable, Equatable {
    /// The program's name (the anonymous name it was given, for a bare clause).
    public var name: String
    /// Probe sites its clauses fire at.
    public var matchedProbes: Int
    /// Whether it replaced a program of the same name.
    public var replaced: Bool
    /// Whether it is enabled.
    public var enabled: Bool
    /// What its `#pragma D option` lines did, where the user should know (nil: nothing to say).
    public var notes: [String]? = nil
    /// Creates a definition answer.
    public init(name: String, matchedProbes: Int, replaced: Bool, enabled: Bool) {
        self.name = name; self.matchedProbes = matchedProbes; self.replaced = replaced; self.enabled = enabled
    }
}

/// A CLTRACE form that asks rather than defines.
public enum LispQuery: Codable, Sendable, Equatable {
    /// `(getagg NAME)`: the aggregation `@NAME`.
    case aggregation(String)
    /// `(getvar :NAME)`: the global `NAME`.
    case variable(String)
}

/// What `programs` shows for one program.
public struct ProgramInfo: Codable, Sendable, Equatable {
    /// Its name.
    public var name: String
    /// Whether it is enabled.
    public var enabled: Bool
    /// Probe sites matched.
    public var probesMatched: Int
    /// Firings so far.
    public var firings: Int64
    /// Runtime errors so far.
    public var errors: Int64
    /// Drops by kind (`trace buffer`, `aggregation keys`, `array entries`).
    public var drops: [String: Int64]
    /// Estimated time spent in its clauses.
    public var clauseNanoseconds: Int64
    /// Since it was (re)defined.
    public var uptimeNanoseconds: Int64
    /// The source it was defined from.
    public var source: String
    /// Its budget, a share of one core, if set.
    public var budget: Double?
    /// Its aggregations' names, without `@`.
    public var aggregations: [String]
    /// Whether one of its clauses can call `exit()` (nil from a peer that does not say).
    public var canExit: Bool?
    /// The status of its `exit(N)`, once it has called exit().
    public var exitStatus: Int64?
    /// Bytes of tracing memory it holds (nil from an agent that does not say).
    public var memoryBytes: Int?

    /// Total drops of every kind.
    public var totalDrops: Int64 { drops.values.reduce(0, +) }

    /// Creates a status.
    public init(name: String, enabled: Bool, probesMatched: Int, firings: Int64, errors: Int64, drops: [String: Int64],
                clauseNanoseconds: Int64, uptimeNanoseconds: Int64, source: String, budget: Double?, aggregations: [String],
                canExit: Bool? = nil, exitStatus: Int64? = nil, memoryBytes: Int? = nil) {
        self.memoryBytes = memoryBytes
        self.name = name; self.enabled = enabled; self.probesMatched = probesMatched; self.firings = firings
        self.errors = errors; self.drops = drops; self.clauseNanoseconds = clauseNanoseconds
        self.uptimeNanoseconds = uptimeNanoseconds; self.source = source; self.budget = budget; self.aggregations = aggregations
        self.canExit = canExit; self.exitStatus = exitStatus
    }
}

/// The runtime's limits, as `set` shows and changes them.
public struct LimitsInfo: Codable, Sendable, Equatable {
    /// Keys per aggregation.
    public var aggregationKeys: Int
    /// Entries per associative array.
    public var arrayEntries: Int
    /// Longest string, in bytes.
    public var stringSize: Int
    /// Bytes of each thread's trace buffer.
    public var traceBufferBytes: Int
    /// Distinct string keys per program (nil: unchanged, or not said by the agent).
    public var stringKeys: Int?
    /// Aggregations per program (nil: unchanged, or not said).
    public var aggregationsPerProgram: Int?
    /// The tracing memory budget, in bytes (nil: unchanged, or not said).
    public var memoryBytes: Int?
    /// Tracing memory in use now, in bytes (reported, not set).
    public var memoryUsedBytes: Int?
    /// Threads that may trace at once (nil: unchanged, or not said).
    public var threads: Int?
    /// Creates a set of limits.
    public init(aggregationKeys: Int, arrayEntries: Int, stringSize: Int, traceBufferBytes: Int,
                stringKeys: Int? = nil, aggregationsPerProgram: Int? = nil, memoryBytes: Int? = nil, memoryUsedBytes: Int? = nil,
                threads: Int? = nil) {
        self.aggregationKeys = aggregationKeys; self.arrayEntries = arrayEntries
        self.stringSize = stringSize; self.traceBufferBytes = traceBufferBytes
        self.stringKeys = stringKeys; self.aggregationsPerProgram = aggregationsPerProgram
        self.memoryBytes = memoryBytes; self.memoryUsedBytes = memoryUsedBytes
        self.threads = threads
    }
}

/// A global's value.
public enum WireValue: Codable, Sendable, Equatable {
    /// An integer.
    case int(Int64)
    /// A string.
    case string(String)
}

/// Something a program printed.
public struct TraceOutput: Codable, Sendable, Equatable {
    /// What it is: the runtime's own record kind.
    public typealias Kind = OutputRecord.Kind
    /// The program that printed it.
    public var program: String
    /// What it printed.
    public var kind: Kind
    /// Creates an output record.
    public init(program: String, kind: Kind) { self.program = program; self.kind = kind }
}

/// One definition error: position (1-based, in Characters) and message.
public struct DiagnosticInfo: Codable, Sendable, Equatable {
    /// Source line.
    public var line: Int
    /// Source column.
    public var column: Int
    /// What is wrong.
    public var message: String
    /// Creates a diagnostic.
    public init(line: Int, column: Int, message: String) { self.line = line; self.column = column; self.message = message }
}

/// Why a request failed.
public enum BackendError: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    /// The program text has errors (positions refer to `source`).
    case definition([DiagnosticInfo], source: String)
    /// No program of that name; the nearest names.
    case noSuchProgram(String, suggestions: [String])
    /// The program has no such aggregation.
    case noSuchAggregation(program: String, name: String)
    /// Anything else, as a message.
    case message(String)

    /// The error as the console prints it (definition errors with their source lines and carets).
    public var description: String {
        switch self {
        case .definition(let diagnostics, let source):
            return diagnostics.map { Diagnostic(line: $0.line, column: $0.column, message: $0.message).rendered(source: source) }
                .joined(separator: "\n")
        case .noSuchProgram(let name, let suggestions):
            return TraceRuntimeError.noSuchProgram(name, suggestions: suggestions).description
        case .noSuchAggregation(let program, let name):
            return TraceRuntimeError.noSuchAggregation(program: program, name: name).description
        case .message(let text):
            return text
        }
    }
}
