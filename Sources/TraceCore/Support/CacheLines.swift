import TraceSystem

/// Memory that one thread writes on every firing gets cache lines of its own: two threads'
/// counters in one line would bounce it between cores and undo per-thread sharding.
/// Blocks of `mappedBytes` or more (trace buffers, large shard tables) are mapped from the system
/// rather than taken from the allocator, so freeing one gives its memory back to the system at once.
enum CacheLines {
    /// Bytes per block: two 64-byte lines, since the adjacent-line prefetcher fetches them in pairs.
    static let size = 128
    /// Blocks at least this large are mapped.
    static let mappedBytes = 32 << 10

    /// Zeroed words that start on a cache-line boundary and share no line with other allocations.
    static func words(_ count: Int) -> UnsafeMutablePointer<Int64> {
        let bytes = (Swift.max(1, count) * 8 + size - 1) / size * size
        // One header block in front records the size and where the memory came from (the allocator's
        // block, for memory not mapped).
        let total = bytes + size
        let raw: UnsafeMutableRawPointer
        if total >= mappedBytes, let mapped = Syscall.mapMemory(total) {
            raw = mapped                                     // zeroed by the system
            raw.storeBytes(of: -total, as: Int.self)
        } else {
            // malloc with room to align by hand: an aligned allocation (posix_memalign) costs several
            // times more, and a thread's first firing makes its blocks.
            let block = UnsafeMutableRawPointer.allocate(byteCount: total + size, alignment: 16)
            raw = block.alignedUp(toMultipleOf: size)
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: total)
            raw.storeBytes(of: total, as: Int.self)
            (raw + 8).storeBytes(of: block, as: UnsafeMutableRawPointer.self)
        }
        return (raw + size).bindMemory(to: Int64.self, capacity: bytes / 8)
    }

    /// A zeroed table of `count` pointers, as `words` allocates it (untouched pages of a large one stay unmapped).
    static func pointers<T>(_ count: Int) -> UnsafeMutablePointer<T?> {
        UnsafeMutableRawPointer(words(count)).bindMemory(to: T?.self, capacity: count)
    }

    /// Frees what `pointers` allocated.
    static func free<T>(_ p: UnsafeMutablePointer<T?>) {
        free(UnsafeMutableRawPointer(p).assumingMemoryBound(to: Int64.self))
    }

    /// Frees what `words` allocated.
    static func free(_ p: UnsafeMutablePointer<Int64>) {
        let raw = UnsafeMutableRawPointer(p) - size
        let total = raw.load(as: Int.self)
        if total < 0 { Syscall.unmapMemory(raw, -total) } else { (raw + 8).load(as: UnsafeMutableRawPointer.self).deallocate() }
    }
}
