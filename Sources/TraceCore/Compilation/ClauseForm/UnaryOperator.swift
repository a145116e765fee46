/// Integer unary operators, and the casts to integer types narrower than 64 bits (`(int)x`, `(uint8_t)x`):
/// they keep the low bits, sign-extended for a signed type.
public enum UnaryOperator: String, Sendable, Equatable {
    case negate = "-", logicalNot = "!", bitNot = "~"
    case toInt8 = "(int8_t)", toUInt8 = "(uint8_t)", toInt16 = "(int16_t)", toUInt16 = "(uint16_t)"
    case toInt32 = "(int32_t)", toUInt32 = "(uint32_t)"

    /// The operator applied to a value.
    @inline(__always)
    func apply(_ v: Int64) -> Int64 {
        switch self {
        case .negate: return 0 &- v
        case .logicalNot: return v == 0 ? 1 : 0
        case .bitNot: return ~v
        case .toInt8: return Int64(Int8(truncatingIfNeeded: v))
        case .toUInt8: return Int64(UInt8(truncatingIfNeeded: v))
        case .toInt16: return Int64(Int16(truncatingIfNeeded: v))
        case .toUInt16: return Int64(UInt16(truncatingIfNeeded: v))
        case .toInt32: return Int64(Int32(truncatingIfNeeded: v))
        case .toUInt32: return Int64(UInt32(truncatingIfNeeded: v))
        }
    }
}
