// Whole-file reads and writes for `save`, `load` and `--script`, with the system's reason on failure.
import Foundation
import Glibc

/// Text files, read and written whole.
enum FileText {
    /// `~/x` expanded to the home directory.
    static func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] else { return path }
        return home + path.dropFirst()
    }

    /// The file's contents as UTF-8 (invalid bytes replaced).
    static func read(_ path: String) throws(CommandError) -> String {
        let fd = open(expand(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CommandError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CommandError("cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Replaces the file's contents with `text`.
    static func write(_ text: String, to path: String) throws(CommandError) {
        let fd = open(expand(path), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CommandError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}
