// `#pragma D option NAME[=VALUE]`: the options DTrace scripts set. `strsize` and `bufsize` set the limits
// `set string-size` and `set trace-buffer` set; `aggsortkey`, `aggsortrev`, `aggsortpos` and `aggsortkeypos`
// order the program's aggregation rows (AggregationOrder); the rest are accepted with a note saying what
// stands for them here, or that the console already behaves so (`quiet`); an unknown name is refused with
// the nearest.

/// The options the language knows and what each becomes.
enum PragmaOptions {
    private enum Value { case none, size, rate, count, any }

    /// Options, the value each takes, and the note of those accepted without effect.
    private static let table: [String: (Value, String?)] = [
        "quiet": (.none, nil),
        "strsize": (.size, nil),
        "bufsize": (.size, nil),
        "aggsize": (.size, "aggregations are bounded by keys here, not bytes: set aggregation-keys N"),
        "dynvarsize": (.size, "associative arrays are bounded by entries here, not bytes: set array-entries N"),
        "switchrate": (.rate, "the console reads output on its own; `watch … every D` and `set refresh D` pace what it shows"),
        "aggrate": (.rate, "aggregations are read when shown; `watch … every D` and `set refresh D` pace what it shows"),
        "cleanrate": (.rate, "associative arrays free an element when 0 is assigned to it; nothing to clean"),
        "statusrate": (.rate, "nothing here reports status on a timer"),
        "aggsortkey": (.none, nil),
        "aggsortrev": (.none, nil),
        "aggsortpos": (.count, nil),
        "aggsortkeypos": (.count, nil),
        "flowindent": (.none, "not honoured: output is what printf and printa print"),
        "destructive": (.none, "there are no destructive actions here"),
        "zdefs": (.none, "define the program with -z (program NAME -z { … }) to allow clauses that match no probe"),
        "nspec": (.count, "there are no speculations here"),
        "specsize": (.size, "there are no speculations here"),
        "stackframes": (.count, "there are no kernel stacks here"),
        "ustackframes": (.count, "give the depth to ustack(N); without one it takes \(StackFunctions.defaultDepth) frames"),
        "bufpolicy": (.any, "each thread's buffer drops new records when full (counted in DROPS)"),
        "bufresize": (.any, "buffers are never resized"),
        "cpu": (.count, "probes fire on every thread; filter with a predicate on tid"),
        "rawbytes": (.none, "not honoured"),
        "defaultargs": (.none, "an undefined $1…$9 is refused; give the script its arguments"),
    ]

    /// The options' names, for "known options" and "did you mean".
    static var names: [String] { table.keys.sorted() }

    /// Why an option is refused.
    struct Refusal: Error { let message: String }

    /// The option as the program applies it, or the reason it is refused.
    static func resolve(_ option: SyntaxOption) throws(Refusal) -> ProgramOption {
        guard let (kind, note) = table[option.name] else {
            let hint = NearestNames.nearest(to: option.name, among: names, limit: 1).first.map { "did you mean '\($0)'? " } ?? ""
            throw Refusal(message: "unknown option '\(option.name)' (\(hint)known: \(names.joined(separator: ", ")))")
        }
        let value = option.value
        switch kind {
        case .none:
            if let value { throw Refusal(message: "option '\(option.name)' takes no value, got '\(value)'") }
        case .any:
            break
        case .size:
            guard let value, let bytes = size(value) else {
                throw Refusal(message: "option '\(option.name)' takes a size, as in \(option.name)=4m (bytes, or k, m, g)")
            }
            if option.name == "strsize" {
                guard bytes >= 1 && bytes <= 65_536 else { throw Refusal(message: "strsize must be 1 to 65536 bytes, not \(bytes)") }
                return ProgramOption(name: option.name, value: value, setting: .stringSize(bytes))
            }
            if option.name == "bufsize" {
                guard bytes >= 1024 && bytes <= 1 << 30 else { throw Refusal(message: "bufsize must be 1k to 1g, not \(bytes) bytes") }
                return ProgramOption(name: option.name, value: value, setting: .traceBuffer(bytes))
            }
        case .rate:
            guard let value, rate(value) else {
                throw Refusal(message: "option '\(option.name)' takes a rate or an interval, as in \(option.name)=10hz or \(option.name)=100ms")
            }
        case .count:
            guard let value, Int(value).map({ $0 >= 0 }) ?? false else {
                throw Refusal(message: "option '\(option.name)' takes a whole number, as in \(option.name)=1")
            }
        }
        return ProgramOption(name: option.name, value: value, setting: .accepted(note: note))
    }

    /// `4096`, `4k`, `4m`, `1g`, `1t` (any case) in bytes.
    static func size(_ text: String) -> Int? {
        let lower = text.lowercased()
        for (suffix, shift) in [("k", 10), ("m", 20), ("g", 30), ("t", 40)] where lower.hasSuffix(suffix) {
            guard let n = Int(lower.dropLast()), n >= 0, n <= (1 << 50) >> shift else { return nil }
            return n << shift
        }
        return Int(lower).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// `10hz`, `100ms`, `1sec`, `5` (per second), as DTrace writes rates.
    static func rate(_ text: String) -> Bool {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        let unit = text.dropFirst(digits.count).lowercased()
        return ["", "hz", "ns", "nsec", "us", "usec", "ms", "msec", "s", "sec", "m", "min", "h", "hour", "d", "day"].contains(unit)
    }
}
