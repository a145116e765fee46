// The history file: one entry per line, "\" escaped as "\\", newline as "\n" and CR as "\r", so a multi-line
// entry is one line. Entries are appended (O_APPEND, under an exclusive flock, one write each), so two consoles
// saving at once both keep their entries; loading reads everything under a shared lock and collapses duplicates.
// When the file has grown well past what loading keeps, it is rewritten in place under the exclusive lock.
import Glibc
import TraceSystem

struct HistoryFile: Sendable {
    let path: String
    let limit: Int

    init(path: String, limit: Int) {
        self.path = path
        self.limit = max(0, limit)
    }

    /// The entries in the file, oldest first, duplicates collapsed and capped; [] if there is no file.
    func load() throws -> [String] {
        guard let fd = try Self.openIfPresent(path, O_RDONLY | O_CLOEXEC) else { return [] }
        defer { Syscall.close(fd) }
        try Syscall.lock(fd, exclusive: false)
        defer { Syscall.unlock(fd) }
        return History.collapse(Self.decode(try Syscall.readToEnd(fd)), limit: limit)
    }

    /// open(2); nil if the file does not exist.
    private static func openIfPresent(_ path: String, _ flags: Int32) throws(SystemError) -> Int32? {
        do throws(SystemError) {
            return try Syscall.open(path, flags)
        } catch {
            if error.code == ENOENT { return nil }
            throw error
        }
    }

    /// Appends one entry (atomically with respect to other writers).
    func append(_ entry: String) throws {
        let fd = try Syscall.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC)
        defer { Syscall.close(fd) }
        try Syscall.lock(fd, exclusive: true)
        defer { Syscall.unlock(fd) }
        try Syscall.writeAll(fd, Self.escape(entry) + "\n")
    }

    /// Rewrites the file with its collapsed, capped entries if it holds many more lines than that.
    func compactIfNeeded() throws {
        guard let fd = try Self.openIfPresent(path, O_RDWR | O_CLOEXEC) else { return }
        defer { Syscall.close(fd) }
        try Syscall.lock(fd, exclusive: true)
        defer { Syscall.unlock(fd) }
        let lines = Self.decode(try Syscall.readToEnd(fd))
        let kept = History.collapse(lines, limit: limit)
        guard lines.count > kept.count + max(16, limit / 2) else { return }
        try Syscall.truncate(fd)
        try Syscall.writeAll(fd, kept.map { Self.escape($0) + "\n" }.joined())
    }

    static func escape(_ entry: String) -> String {
        var out = ""
        for scalar in entry.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func unescape(_ line: Substring) -> String {
        var out = ""
        var escaping = false
        for scalar in line.unicodeScalars {
            if escaping {
                switch scalar {
                case "n": out += "\n"
                case "r": out += "\r"
                case "\\": out += "\\"
                default: out += "\\"; out.unicodeScalars.append(scalar)
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if escaping { out += "\\" }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self)
            .split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { unescape($0) }
    }
}
