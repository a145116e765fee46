// Whole-file reads and writes for `save`, `load` and `--script`, with the system's reason on failure.
import Foundation
import Glibc
import TraceSystem

/// Text files, read and written whole.
enum FileText {
    /// `~/x` expanded to the home directory.
    static func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] else { return path }
        return home + path.dropFirst()
    }

    /// The file's contents as UTF-8 (invalid bytes replaced).
    static func read(_ path: String) throws(CommandError) -> String {
        do throws(SystemError) {
            let fd = try Syscall.open(expand(path), O_RDONLY | O_CLOEXEC)
            defer { Syscall.close(fd) }
            return String(decoding: try Syscall.readToEnd(fd), as: UTF8.self)
        } catch {
            throw CommandError("cannot read '\(path)': \(String(cString: strerror(error.code)))")
        }
    }

    /// Replaces the file's contents with `text`.
    static func write(_ text: String, to path: String) throws(CommandError) {
        do throws(SystemError) {
            let fd = try Syscall.open(expand(path), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: 0o644)
            defer { Syscall.close(fd) }
            try Syscall.writeAll(fd, text)
        } catch {
            throw CommandError("cannot write '\(path)': \(String(cString: strerror(error.code)))")
        }
    }
}
