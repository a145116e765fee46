import Foundation

// printf/printa format strings: parsed once (at definition time, so errors point at the text),
// rendered many times off the hot path.
//
// Conversion syntax: `%` [flags] [width] [.precision] [length] conversion
//   flags      `-` (left-align), `0` (zero-pad numbers), `+` (sign always), ` ` (space for a plus sign),
//              `#` (`0x` before hex, `0` before octal), `@` (printa: the aggregation value), in any order;
//              `@` may also come just before the conversion letter (`%10@d`)
//   width      decimal digits, or `*`: the next argument (an integer; negative means left-aligned)
//   precision  `.` then decimal digits (none = 0), or `.*`: the next argument (negative means none)
//   length     `h`, `hh`, `l`, `ll`, `L`, `j`, `z`, `t`: accepted for C compatibility and ignored
//   conversion `d i u o x X s c f F e E g G p`, `k` (a stack), `a A` (an address as `module`function+0xoffset`);
//              integers print through `f e g` as floating values;
//              after `@` the conversion is optional (`%@d`, `%@u`, bare `%@`)
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
    /// `%e`, `%E`: the value in exponent form, `precision` (default 6) decimals.
    case exponent
    /// `%g`, `%G`: the shorter of `%f` and `%e`, trailing zeros dropped.
    case general
    /// `%o`: the 64-bit pattern in octal.
    case octal
    /// `%p`: the value as an address, `0x` and lowercase hex.
    case pointer
    /// `%@` (`%@d`, `%@u`, …): the aggregation value — printa formats only.
    case aggregationValue
    /// `%k`: a stack, one frame per line as DTrace prints it.
    case stack
    /// `%a`, `%A`: an address by its symbol, `module`function+0xoffset` (named by the service when printed).
    case symbol
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
    /// The argument type the conversion takes: `.int` for d i u o x c f e g p a A, `.string` for s, `.stack` for k, nil for `%@`.
    public var expects: ValueType?
    /// `+` flag: a plus sign before non-negative signed numbers.
    public var plusSign = false
    /// ` ` flag: a space before non-negative signed numbers (when `+` is not given).
    public var spaceSign = false
    /// `#` flag: `0x`/`0X` before non-zero hex, `0` before octal.
    public var alternate = false
    /// `*` width: the width is the argument before the value.
    public var widthFromArgument = false
    /// `.*` precision: the precision is the argument before the value (after a `*` width's).
    public var precisionFromArgument = false

    /// Creates a conversion.
    public init(kind: PrintfConversionKind, leftAlign: Bool = false, zeroPad: Bool = false, width: Int? = nil,
                precision: Int? = nil, expects: ValueType?) {
        self.kind = kind; self.leftAlign = leftAlign; self.zeroPad = zeroPad
        self.width = width; self.precision = precision; self.expects = expects
    }

    /// The types of the arguments it consumes, in order: `*` width and precision, then the value (none for `%@`).
    public var argumentTypes: [ValueType] {
        var types: [ValueType] = []
        if widthFromArgument { types.append(.int) }
        if precisionFromArgument { types.append(.int) }
        if let expects { types.append(expects) }
        return types
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

    /// The conversions in order; each consumes its `argumentTypes` (`%@` consumes none).
    public var conversions: [PrintfConversion]
    var segments: [Segment]

    /// The types of every argument the format consumes, in order.
    public var argumentTypes: [ValueType] { conversions.flatMap(\.argumentTypes) }

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
            var plusSign = false, spaceSign = false, alternate = false
            flags: while i < chars.count {
                switch chars[i] {
                case "-": leftAlign = true
                case "0": zeroPad = true
                case "@": aggregation = true
                case "+": plusSign = true
                case " ": spaceSign = true
                case "#": alternate = true
                default: break flags
                }
                i += 1
            }
            var width: Int?
            var widthFromArgument = false, precisionFromArgument = false
            if i < chars.count, chars[i] == "*" {
                widthFromArgument = true
                i += 1
            }
            while !widthFromArgument, i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                width = Swift.min((width ?? 0) * 10 + d, 1_000_000)
                i += 1
            }
            var precision: Int?
            if i < chars.count, chars[i] == "." {
                i += 1
                precision = 0
                if i < chars.count, chars[i] == "*" {
                    precisionFromArgument = true
                    i += 1
                }
                while !precisionFromArgument, i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                    precision = Swift.min(precision! * 10 + d, 1_000_000)
                    i += 1
                }
            }
            while i < chars.count, "lhLjzt".contains(chars[i]) { i += 1 }
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
                case "f", "F": kind = .float
                case "e": kind = .exponent
                case "E": kind = .exponent; uppercase = true
                case "g": kind = .general
                case "G": kind = .general; uppercase = true
                case "o": kind = .octal
                case "p": kind = .pointer
                case "k": kind = .stack
                case "a", "A": kind = .symbol
                default: kind = nil
                }
            }
            if aggregation {
                // The conversion letter after `@` is optional: `%@d` and a bare `%@` both print the value.
                if kind != nil { i += 1 }
                flushLiteral()
                segments.append(.conversion(index: conversions.count, uppercase: uppercase, valueKind: kind ?? .signed))
                var conversion = PrintfConversion(kind: .aggregationValue, leftAlign: leftAlign, zeroPad: zeroPad,
                                                  width: width, precision: precision, expects: nil)
                conversion.plusSign = plusSign
                conversion.spaceSign = spaceSign
                conversion.alternate = alternate
                if widthFromArgument || precisionFromArgument {
                    throw PrintfFormatError(message: "'*' width or precision is not allowed with '%@'", offset: start)
                }
                conversions.append(conversion)
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
            var conversion = PrintfConversion(kind: kind, leftAlign: leftAlign, zeroPad: zeroPad, width: width,
                                              precision: precision, expects: kind == .string ? .string : kind == .stack ? .stack : .int)
            conversion.plusSign = plusSign
            conversion.spaceSign = spaceSign
            conversion.alternate = alternate
            conversion.widthFromArgument = widthFromArgument
            conversion.precisionFromArgument = precisionFromArgument
            conversions.append(conversion)
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
        render(values, aggregations: [aggregation])
    }

    /// Renders a joined printa row: the i-th `%@` prints `aggregations[i]` (the last one past the end).
    public func render(_ values: [TraceValue], aggregations: [AggregationArgument]) -> String {
        var out = ""
        var next = 0
        var nextAggregation = 0
        for segment in segments {
            switch segment {
            case .literal(let s):
                out += s
            case .conversion(let index, let uppercase, let valueKind):
                let conv = conversions[index]
                if conv.kind == .aggregationValue {
                    let aggregation = aggregations.isEmpty ? .text("") : aggregations[Swift.min(nextAggregation, aggregations.count - 1)]
                    nextAggregation += 1
                    switch aggregation {
                    case .text(let s):
                        out += PrintfFormat.pad(PrintfFormat.truncated(s, conv.precision), conv, numeric: false)
                    case .integer(let v):
                        out += PrintfFormat.format(.int(v), kind: valueKind, uppercase: uppercase, conv)
                    }
                } else {
                    var conv = conv
                    if conv.widthFromArgument {
                        let w = PrintfFormat.integer(next < values.count ? values[next] : nil)
                        next += 1
                        if w < 0 { conv.leftAlign = true }
                        conv.width = Int(Swift.min(w.magnitude, 1_000_000))
                    }
                    if conv.precisionFromArgument {
                        let p = PrintfFormat.integer(next < values.count ? values[next] : nil)
                        next += 1
                        conv.precision = p < 0 ? nil : Int(Swift.min(p, 1_000_000))
                    }
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
        case .stack:
            guard case .stack(let frames) = value else { return format(value, kind: .string, uppercase: false, conv) }
            return PrintfFormat.stackText(frames)
        case .symbol:
            if case .int(let v) = value { return pad("0x" + String(UInt64(bitPattern: v), radix: 16), conv, numeric: false) }
            return format(value, kind: .string, uppercase: false, conv)
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
        case .exponent, .general:
            return floating(Double(integer(value)), kind: kind, uppercase: uppercase, conv)
        case .signed, .unsigned, .hex, .float, .octal, .pointer:
            let v = integer(value)
            var negative = false
            var prefix = ""
            var digits: String
            switch kind {
            case .signed, .float:
                negative = v < 0
                digits = String(v.magnitude)
            case .unsigned:
                digits = String(UInt64(bitPattern: v))
            case .octal:
                digits = String(UInt64(bitPattern: v), radix: 8)
                if conv.alternate && v != 0 { prefix = "0" }
            case .pointer:
                digits = String(UInt64(bitPattern: v), radix: 16)
                prefix = "0x"
            default:
                digits = String(UInt64(bitPattern: v), radix: 16, uppercase: uppercase)
                if conv.alternate && v != 0 { prefix = uppercase ? "0X" : "0x" }
            }
            if kind == .float {
                let decimals = conv.precision ?? 6
                if decimals > 0 { digits += "." + String(repeating: "0", count: decimals) }
            } else if let p = conv.precision {
                // C: precision is the minimum number of digits; precision 0 prints 0 as nothing.
                if p == 0 && v == 0 { digits = "" }
                if digits.count < p { digits = String(repeating: "0", count: p - digits.count) + digits }
            }
            let signed = kind == .signed || kind == .float
            let sign = negative ? "-" : signed && conv.plusSign ? "+" : signed && conv.spaceSign ? " " : ""
            let lead = sign + prefix
            let zeroPad = conv.zeroPad && !conv.leftAlign && (kind == .float || conv.precision == nil)
            if zeroPad, let w = conv.width, lead.count + digits.count < w {
                return lead + String(repeating: "0", count: w - lead.count - digits.count) + digits
            }
            return pad(lead + digits, conv, numeric: true)
        }
    }

    /// `%e` and `%g` of a value, as C prints them.
    static func floating(_ d: Double, kind: PrintfConversionKind, uppercase: Bool, _ conv: PrintfConversion) -> String {
        var spec = "%"
        if conv.leftAlign { spec += "-" }
        if conv.plusSign { spec += "+" } else if conv.spaceSign { spec += " " }
        if conv.alternate { spec += "#" }
        if conv.zeroPad { spec += "0" }
        if let w = conv.width { spec += String(Swift.min(w, 4096)) }
        if let p = conv.precision { spec += "." + String(Swift.min(p, 4096)) }
        spec += kind == .exponent ? (uppercase ? "E" : "e") : (uppercase ? "G" : "g")
        return String(format: spec, d)
    }

    static func integer(_ value: TraceValue?) -> Int64 {
        switch value {
        case .int(let v): return v
        case .string(let s): return Int64(s) ?? 0
        case .stack, nil: return 0
        }
    }

    /// Columns of indentation before each frame of a printed stack (DTrace's `stackindent`).
    static let stackIndent = 14

    /// A stack as DTrace prints it: a newline, then each frame on its own line, indented.
    public static func stackText(_ frames: [String]) -> String {
        let pad = String(repeating: " ", count: stackIndent)
        return "\n" + frames.map { pad + $0 + "\n" }.joined()
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
