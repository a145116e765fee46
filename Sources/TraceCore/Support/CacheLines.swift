/// Memory that one thread writes on every firing gets cache lines of its own: two threads'
/// counters in one line would bounce it between cores and undo per-thread sharding.
enum CacheLines {
    /// Bytes per block: two 64-byte lines, since the adjacent-line prefetcher fetches them in pairs.
    static let size = 128

    /// Zeroed words that start on a cache-line boundary and share no line with other allocations.
    static func words(_ count: Int) -> UnsafeMutablePointer<Int64> {
        let bytes = (Swift.max(1, count) * 8 + size - 1) / size * size
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: size)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        return raw.bindMemory(to: Int64.self, capacity: bytes / 8)
    }

    /// Frees what `words` allocated.
    static func free(_ p: UnsafeMutablePointer<Int64>) {
        UnsafeMutableRawPointer(p).deallocate()
    }
}
