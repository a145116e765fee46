/// Appends RESP2 replies to an output buffer, formatting integers without building strings.
public enum RESPWriter {
    /// `+text\r\n`
    public static func simple(_ text: StaticString, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "+"))
        text.withUTF8Buffer { out.append(contentsOf: $0) }
        crlf(&out)
    }

    /// `-message\r\n` (the message should start with an error code such as `ERR`).
    public static func error(_ message: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "-"))
        for byte in message.utf8 where byte != 13 && byte != 10 { out.append(byte) }
        crlf(&out)
    }

    /// `:n\r\n`
    public static func integer(_ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: ":"))
        decimal(value, to: &out)
        crlf(&out)
    }

    /// `$len\r\nbytes\r\n`
    public static func bulk<C: Collection>(_ bytes: C, to out: inout [UInt8]) where C.Element == UInt8 {
        out.append(UInt8(ascii: "$"))
        decimal(bytes.count, to: &out)
        crlf(&out)
        out.append(contentsOf: bytes)
        crlf(&out)
    }

    /// `$-1\r\n`, the null bulk string.
    public static func null(to out: inout [UInt8]) {
        out.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "-"), UInt8(ascii: "1")])
        crlf(&out)
    }

    /// `*count\r\n`, followed by `count` replies.
    public static func arrayHeader(_ count: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "*"))
        decimal(count, to: &out)
        crlf(&out)
    }

    /// An integer in decimal ASCII.
    static func decimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)    // room for 20 digits, most significant last
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count > 0 {
                count -= 1
                out.append(d[count])
            }
        }
    }

    private static func crlf(_ out: inout [UInt8]) {
        out.append(13)
        out.append(10)
    }
}
