// The wire format: each message is one frame, a 4-byte big-endian payload length followed by that many bytes
// of UTF-8 JSON (the Codable form of the messages in AgentMessages.swift). A length over the maximum, a
// payload that is not the expected JSON, or a stream that ends inside a frame is an error.
import Foundation

/// Encodes and decodes frames (no I/O: see SocketChannel).
public enum FrameCodec {
    /// Bytes of the length prefix.
    public static let headerSize = 4
    /// The largest payload either side accepts by default (16 MiB).
    public static let defaultMaximumPayload = 16 << 20

    /// The frame for `message`: length prefix and JSON.
    public static func encode<T: Encodable>(_ message: T, maximumPayload: Int = defaultMaximumPayload) throws(AttachError) -> [UInt8] {
        let payload: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            payload = try encoder.encode(message)
        } catch {
            throw .malformedFrame("cannot encode \(T.self): \(error)")
        }
        guard payload.count <= maximumPayload else { throw .frameTooLarge(length: payload.count, maximum: maximumPayload) }
        return header(payload.count) + Array(payload)
    }

    /// The 4-byte big-endian length prefix.
    public static func header(_ length: Int) -> [UInt8] {
        let n = UInt32(truncatingIfNeeded: length)
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
    }

    /// The payload length a 4-byte prefix announces.
    public static func length(ofHeader bytes: [UInt8]) -> Int {
        guard bytes.count >= headerSize else { return 0 }
        return Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
    }

    /// Decodes a payload as `T`; anything else is a malformed frame with the decoder's reason.
    public static func decode<T: Decodable>(_ type: T.Type, from payload: [UInt8]) throws(AttachError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(payload))
        } catch let error as DecodingError {
            throw .malformedFrame(describe(error))
        } catch {
            throw .malformedFrame("\(error)")
        }
    }

    /// A one-line reason for a decoding error (the decoder's own descriptions are long).
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "" : " at '\(p)'"
        }
        switch error {
        case .dataCorrupted(let c):
            if c.codingPath.isEmpty { return "the payload is not valid JSON" }
            return "invalid value\(path(c)): \(c.debugDescription)"
        case .keyNotFound(let key, let c): return "missing field '\(key.stringValue)'\(path(c))"
        case .typeMismatch(_, let c): return "wrong type\(path(c)): \(c.debugDescription)"
        case .valueNotFound(_, let c): return "missing value\(path(c))"
        @unknown default: return "\(error)"
        }
    }
}
