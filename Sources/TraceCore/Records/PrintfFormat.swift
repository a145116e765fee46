// printf/printa format strings: parsed once (at definition time, so errors point at the text),
// rendered many times off the hot path.
//
// Conversion syntax: `%` [flags] [width] [.precision] [length] conversion
//   flags      `-` (left-align), `0` (zero-pad numbers), `@` (printa: the aggregation value), in any order;
//              `@` may also come just before the conversion letter (`%10@d`)
//   width      decimal digits
//   precision  `.` then decimal digits (none = 0)
//   length     `h`, `hh`, `l`, `ll`: accepted for C compatibility and ignored
//   conversion `d i u x X s c f`; after `@` the conversion is optional (`%@d`, `%@u`, bare `%@`)
// `%%` is a literal percent sign. Escapes (`\n`, `\t`) are decoded by the lexer before parsing.
//
// Widths and precision count `Character`s (grapheme clusters), not bytes as C does.

/// Why a format string was refused.
public struct PrintfFormatError: Error, Sendable, Equatable {
    /// What is wrong, e.g. `unknown conversion '%q'`.
    public var message: String
    /// `Character` offset in the format string of the `%` that starts the bad conversion.
    public var offset: Int
    /// Creates an error.
    public init(message: String, offset: Int) { self.message = message; self.offset = offset }
}

/// What a conversion prints.
public enum PrintfConversionKind: Sendable, Equatable {
    /// `%d`, `%i`.
    case signed
    /// `%u`: the 64-bit pattern as unsigned.
    case unsigned
    /// `%x`, `%X`: the 64-bit pattern in hexadecimal.
    case hex
    /// `%s`.
    case string
    /// `%c`: an integer as the Unicode scalar it names.
    case character
    /// `%f`: an integer with `precision` (default 6) zero decimals.
    case float
    /// `%@` (`%@d`, `%@u`, …): the aggregation value — printa formats only.
    case aggregationValue
}

/// One `%…` conversion of a format.
public struct PrintfConversion: Sendable, Equatable {
    /// What the conversion prints.
    public var kind: PrintfConversionKind
    /// `-` flag: pad on the right.
    public var leftAlign: Bool
    /// `0` flag: pad numbers with zeros after the sign (ignored with `-`, and for integers with a precision).
    public var zeroPad: Bool
    /// Minimum field width in characters.
    public var width: Int?
    /// Minimum digits for integers, decimals for `%f`, maximum characters for `%s`.
    public var precision: Int?
    /// The argument type the conversion takes: `.int` for d i u x c f, `.string` for s, nil for `%@`.
    public var expects: ValueType?

    /// Creates a conversion.
    public init(kind: PrintfConversionKind, leftAlign: Bool = false, zeroPad: Bool = false, width: Int? = nil,
                precision: Int? = nil, expects: ValueType?) {
        self.kind = kind; self.leftAlign = leftAlign; self.zeroPad = zeroPad
        self.width = width; self.precision = precision; self.expects = expects
    }
}

/// A parsed printf (or printa) format string.
public struct PrintfFormat: Sendable, Equatable {
    /// A piece of the format: literal text or the conversion at an index of `conversions`.
    enum Segment: Sendable, Equatable {
        case literal(String)
        /// `uppercase` for `%X`; `valueKind` is the conversion after `@` (`%@x` → `.hex`), `.signed` by default.
        case conversion(index: Int, uppercase: Bool, valueKind: PrintfConversionKind)
    }

    /// The conversions in order; the i-th consumes the i-th argument (`%@` consumes none).
    public var conversions: [PrintfConversion]
    var segments: [Segment]

    /// Parses a format; `%@` is accepted only when `allowAggregationValue` (printa).
    public static func parse(_ text: String, allowAggregationValue: Bool = false) throws(PrintfFormatError) -> PrintfFormat {
        let chars = Array(text)
        var conversions: [PrintfConversion] = []
        var segments: [Segment] = []
        var literal = ""
        var i = 0

        func flushLiteral() {
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
        }

        while i < chars.count {
            let c = chars[i]
            if c != "%" { literal.append(c); i += 1; continue }
            let start = i
            i += 1
            guard i < chars.count else {
                throw PrintfFormatError(message: "incomplete conversion at end of format", offset: start)
            }
            if chars[i] == "%" { literal.append("%"); i += 1; continue }

            var leftAlign = false, zeroPad = false, aggregation = false
            flags: while i < chars.count {
                switch chars[i] {
                case "-": leftAlign = true
                case "0": zeroPad = true
                case "@": aggregation = true
                default: break flags
                }
                i += 1
            }
            var width: Int?
            while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                width = Swift.min((width ?? 0) * 10 + d, 1_000_000)
                i += 1
            }
            var precision: Int?
            if i < chars.count, chars[i] == "." {
                i += 1
                precision = 0
                while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                    precision = Swift.min(precision! * 10 + d, 1_000_000)
                    i += 1
                }
            }
            while i < chars.count, chars[i] == "l" || chars[i] == "h" { i += 1 }
            // `@` may also follow the width and precision: `%10@d`.
            if i < chars.count, chars[i] == "@" { aggregation = true; i += 1 }

            if aggregation && !allowAggregationValue {
                throw PrintfFormatError(message: "'%@' is only allowed in a printa format", offset: start)
            }
            var kind: PrintfConversionKind?
            var uppercase = false
            if i < chars.count {
                switch chars[i] {
                case "d", "i": kind = .signed
                case "u": kind = .unsigned
                case "x": kind = .hex
                case "X": kind = .hex; uppercase = true
                case "s": kind = .string
                case "c": kind = .character
                case "f": kind = .float
                default: kind = nil
                }
            }
            if aggregation {
                // The conversion letter after `@` is optional: `%@d` and a bare `%@` both print the value.
                if kind != nil { i += 1 }
                flushLiteral()
                segments.append(.conversion(index: conversions.count, uppercase: uppercase, valueKind: kind ?? .signed))
                conversions.append(PrintfConversion(kind: .aggregationValue, leftAlign: leftAlign, zeroPad: zeroPad,
                                                    width: width, precision: precision, expects: nil))
                continue
            }
            guard i < chars.count else {
                throw PrintfFormatError(message: "incomplete conversion at end of format", offset: start)
            }
            guard let kind else {
                let spec = String(chars[start...i])
                throw PrintfFormatError(message: "unknown conversion '\(spec)'", offset: start)
            }
            i += 1
            flushLiteral()
            segments.append(.conversion(index: conversions.count, uppercase: uppercase, valueKind: kind))
            conversions.append(PrintfConversion(kind: kind, leftAlign: leftAlign, zeroPad: zeroPad, width: width,
                                                precision: precision, expects: kind == .string ? .string : .int))
        }
        flushLiteral()
        return PrintfFormat(conversions: conversions, segments: segments)
    }

    /// Renders with `values` consumed in order by the conversions other than `%@`.
    /// A missing value renders as 0 or ""; a string given to a number conversion is read as an integer (0 if it is not one);
    /// `%@` renders as "".
    public func render(_ values: [TraceValue]) -> String {
        render(values, aggregation: .text(""))
    }

    /// Renders a printa row: `values` are the key components, `%@` is replaced by `aggregationValue` (width applied).
    public func render(_ values: [TraceValue], aggregationValue: String) -> String {
        render(values, aggregation: .text(aggregationValue))
    }

    /// What `%@` prints: pre-rendered text, or an integer that the conversion after `@` formats (`%@x`).
    public enum AggregationArgument: Sendable {
        /// Text inserted as it is (width and precision applied).
        case text(String)
        /// An integer formatted by the conversion after `@`.
        case integer(Int64)
    }

    /// Renders a printa row: `values` are the key components, `%@` prints `aggregation`.
    public func render(_ values: [TraceValue], aggregation: AggregationArgument) -> String {
        var out = ""
        var next = 0
        for segment in segments {
            switch segment {
            case .literal(let s):
                out += s
            case .conversion(let index, let uppercase, let valueKind):
                let conv = conversions[index]
                if conv.kind == .aggregationValue {
                    switch aggregation {
                    case .text(let s):
                        out += PrintfFormat.pad(PrintfFormat.truncated(s, conv.precision), conv, numeric: false)
                    case .integer(let v):
                        out += PrintfFormat.format(.int(v), kind: valueKind, uppercase: uppercase, conv)
                    }
                } else {
                    let value = next < values.count ? values[next] : nil
                    next += 1
                    out += PrintfFormat.format(value, kind: conv.kind, uppercase: uppercase, conv)
                }
            }
        }
        return out
    }

    // MARK: - One conversion

    static func format(_ value: TraceValue?, kind: PrintfConversionKind, uppercase: Bool, _ conv: PrintfConversion) -> String {
        switch kind {
        case .string, .aggregationValue:
            let s: String
            switch value {
            case .string(let v): s = v
            case .int(let v): s = String(v)
            case .stack(let frames): s = frames.joined(separator: "\n")
            case nil: s = ""
            }
            return pad(truncated(s, conv.precision), conv, numeric: false)
        case .character:
            let s: String
            switch value {
            case .int(let v):
                let scalar = UInt32(exactly: v).flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
                s = String(Character(scalar))
            case .string(let v): s = v.first.map { String($0) } ?? ""
            case .stack, nil: s = ""
            }
            return pad(s, conv, numeric: false)
        case .signed, .unsigned, .hex, .float:
            let v = integer(value)
            let negative: Bool
            var digits: String
            switch kind {
            case .signed, .float:
                negative = v < 0
                digits = String(v.magnitude)
            case .unsigned:
                negative = false
                digits = String(UInt64(bitPattern: v))
            default:
                negative = false
                digits = String(UInt64(bitPattern: v), radix: 16, uppercase: uppercase)
            }
            if kind == .float {
                let decimals = conv.precision ?? 6
                if decimals > 0 { digits += "." + String(repeating: "0", count: decimals) }
            } else if let p = conv.precision {
                // C: precision is the minimum number of digits; precision 0 prints 0 as nothing.
                if p == 0 && v == 0 { digits = "" }
                if digits.count < p { digits = String(repeating: "0", count: p - digits.count) + digits }
            }
            let sign = negative ? "-" : ""
            let zeroPad = conv.zeroPad && !conv.leftAlign && (kind == .float || conv.precision == nil)
            if zeroPad, let w = conv.width, sign.count + digits.count < w {
                return sign + String(repeating: "0", count: w - sign.count - digits.count) + digits
            }
            return pad(sign + digits, conv, numeric: true)
        }
    }

    static func integer(_ value: TraceValue?) -> Int64 {
        switch value {
        case .int(let v): return v
        case .string(let s): return Int64(s) ?? 0
        case .stack, nil: return 0
        }
    }

    static func truncated(_ s: String, _ precision: Int?) -> String {
        guard let p = precision, s.count > p else { return s }
        return String(s.prefix(p))
    }

    /// Pads to the conversion's width with spaces (a number's zero padding is done by the caller).
    static func pad(_ s: String, _ conv: PrintfConversion, numeric: Bool) -> String {
        guard let w = conv.width else { return s }
        let n = s.count
        guard n < w else { return s }
        let fill = String(repeating: " ", count: w - n)
        return conv.leftAlign ? s + fill : fill + s
    }
}
