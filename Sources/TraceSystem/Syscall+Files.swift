// Files and directories: open, flock, truncate, lstat, mkdir, chmod, unlink, directory listings, small reads.
import Glibc

extension Syscall {
    /// open(2).
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws(SystemError) -> Int32 {
        try retrying("open") { Glibc.open(path, flags, mode) }
    }

    /// flock(2), shared or exclusive.
    public static func lock(_ fd: Int32, exclusive: Bool) throws(SystemError) {
        try retrying("flock") { flock(fd, exclusive ? LOCK_EX : LOCK_SH) }
    }

    /// Releases a flock(2).
    public static func unlock(_ fd: Int32) { _ = flock(fd, LOCK_UN) }

    /// Empties the file and rewinds to its start.
    public static func truncate(_ fd: Int32) throws(SystemError) {
        try retrying("ftruncate") { ftruncate(fd, 0) }
        try retrying("lseek") { lseek(fd, 0, SEEK_SET) }
    }

    /// Reads `fd` from its current offset to the end.
    public static func readToEnd(_ fd: Int32) throws(SystemError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = try chunk.withUnsafeMutableBytes { b in Result { () throws(SystemError) in try read(fd, into: b) } }.get()
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    /// lstat(2): nil if the path does not exist.
    public static func linkStatus(_ path: String) throws(SystemError) -> stat? {
        var s = stat()
        while lstat(path, &s) != 0 {
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == ENOENT { return nil }
            throw SystemError("lstat", subject: path, code: code)
        }
        return s
    }

    /// mkdir(2); false if it already existed.
    public static func makeDirectory(_ path: String, mode: mode_t) throws(SystemError) -> Bool {
        while mkdir(path, mode) != 0 {
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == EEXIST { return false }
            throw SystemError("mkdir", subject: path, code: code)
        }
        return true
    }

    /// chmod(2).
    public static func changeMode(_ path: String, _ mode: mode_t) throws(SystemError) {
        try retrying("chmod", path) { chmod(path, mode) }
    }

    /// unlink(2); a path already gone is not an error.
    public static func unlink(_ path: String) throws(SystemError) {
        while Glibc.unlink(path) != 0 {
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == ENOENT { return }
            throw SystemError("unlink", subject: path, code: code)
        }
    }

    /// The names in a directory (without `.` and `..`); empty if it cannot be read.
    public static func directoryEntries(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The whole content of a small file (a /proc entry), at most `limit` bytes, or nil.
    public static func readSmallFile(_ path: String, limit: Int = 4096) -> [UInt8]? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while out.count < limit {
            guard let n = try? buffer.withUnsafeMutableBytes({ b in Result { () throws(SystemError) in try read(fd, into: b) } }).get(),
                  n > 0 else { break }
            out += buffer[0..<n]
        }
        return out
    }
}
