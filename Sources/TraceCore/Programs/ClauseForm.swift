// The compiled clause form: the typed, name-resolved program representation that the language
// checker produces and the runtime lowers (once, at definition) into code that fires with no
// name look-ups and no boxing. Every name is already a slot; every expression already has a type.

/// The type of a value in the language: 64-bit integers and strings (Bool and Double arguments arrive as integers).
public enum ValueType: String, Sendable, Equatable, Hashable {
    case int
    case string
}

/// Built-in variables available in every clause.
public enum BuiltinVariable: String, Sendable, CaseIterable, Equatable {
    case probeprov, probemod, probefunc, probename
    case timestamp, walltimestamp, tid, pid, execname
    case retval, elapsed

    /// The type the built-in evaluates to.
    public var type: ValueType {
        switch self {
        case .probeprov, .probemod, .probefunc, .probename, .execname: return .string
        default: return .int
        }
    }
}

/// Integer binary operators (wrap-around 64-bit arithmetic; comparisons and logic give 0 or 1).
public enum BinaryOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case bitAnd = "&", bitOr = "|", bitXor = "^", shiftLeft = "<<", shiftRight = ">>"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    case logicalAnd = "&&", logicalOr = "||"
}

/// Integer unary operators.
public enum UnaryOperator: String, Sendable, Equatable {
    case negate = "-", logicalNot = "!", bitNot = "~"
}

/// String functions of the language.
public enum StringFunction: String, Sendable, CaseIterable, Equatable {
    case strlen    // (string) -> int
    case substr    // (string, int[, int]) -> string
    case strjoin   // (string, string) -> string
    case strstr    // (string, string) -> string: the suffix starting at the first match, or ""
    case str       // (int) -> string

    /// The type of the function's result.
    public var resultType: ValueType { self == .strlen ? .int : .string }
}

/// A typed expression. Slots index the program's declarations (`ProgramSpec`).
public indirect enum Expression: Sendable, Equatable {
    case integer(Int64)
    case string(String)
    /// A probe argument by declared name; the runtime resolves its position per matched probe.
    case argument(name: String, type: ValueType)
    /// `arg0`…`arg9`: the probe argument at that position, as declared by every matched probe.
    case argumentAt(index: Int, type: ValueType)
    case builtin(BuiltinVariable)
    case global(slot: Int, type: ValueType)
    case threadLocal(slot: Int, type: ValueType)
    case clauseLocal(slot: Int, type: ValueType)
    case arrayElement(array: Int, keys: [Expression], type: ValueType)
    case unary(UnaryOperator, Expression)
    /// Integer operators on integer operands; `equal`/`notEqual`/comparisons on two strings compare them.
    case binary(BinaryOperator, Expression, Expression)
    case conditional(Expression, Expression, Expression)
    case call(StringFunction, [Expression])

    /// The type this expression evaluates to.
    public var type: ValueType {
        switch self {
        case .integer: return .int
        case .string: return .string
        case .argument(_, let t), .argumentAt(_, let t), .global(_, let t), .threadLocal(_, let t),
             .clauseLocal(_, let t), .arrayElement(_, _, let t):
            return t
        case .builtin(let b): return b.type
        case .unary, .binary: return .int
        case .conditional(_, let a, _): return a.type
        case .call(let f, _): return f.resultType
        }
    }
}

/// Something an assignment can write.
public enum AssignmentTarget: Sendable, Equatable {
    case global(slot: Int, type: ValueType)
    case threadLocal(slot: Int, type: ValueType)
    case clauseLocal(slot: Int, type: ValueType)
    case arrayElement(array: Int, keys: [Expression], type: ValueType)
}

extension AssignmentTarget {
    /// The same storage read as an expression.
    var storage: Expression {
        switch self {
        case .global(let slot, let type): return .global(slot: slot, type: type)
        case .threadLocal(let slot, let type): return .threadLocal(slot: slot, type: type)
        case .clauseLocal(let slot, let type): return .clauseLocal(slot: slot, type: type)
        case .arrayElement(let array, let keys, let type): return .arrayElement(array: array, keys: keys, type: type)
        }
    }
}

/// A statement of a clause body. No loops: every clause runs in bounded time.
public indirect enum Statement: Sendable, Equatable {
    case assign(AssignmentTarget, Expression)
    /// `@name[keys] = f(arguments)`: the function is fixed by the aggregation's declaration.
    case aggregate(aggregation: Int, keys: [Expression], arguments: [Expression])
    /// `printf(format, …)`; the format has been checked against the argument types.
    case printf(format: String, arguments: [Expression])
    case trace(Expression)
    /// `printa([format,] @a…)` prints the rows; `print(@a)` (withName) prints them under the name.
    case printa(format: String?, aggregations: [Int], withName: Bool)
    case clear(aggregation: Int)
    case trunc(aggregation: Int, keep: Expression?)
    case exit
    case ifElse(Expression, [Statement], [Statement])
}

/// Aggregating functions with their definition-time parameters.
public enum AggregationFunction: Sendable, Equatable, Hashable {
    case count, sum, avg, min, max, stddev
    case quantize
    case lquantize(low: Int64, high: Int64, step: Int64)
    case llquantize(factor: Int64, lowMagnitude: Int64, highMagnitude: Int64, steps: Int64)

    /// The name the language uses for the function.
    public var name: String {
        switch self {
        case .count: return "count"
        case .sum: return "sum"
        case .avg: return "avg"
        case .min: return "min"
        case .max: return "max"
        case .stddev: return "stddev"
        case .quantize: return "quantize"
        case .lquantize: return "lquantize"
        case .llquantize: return "llquantize"
        }
    }

    /// Whether the value is a distribution (rendered as a histogram).
    public var isHistogram: Bool {
        switch self {
        case .quantize, .lquantize, .llquantize: return true
        default: return false
        }
    }
}

/// One `@name` of a program.
public struct AggregationDeclaration: Sendable, Equatable {
    public var name: String          // without '@'; "" for the anonymous `@`
    public var function: AggregationFunction
    public var keyTypes: [ValueType]
    public init(name: String, function: AggregationFunction, keyTypes: [ValueType]) {
        self.name = name; self.function = function; self.keyTypes = keyTypes
    }
}

/// A named variable slot (global, `self->`, `this->`).
public struct VariableDeclaration: Sendable, Equatable {
    public var name: String
    public var type: ValueType
    public init(name: String, type: ValueType) { self.name = name; self.type = type }
}

/// An associative array `name[keys]` of a program.
public struct ArrayDeclaration: Sendable, Equatable {
    public var name: String
    public var keyTypes: [ValueType]
    public var valueType: ValueType
    public init(name: String, keyTypes: [ValueType], valueType: ValueType) {
        self.name = name; self.keyTypes = keyTypes; self.valueType = valueType
    }
}

/// Where a clause fires.
public enum ClauseProbe: Sendable, Equatable {
    /// Declared probes, already matched from the clause's descriptions (`ProbeRegistry.match`).
    case sites([ProbeID])
    case begin
    case end
    case error
    /// `tick-1s`, `interval:ms:500`: fires every `nanoseconds` on the runtime's timer thread.
    case tick(nanoseconds: Int64)
}

/// One clause: where it fires, when, and what it does.
public struct ClauseSpec: Sendable, Equatable {
    public var probes: [ClauseProbe]
    public var predicate: Expression?
    public var body: [Statement]
    /// The `this->` variables of the clause.
    public var clauseLocals: [VariableDeclaration]
    /// 1-based source line of the clause, for error reports.
    public var line: Int
    public init(probes: [ClauseProbe], predicate: Expression?, body: [Statement], clauseLocals: [VariableDeclaration] = [], line: Int = 1) {
        self.probes = probes; self.predicate = predicate; self.body = body; self.clauseLocals = clauseLocals; self.line = line
    }
}

/// A whole checked program, ready for `TraceRuntime.define`.
public struct ProgramSpec: Sendable, Equatable {
    public var name: String
    public var source: String
    public var clauses: [ClauseSpec]
    public var globals: [VariableDeclaration]
    public var threadLocals: [VariableDeclaration]
    public var arrays: [ArrayDeclaration]
    public var aggregations: [AggregationDeclaration]
    public init(name: String, source: String = "", clauses: [ClauseSpec], globals: [VariableDeclaration] = [],
                threadLocals: [VariableDeclaration] = [], arrays: [ArrayDeclaration] = [], aggregations: [AggregationDeclaration] = []) {
        self.name = name; self.source = source; self.clauses = clauses; self.globals = globals
        self.threadLocals = threadLocals; self.arrays = arrays; self.aggregations = aggregations
    }
}
