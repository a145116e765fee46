// Mapping files into memory read-only: how symbol tables are read without copying a whole executable.
import Glibc

/// A file mapped read-only into memory; unmapped when released.
public final class MappedFile: @unchecked Sendable {   // immutable after init; the mapping is only read
    /// The mapped bytes.
    public let bytes: UnsafeRawBufferPointer

    private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }

    /// Maps the whole file at `path` read-only.
    public static func open(_ path: String) throws(SystemError) -> MappedFile {
        let fd = try Syscall.open(path, O_RDONLY | O_CLOEXEC)
        defer { Syscall.close(fd) }
        var s = stat()
        guard fstat(fd, &s) == 0 else { throw SystemError("fstat", subject: path) }
        let size = Int(s.st_size)
        guard size > 0 else { throw SystemError("mmap", subject: path, code: EINVAL) }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw SystemError("mmap", subject: path)
        }
        return MappedFile(bytes: UnsafeRawBufferPointer(start: p, count: size))
    }
}

extension Syscall {
    /// The target of a symbolic link (`/proc/self/exe`), or nil.
    public static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
