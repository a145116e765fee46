// D's C type names, as casts (`(int)x`, `(uint8_t)x`) and declarations (`int x;`, `self string s;`)
// name them. Values are 64-bit integers and strings, so a type is a width and a signedness (or
// `string`): a narrower integer type truncates to its width and sign-extends if it is signed.

/// A C type name of D, resolved.
enum CType: Sendable, Equatable {
    case integer(bits: Int, signed: Bool)
    case string

    /// `uint64_t`, `size_t`, `unsigned long long`: the type that makes arithmetic unsigned.
    static let unsigned64 = CType.integer(bits: 64, signed: false)

    /// The type of the values it holds.
    var valueType: ValueType { self == .string ? .string : .int }

    /// The operator that truncates a 64-bit integer to this type; nil when the value is unchanged.
    var narrowing: UnaryOperator? {
        switch self {
        case .integer(8, true): return .toInt8
        case .integer(8, false): return .toUInt8
        case .integer(16, true): return .toInt16
        case .integer(16, false): return .toUInt16
        case .integer(32, true): return .toInt32
        case .integer(32, false): return .toUInt32
        default: return nil
        }
    }
}

/// The type names the language knows.
enum CTypeNames {
    /// C's type words, combined as C combines them (`unsigned long long`, `short int`).
    static let words: Set<String> = ["char", "short", "int", "long", "signed", "unsigned"]

    /// Single-word type names: the fixed-width integers, the system typedefs D scripts use, `string`.
    static let names: [String: CType] = {
        var table: [String: CType] = ["string": .string]
        let signed = ["int8_t": 8, "int16_t": 16, "int32_t": 32, "int64_t": 64, "intptr_t": 64, "ssize_t": 64, "off_t": 64,
                      "hrtime_t": 64, "time_t": 64, "longlong_t": 64, "pid_t": 32, "id_t": 32, "processorid_t": 32]
        let unsigned = ["uint8_t": 8, "uint16_t": 16, "uint32_t": 32, "uint64_t": 64, "uintptr_t": 64, "size_t": 64,
                        "u_longlong_t": 64, "ulong_t": 64, "uint_t": 32, "ushort_t": 16, "uchar_t": 8, "uid_t": 32, "gid_t": 32]
        for (name, bits) in signed { table[name] = .integer(bits: bits, signed: true) }
        for (name, bits) in unsigned { table[name] = .integer(bits: bits, signed: false) }
        return table
    }()

    /// Whether a word starts a type name.
    static func startsType(_ word: String) -> Bool { words.contains(word) || names[word] != nil }

    /// The type C's words spell (`unsigned`, `long long int`, `signed char`), or nil if they spell none.
    static func combine(_ spelled: [String]) -> CType? {
        var longs = 0, sign: Bool? = nil, base: String? = nil
        for w in spelled {
            switch w {
            case "signed", "unsigned":
                if sign != nil { return nil }
                sign = w == "signed"
            case "long":
                longs += 1
                if longs > 2 || base == "char" || base == "short" { return nil }
            case "char", "short", "int":
                if base != nil { return nil }
                if w != "int" && longs > 0 { return nil }
                base = w
            default:
                return nil
            }
        }
        let signed = sign ?? true
        switch base {
        case "char": return .integer(bits: 8, signed: signed)
        case "short": return .integer(bits: 16, signed: signed)
        default: return .integer(bits: longs > 0 ? 64 : 32, signed: signed)
        }
    }
}
