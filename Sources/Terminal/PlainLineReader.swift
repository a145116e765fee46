// Reading entries when the input is not a terminal (a pipe, a file) or the terminal is dumb: plain lines, no
// escape codes, lines joined into one entry while the "complete?" callback says no.
import Glibc
import TraceSystem

final class PlainLineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var atEnd = false

    init(fd: Int32) { self.fd = fd }

    /// The next line without its line ending, or nil at the end of the input.
    func readLine() throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n: Int
            do {
                n = try chunk.withUnsafeMutableBytes { try Syscall.read(fd, into: $0) }
            } catch let error as SystemError where error.code == EIO {
                n = 0  // a terminal that hung up
            }
            if n == 0 { atEnd = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }

    /// Reads lines until they form a complete entry; `prompt(isContinuation)` is called before each line.
    func readEntry(isComplete: ((String) -> Bool)?, prompt: (Bool) -> Void) throws -> EditorEvent {
        var lines: [String] = []
        while true {
            prompt(!lines.isEmpty)
            guard let line = try readLine() else {
                return lines.isEmpty ? .endOfFile : .entry(lines.joined(separator: "\n"))
            }
            lines.append(line)
            let entry = lines.joined(separator: "\n")
            if isComplete?(entry) ?? true { return .entry(entry) }
        }
    }
}
