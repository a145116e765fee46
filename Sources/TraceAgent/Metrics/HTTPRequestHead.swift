// The part of an HTTP/1.x request the metrics endpoint reads: the request line and the Accept header. Anything
// else is refused with a status: a request line that does not parse (400), a method other than GET or HEAD
// (405), a path other than /metrics (404), a version other than HTTP/1.0 or 1.1 (505), a head longer than the
// limit (431, decided by the server before parsing).

/// A parsed request head.
struct HTTPRequestHead: Equatable {
    var method: String
    var path: String
    var accept: String?

    /// Why a request is refused: the status line's code and reason, and a one-line body.
    struct Refusal: Error, Equatable {
        var status: Int
        var reason: String
        var message: String
    }

    /// Parses the bytes before the blank line ending the head.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(Refusal) -> HTTPRequestHead {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Refusal(status: 400, reason: "Bad Request", message: "the request is not UTF-8 text")
        }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw Refusal(status: 400, reason: "Bad Request", message: "empty request") }
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, !requestLine[0].isEmpty, requestLine[1].hasPrefix("/") || requestLine[1] == "*" else {
            throw Refusal(status: 400, reason: "Bad Request", message: "malformed request line")
        }
        guard requestLine[2] == "HTTP/1.1" || requestLine[2] == "HTTP/1.0" else {
            throw Refusal(status: 505, reason: "HTTP Version Not Supported", message: "only HTTP/1.0 and HTTP/1.1 are served")
        }
        var accept: String?
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" }) else {
                throw Refusal(status: 400, reason: "Bad Request", message: "malformed header line")
            }
            if line[..<colon].lowercased() == "accept" {
                accept = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            }
        }
        let method = String(requestLine[0])
        guard method == "GET" || method == "HEAD" else {
            throw Refusal(status: 405, reason: "Method Not Allowed", message: "only GET and HEAD are served (the endpoint is read-only)")
        }
        let path = String(requestLine[1].prefix { $0 != "?" })
        guard path == "/metrics" else {
            throw Refusal(status: 404, reason: "Not Found", message: "the metrics are at /metrics")
        }
        return HTTPRequestHead(method: method, path: path, accept: accept)
    }
}

/// Bytes of an HTTP response that closes the connection.
enum HTTPResponse {
    /// A response with `body` (omitted for HEAD).
    static func bytes(status: Int, reason: String, contentType: String, body: String, includeBody: Bool = true) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        head += "Content-Type: \(contentType)\r\n"
        head += "Content-Length: \(body.utf8.count)\r\n"
        head += "Connection: close\r\n\r\n"
        var out = Array(head.utf8)
        if includeBody { out.append(contentsOf: body.utf8) }
        return out
    }

    /// The response to a refused request.
    static func refusal(_ r: HTTPRequestHead.Refusal) -> [UInt8] {
        bytes(status: r.status, reason: r.reason, contentType: "text/plain; charset=utf-8", body: r.message + "\n")
    }
}
