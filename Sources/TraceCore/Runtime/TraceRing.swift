import CTraceCore

/// One thread's buffer of trace records (`printf`, `trace`): a single-producer, single-consumer ring
/// of 64-bit words. The thread appends without locks; a full ring drops the record (counted).
///
/// Record layout: `[words | kind<<32] [format id] [tsc] [value count] values…`, each value a tag word
/// (0 int, 1 string) then the integer, or the byte length and the bytes packed into words.
// @unchecked Sendable: single producer (its thread) and single consumer (the drainer), ordered by the head and tail words.
final class TraceRing: @unchecked Sendable {
    let capacity: Int
    /// The buffer-size epoch this ring was made for.
    let epoch: Int64
    private let words: UnsafeMutablePointer<Int64>
    /// positions[0] = head (total words written), positions[8] = tail (total words read): separate cache lines.
    private let positions: UnsafeMutablePointer<Int64>

    /// Bytes charged to the memory budget for it (0 for the minimal ring a thread gets over the budget).
    private let chargedBytes: Int

    init(bytes: Int, epoch: Int64, chargedBytes: Int = 0) {
        self.epoch = epoch
        self.chargedBytes = chargedBytes
        capacity = max(8, bytes / 8)
        words = CacheLines.words(capacity)
        positions = CacheLines.words(16)
    }

    deinit {
        CacheLines.free(words)
        CacheLines.free(positions)
        MemoryBudget.refund(chargedBytes)
    }

    /// Whether every committed record has been read (reader side, or its exited thread's).
    var isEmpty: Bool { trace_load_acquire(positions) == trace_load_acquire(positions + 8) }

    /// Reserves `count` words; nil if the ring lacks room. The caller fills them with `put` and calls `commit`.
    @inline(__always)
    func reserve(_ count: Int) -> Int64? {
        let head = positions[0]
        let tail = trace_load_acquire(positions + 8)
        if Int(head - tail) + count > capacity { return nil }
        return head
    }

    @inline(__always)
    func put(_ position: Int64, _ value: Int64) {
        words[Int(position % Int64(capacity))] = value
    }

    @inline(__always)
    func commit(_ newHead: Int64) {
        trace_store_release(positions, newHead)
    }

    /// Reads every committed word range (reader side) and frees the space.
    func drain(_ body: (_ read: (Int64) -> Int64, _ start: Int64, _ end: Int64) -> Void) {
        let tail = positions[8]
        let head = trace_load_acquire(positions)
        if head == tail { return }
        body({ self.words[Int($0 % Int64(self.capacity))] }, tail, head)
        trace_store_release(positions + 8, head)
    }
}
