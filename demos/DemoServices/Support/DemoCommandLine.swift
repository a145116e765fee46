/// A demo's command line: its own flags, plus the console's flags accepted and ignored for now
/// (`--script FILE`, `--json`, and any other `--flag` or `--flag=value`), so that scripts written
/// for the co-hosted console already run.
public struct DemoCommandLine: Sendable, Equatable {
    /// A command-line mistake, with the message to print.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The message.
        public let description: String
    }

    /// Values of the flags that take one, by flag (`--rate` → "3000").
    public private(set) var values: [String: String] = [:]
    /// Switches present (`--no-console`).
    public private(set) var switches: Set<String> = []
    /// Flags accepted but ignored (console flags and unknown `--flags`), in order.
    public private(set) var ignored: [String] = []

    /// Console flags that take a value; the value is skipped too.
    public static let consoleValueFlags: Set<String> = ["--script"]

    /// Parses `arguments` (without the program name). `valueFlags` take the next argument or `=value`.
    public init(_ arguments: [String], valueFlags: Set<String>, switchFlags: Set<String>) throws(Failure) {
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("-") else { throw Failure(description: "unexpected argument '\(argument)'") }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let flag = String(parts[0])
            let inline = parts.count == 2 ? String(parts[1]) : nil
            if valueFlags.contains(flag) || Self.consoleValueFlags.contains(flag) {
                let value: String
                if let inline {
                    value = inline
                } else if i < arguments.count {
                    value = arguments[i]
                    i += 1
                } else {
                    throw Failure(description: "\(flag) needs a value")
                }
                if valueFlags.contains(flag) { values[flag] = value } else { ignored.append(flag) }
            } else if switchFlags.contains(flag) {
                guard inline == nil else { throw Failure(description: "\(flag) takes no value") }
                switches.insert(flag)
            } else if flag.hasPrefix("--") {
                ignored.append(flag)
            } else {
                throw Failure(description: "unknown option '\(argument)'")
            }
        }
    }

    /// A positive integer flag's value, `fallback` when absent.
    public func positiveInt(_ flag: String, default fallback: Int) throws(Failure) -> Int {
        guard let text = values[flag] else { return fallback }
        guard let n = Int(text), n > 0 else { throw Failure(description: "\(flag) needs a positive integer, not '\(text)'") }
        return n
    }

    /// A duration flag's value in nanoseconds, nil when absent.
    public func duration(_ flag: String) throws(Failure) -> Int? {
        guard let text = values[flag] else { return nil }
        guard let ns = DemoDuration.nanoseconds(text), ns > 0 else {
            throw Failure(description: "\(flag) needs a duration like 5s, 500ms or 2m, not '\(text)'")
        }
        return ns
    }
}

/// Durations as the console writes them: a number and a unit (ns, us, ms, s, m, h); a bare number is seconds.
public enum DemoDuration {
    /// The duration in nanoseconds, or nil if `text` is not one.
    public static func nanoseconds(_ text: String) -> Int? {
        let digits = text.prefix { $0.isNumber || $0 == "." }
        guard let amount = Double(digits), amount >= 0 else { return nil }
        let scale: Double
        switch text.dropFirst(digits.count) {
        case "ns": scale = 1
        case "us": scale = 1e3
        case "ms": scale = 1e6
        case "s", "": scale = 1e9
        case "m": scale = 60e9
        case "h": scale = 3600e9
        default: return nil
        }
        let ns = amount * scale
        return ns < 9e18 ? Int(ns) : nil
    }
}
