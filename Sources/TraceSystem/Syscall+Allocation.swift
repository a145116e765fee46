// Giving freed memory back to the system, and memory mapped from it for large blocks.
import Glibc

@_silgen_name("malloc_trim")
func c_malloc_trim(_ pad: Int) -> Int32

extension Syscall {
    /// malloc_trim(3): returns the allocator's free pages, in every arena, to the system (RSS goes down).
    /// Walks the heaps: for after a large release, not for a hot path.
    public static func returnFreedMemory() {
        _ = c_malloc_trim(0)
    }
}

extension Syscall {
    /// mmap(2) of `bytes` of private, zeroed memory: given back to the system, whole, by `unmapMemory`
    /// (the allocator would keep freed blocks in its heaps). nil if the system refuses.
    public static func mapMemory(_ bytes: Int) -> UnsafeMutableRawPointer? {
        let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let p, p != MAP_FAILED else { return nil }
        return p
    }

    /// munmap(2) of what `mapMemory` returned.
    public static func unmapMemory(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
        _ = munmap(p, bytes)
    }
}
