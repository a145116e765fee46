/// An incremental RESP2 request parser: multibulk frames (`*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`) and inline
/// commands (`GET k\r\n`, as telnet and redis-benchmark send). It resumes where the previous call
/// stopped, so a large frame arriving in many reads is not re-parsed. Limits as Redis's: a bulk of
/// at most 512 MiB, at most 1 048 576 arguments, an inline line of at most 64 KiB; a frame of more
/// than 512 MiB in all is refused too. After a failure the connection should be closed.
public struct RESPParser: Sendable {
    /// One step's outcome.
    public enum Result: Equatable, Sendable {
        /// A complete command: its arguments, the name first.
        case command([[UInt8]])
        /// More bytes are needed.
        case incomplete
        /// A protocol error: the message to send after `-ERR Protocol error: `.
        case failure(String)
    }

    /// The bounds a request must stay within.
    public struct Limits: Sendable {
        /// Largest bulk string accepted.
        public var maxBulkLength = 512 << 20
        /// Most arguments in one multibulk frame.
        public var maxArguments = 1 << 20
        /// Longest inline command line (and longest count line).
        public var maxInlineLength = 64 << 10
        /// Largest frame, all bulk strings together.
        public var maxFrameBytes = 512 << 20

        /// Redis's limits.
        public init() {}
    }

    /// The limits in force.
    public let limits: Limits
    private var expected = 0          // arguments of the multibulk in progress; 0: none
    private var arguments: [[UInt8]] = []
    private var frameBytes = 0
    private var pendingBulk = -1      // length of the bulk whose header is consumed; -1: none

    /// A parser at the start of a stream.
    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Parses the next command from `buffer[index...]`, advancing `index` past what it consumed.
    public mutating func next(_ buffer: [UInt8], _ index: inout Int) -> Result {
        buffer.withUnsafeBufferPointer { next($0, &index) }
    }

    /// Bytes of the last complete command, on the wire (across every read it arrived in).
    public private(set) var lastCommandBytes = 0
    private var consumedInCommand = 0

    /// Parses the next command from `buffer[index...]`, advancing `index` past what it consumed.
    public mutating func next(_ buffer: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Result {
        let start = index
        let result = step(buffer, &index)
        consumedInCommand += index - start
        if case .command = result {
            lastCommandBytes = consumedInCommand
            consumedInCommand = 0
        }
        return result
    }

    private mutating func step(_ buffer: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Result {
        while expected == 0 {
            guard index < buffer.count else { return .incomplete }
            if buffer[index] == UInt8(ascii: "*") {
                guard let (count, after) = Self.integerLine(buffer, from: index + 1) else {
                    return buffer.count - index > limits.maxInlineLength ? .failure("too big mbulk count string") : .incomplete
                }
                guard let count, count <= limits.maxArguments else { return .failure("invalid multibulk length") }
                index = after
                if count <= 0 { continue }          // `*0` and `*-1` are ignored, as Redis does
                expected = count
                arguments = []
                arguments.reserveCapacity(min(count, 1024))
                frameBytes = 0
            } else {
                guard let newline = Self.find(UInt8(ascii: "\n"), buffer, from: index) else {
                    return buffer.count - index > limits.maxInlineLength ? .failure("too big inline request") : .incomplete
                }
                var end = newline
                if end > index && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = UnsafeBufferPointer(rebasing: buffer[index..<end])
                index = newline + 1
                guard let words = InlineSplitter.split(line) else { return .failure("unbalanced quotes in request") }
                if words.isEmpty { continue }        // empty lines are ignored
                return .command(words)
            }
        }
        while arguments.count < expected {
            if pendingBulk < 0 {
                guard index < buffer.count else { return .incomplete }
                guard buffer[index] == UInt8(ascii: "$") else {
                    return .failure("expected '$', got '\(Self.printable(buffer[index]))'")
                }
                guard let (length, after) = Self.integerLine(buffer, from: index + 1) else {
                    return buffer.count - index > limits.maxInlineLength ? .failure("too big bulk count string") : .incomplete
                }
                guard let length, length >= 0, length <= limits.maxBulkLength else { return .failure("invalid bulk length") }
                frameBytes += length
                guard frameBytes <= limits.maxFrameBytes else { return .failure("request larger than \(limits.maxFrameBytes) bytes") }
                pendingBulk = length
                index = after
            }
            guard buffer.count - index >= pendingBulk + 2 else { return .incomplete }
            let end = index + pendingBulk
            guard buffer[end] == UInt8(ascii: "\r"), buffer[end + 1] == UInt8(ascii: "\n") else {
                return .failure("bulk string not followed by CRLF")
            }
            arguments.append(Array(buffer[index..<end]))
            index = end + 2
            pendingBulk = -1
        }
        expected = 0
        frameBytes = 0
        defer { arguments = [] }
        return .command(arguments)
    }

    /// The number on a `\r\n`-terminated line starting at `start`, and the index after the line:
    /// nil if the line is not complete; `(nil, after)` if it is not a number.
    static func integerLine(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int?, Int)? {
        guard let newline = find(UInt8(ascii: "\n"), buffer, from: start) else { return nil }
        guard newline > start, buffer[newline - 1] == UInt8(ascii: "\r") else { return (nil, newline + 1) }
        return (parseInteger(UnsafeBufferPointer(rebasing: buffer[start..<(newline - 1)])), newline + 1)
    }

    /// A decimal integer with an optional `-`, at most 18 digits; nil otherwise.
    static func parseInteger(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        var negative = false
        if digits.count > 0 && digits[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        guard digits.count > i, digits.count - i <= 18 else { return nil }
        var value = 0
        while i < digits.count {
            let d = Int(digits[i]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            value = value * 10 + d
            i += 1
        }
        return negative ? -value : value
    }

    static func find(_ byte: UInt8, _ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while i < buffer.count {
            if buffer[i] == byte { return i }
            i += 1
        }
        return nil
    }

    private static func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }
}
