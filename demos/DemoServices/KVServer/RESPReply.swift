/// A RESP2 reply as a client sees it, and a parser for reply streams (the load generator and tests).
public indirect enum RESPReply: Equatable, Sendable {
    case simple(String)
    case error(String)
    case integer(Int)
    /// A bulk string; nil for the null bulk `$-1`.
    case bulk([UInt8]?)
    /// An array; nil for the null array `*-1`.
    case array([RESPReply]?)

    /// Parses one reply starting at `index`: the reply and the index after it, or nil if incomplete
    /// (or malformed, which a client cannot tell apart from incomplete without more bytes).
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> (RESPReply, Int)? {
        guard index < buffer.count, let (line, after) = lineText(buffer, from: index + 1) else { return nil }
        switch buffer[index] {
        case UInt8(ascii: "+"): return (.simple(line), after)
        case UInt8(ascii: "-"): return (.error(line), after)
        case UInt8(ascii: ":"): return Int(line).map { (.integer($0), after) }
        case UInt8(ascii: "$"):
            guard let length = Int(line) else { return nil }
            if length < 0 { return (.bulk(nil), after) }
            guard buffer.count - after >= length + 2 else { return nil }
            return (.bulk(Array(buffer[after..<(after + length)])), after + length + 2)
        case UInt8(ascii: "*"):
            guard let count = Int(line) else { return nil }
            if count < 0 { return (.array(nil), after) }
            var items: [RESPReply] = []
            var next = after
            for _ in 0..<count {
                guard let (item, end) = parse(buffer, at: next) else { return nil }
                items.append(item)
                next = end
            }
            return (.array(items), next)
        default:
            return nil
        }
    }

    /// Parses one reply from an array of bytes.
    public static func parse(_ bytes: [UInt8], at index: Int = 0) -> (RESPReply, Int)? {
        bytes.withUnsafeBufferPointer { parse($0, at: index) }
    }

    private static func lineText(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> (String, Int)? {
        var i = start
        while i + 1 < buffer.count {
            if buffer[i] == 13 && buffer[i + 1] == 10 {
                return (String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<i]), as: UTF8.self), i + 2)
            }
            i += 1
        }
        return nil
    }
}
