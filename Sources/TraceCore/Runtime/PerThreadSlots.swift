import CTraceCore

/// One pointer per thread index: each thread publishes its own block (aggregation shard, counters,
/// thread-locals) here once; readers walk all of them. Owned blocks are retained objects released
/// when the table is freed. The table has room for every index the registry can hand out, mapped
/// from the system: only the pages of indexes in use are ever touched (and so resident).
// @unchecked Sendable: each slot is written only by its own thread, with release; readers load it with acquire.
final class PerThreadSlots<Block: AnyObject>: @unchecked Sendable {
    let capacity: Int
    /// The slot table itself, for hot paths that index it directly.
    let slots: UnsafeMutablePointer<UnsafeMutableRawPointer?>

    init(capacity: Int = ThreadRegistry.maxThreads) {
        self.capacity = capacity
        slots = CacheLines.pointers(capacity)
    }

    deinit {
        for i in 0..<Swift.min(capacity, ThreadRegistry.indexesInUse) {
            if let p = slots[i] { Unmanaged<Block>.fromOpaque(p).release() }
        }
        CacheLines.free(slots)
    }

    /// The calling thread's block (its own index), or nil if it has none yet. Owner-only.
    @inline(__always)
    func ownBlock(_ index: Int) -> UnsafeMutableRawPointer? {
        trace_load_pointer_acquire(slots + index)
    }

    /// Publishes the calling thread's block (owner-only, once).
    func publish(_ block: Block, at index: Int) {
        let p = Unmanaged.passRetained(block).toOpaque()
        trace_store_pointer_release(slots + index, p)
    }

    /// Publishes a new block for the calling thread, returning the previous one (owner only).
    func replace(_ block: Block, at index: Int) -> Block? {
        let old = slots[index].map { Unmanaged<Block>.fromOpaque($0).takeRetainedValue() }
        publish(block, at: index)
        return old
    }

    /// Unpublishes the calling thread's block and hands it over (owner only: its thread exited).
    func take(at index: Int) -> Block? {
        guard let p = slots[index] else { return nil }
        trace_store_pointer_release(slots + index, nil)
        return Unmanaged<Block>.fromOpaque(p).takeRetainedValue()
    }

    /// Unpublishes and releases the calling thread's block (owner only: its thread exited). Only for
    /// blocks no other thread reads, or under the lock their readers hold.
    func remove(at index: Int) {
        guard let p = slots[index] else { return }
        trace_store_pointer_release(slots + index, nil)
        Unmanaged<Block>.fromOpaque(p).release()
    }

    /// Every published block, for readers.
    func allBlocks() -> [Block] {
        var out: [Block] = []
        for i in 0..<Swift.min(capacity, ThreadRegistry.indexesInUse) {
            if let p = trace_load_pointer_acquire(slots + i) {
                out.append(Unmanaged<Block>.fromOpaque(p).takeUnretainedValue())
            }
        }
        return out
    }
}
