// The snapshot's Codable form, what the attach protocol carries (a histogram's layout is not sent; the
// decoder rebuilds it from the function):
//   {"program", "name", "function": {"name", "parameters": [Int64]}, "keyTypes": ["int"|"string"|"stack"],
//    "entries": [{"key": [{"int": n} | {"string": s} | {"stack": [frame]}], "value": {"kind", "numbers", "counts"?}}],
//    "drops", "printed"?, "order"?: {"byKey", "reversed", "keyPosition", "valuePosition"}}
// A deviation's numbers are [count, sum, low, high]: the exact 128-bit sum of squares in two words; a histogram's
// numbers are [the sum of its values].

extension AggregationSnapshot: Codable {
    private enum Keys: String, CodingKey { case program, name, function, keyTypes, entries, drops, printed, order }

    private struct FunctionCoding: Codable {
        var name: String
        var parameters: [Int64]
    }

    private struct KeyCoding: Codable {
        var int: Int64?
        var string: String?
        var stack: [String]?
    }

    private struct ValueCoding: Codable {
        /// `scalar` (numbers: [v]), `average` ([count, sum]), `deviation` ([count, sum, squares low, squares high]), `histogram` ([sum], counts).
        var kind: String
        var numbers: [Int64]
        var counts: [Int64]?
    }

    private struct EntryCoding: Codable {
        var key: [KeyCoding]
        var value: ValueCoding
    }

    /// Encodes the snapshot (see the file header for the form).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(program, forKey: .program)
        try c.encode(name, forKey: .name)
        try c.encode(Self.encodeFunction(function), forKey: .function)
        try c.encode(keyTypes.map(\.rawValue), forKey: .keyTypes)
        try c.encode(entries.map(Self.encodeEntry), forKey: .entries)
        try c.encode(drops, forKey: .drops)
        if printed { try c.encode(printed, forKey: .printed) }
        if order != .byValue { try c.encode(order, forKey: .order) }
    }

    /// Decodes a snapshot, refusing unknown functions, key types and value kinds.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let function = try Self.decodeFunction(c.decode(FunctionCoding.self, forKey: .function), path: c.codingPath)
        let keyTypes = try c.decode([String].self, forKey: .keyTypes).map { raw in
            guard let t = ValueType(rawValue: raw) else {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "unknown key type '\(raw)'"))
            }
            return t
        }
        let layout = HistogramLayout.validate(function) == nil ? HistogramLayout(function: function) : nil
        let entries = try c.decode([EntryCoding].self, forKey: .entries).map { e in
            try Self.decodeEntry(e, layout: layout, path: c.codingPath)
        }
        self.init(program: try c.decode(String.self, forKey: .program),
                  name: try c.decode(String.self, forKey: .name),
                  function: function, keyTypes: keyTypes, entries: entries,
                  drops: try c.decode(Int64.self, forKey: .drops),
                  printed: try c.decodeIfPresent(Bool.self, forKey: .printed) ?? false,
                  order: try c.decodeIfPresent(AggregationOrder.self, forKey: .order) ?? .byValue)
    }

    private static func encodeFunction(_ f: AggregationFunction) -> FunctionCoding {
        switch f {
        case .lquantize(let low, let high, let step): return FunctionCoding(name: f.name, parameters: [low, high, step])
        case .llquantize(let factor, let lo, let hi, let steps): return FunctionCoding(name: f.name, parameters: [factor, lo, hi, steps])
        default: return FunctionCoding(name: f.name, parameters: [])
        }
    }

    private static func decodeFunction(_ f: FunctionCoding, path: [any CodingKey]) throws -> AggregationFunction {
        let p = f.parameters
        switch (f.name, p.count) {
        case ("count", 0): return .count
        case ("sum", 0): return .sum
        case ("avg", 0): return .avg
        case ("min", 0): return .min
        case ("max", 0): return .max
        case ("stddev", 0): return .stddev
        case ("quantize", 0): return .quantize
        case ("lquantize", 3): return .lquantize(low: p[0], high: p[1], step: p[2])
        case ("llquantize", 4): return .llquantize(factor: p[0], lowMagnitude: p[1], highMagnitude: p[2], steps: p[3])
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "unknown aggregating function '\(f.name)' with \(p.count) parameters"))
        }
    }

    private static func encodeEntry(_ e: AggregationEntry) -> EntryCoding {
        let key = e.key.map { k -> KeyCoding in
            switch k {
            case .int(let v): return KeyCoding(int: v, string: nil)
            case .string(let s): return KeyCoding(int: nil, string: s)
            case .stack(let frames): return KeyCoding(int: nil, string: nil, stack: frames)
            }
        }
        let value: ValueCoding
        switch e.value {
        case .scalar(let v): value = ValueCoding(kind: "scalar", numbers: [v])
        case .average(let count, let sum): value = ValueCoding(kind: "average", numbers: [count, sum])
        case .deviation(let count, let sum, let squares):
            value = ValueCoding(kind: "deviation", numbers: [count, sum, Int64(bitPattern: UInt64(truncatingIfNeeded: squares)),
                                                             Int64(bitPattern: UInt64(truncatingIfNeeded: squares >> 64))])
        case .histogram(let h): value = ValueCoding(kind: "histogram", numbers: [h.sum], counts: h.counts)
        }
        return EntryCoding(key: key, value: value)
    }

    private static func decodeEntry(_ e: EntryCoding, layout: HistogramLayout?, path: [any CodingKey]) throws -> AggregationEntry {
        func corrupt(_ what: String) -> DecodingError { .dataCorrupted(.init(codingPath: path, debugDescription: what)) }
        let key = try e.key.map { k -> KeyComponent in
            if let v = k.int { return .int(v) }
            if let s = k.string { return .string(s) }
            if let frames = k.stack { return .stack(frames) }
            throw corrupt("a key component with neither an integer, a string nor a stack")
        }
        let n = e.value.numbers
        switch (e.value.kind, n.count) {
        case ("scalar", 1): return AggregationEntry(key: key, value: .scalar(n[0]))
        case ("average", 2): return AggregationEntry(key: key, value: .average(count: n[0], sum: n[1]))
        case ("deviation", 4):
            let squares = UInt128(UInt64(bitPattern: n[3])) << 64 | UInt128(UInt64(bitPattern: n[2]))
            return AggregationEntry(key: key, value: .deviation(count: n[0], sum: n[1], sumOfSquares: squares))
        case ("histogram", 0...1):
            guard let layout else { throw corrupt("a histogram value in an aggregation that is not a histogram") }
            return AggregationEntry(key: key, value: .histogram(HistogramValue(layout: layout, counts: e.value.counts ?? [], sum: n.first ?? 0)))
        default:
            throw corrupt("unknown value kind '\(e.value.kind)' with \(n.count) numbers")
        }
    }
}
