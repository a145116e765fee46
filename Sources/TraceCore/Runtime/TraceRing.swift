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
    /// The ring's words as a hot path reads them, on two cache lines: the writer's — positions[0] = head (total words
    /// written), [1] = the head less its index in `words` (head - head % capacity), [2] = capacity, [3] = `words`'
    /// address, [4] = `epoch`, [5] = how far the head may go without wrapping or passing the tail the writer last read
    /// (`reserveContiguous`) — and the reader's, positions[8] = tail (total words read).
    let positions: UnsafeMutablePointer<Int64>

    /// Bytes charged to the memory budget for it (0 for the minimal ring a thread gets over the budget).
    private let chargedBytes: Int

    init(bytes: Int, epoch: Int64, chargedBytes: Int = 0) {
        self.epoch = epoch
        self.chargedBytes = chargedBytes
        capacity = max(8, bytes / 8)
        words = CacheLines.words(capacity)
        positions = CacheLines.words(16)
        positions[2] = Int64(capacity)
        positions[3] = Int64(Int(bitPattern: words))
        positions[4] = epoch
        positions[5] = Int64(capacity)
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

    /// Publishes the words up to `newHead`, and notes where the head's stretch of words ends for `reserveContiguous`.
    @inline(__always)
    func commit(_ newHead: Int64) {
        let base = newHead &- newHead % Int64(capacity)
        positions[1] = base
        positions[5] = Swift.min(trace_load_acquire(positions + 8), base) &+ Int64(capacity)
        trace_store_release(positions, newHead)
    }

    /// The first word of a record of `count` integers: its length in words and the text kind.
    @inline(__always)
    static func intsHeader(_ count: Int) -> Int64 { Int64(4 &+ 2 &* count) | (OutputCollector.kindText << 32) }

    /// Writes a record of `count` integers (`value(i)` called as its word is written) through `put(offset, word)`, at
    /// offsets 0 to 3 + 2 × count of the record: every writer of an integer record writes it here.
    @inline(__always)
    static func writeInts(formatID: Int64, count: Int, _ put: (Int, Int64) -> Void, value: (Int) -> Int64) {
        put(0, intsHeader(count))
        put(1, formatID)
        put(3, Int64(count))
        var i = 0
        while i < count {
            put(4 &+ 2 &* i, 0)
            put(5 &+ 2 &* i, value(i))
            i &+= 1
        }
        put(2, Int64(bitPattern: trace_rdtsc()))
    }

    /// Appends a record of `count` integers; false when the ring lacks room (the caller counts the drop).
    @inline(__always)
    func appendInts(formatID: Int64, count: Int, value: (Int) -> Int64) -> Bool {
        let length = 4 &+ 2 &* count
        guard let p = reserve(length) else { return false }
        TraceRing.writeInts(formatID: formatID, count: count, { put(p &+ Int64($0), $1) }, value: value)
        commit(p &+ Int64(length))
        return true
    }

    /// The `count` words at the head of the ring whose `positions` are `s`, when they fit before the end of its words
    /// and before the tail the writer last read (positions[5]), else nil: then `reserve`, which reads the tail, `put`
    /// and `commit`, which moves positions[5] on. The caller fills them and calls `commit(s, adding: count)`.
    @inline(__always)
    static func reserveContiguous(_ s: UnsafeMutablePointer<Int64>, _ count: Int) -> UnsafeMutablePointer<Int64>? {
        let head = s[0]
        if head &+ Int64(count) > s[5] { return nil }
        return UnsafeMutablePointer<Int64>(bitPattern: Int(s[3])).unsafelyUnwrapped + Int(head &- s[1])
    }

    /// Publishes the `count` words `reserveContiguous` gave.
    @inline(__always)
    static func commit(_ s: UnsafeMutablePointer<Int64>, adding count: Int) {
        trace_store_release(s, s[0] &+ Int64(count))
    }

    /// Writes a record of `count` (at most 3) integers `value(0)`, `value(1)`, `value(2)` at `at`, as `writeInts` does
    /// (`header` is `intsHeader(count)`), where the ring has room for three (words past the record are free and never
    /// read before they are written again).
    @inline(__always)
    static func writeThreeInts(_ at: UnsafeMutablePointer<Int64>, header: Int64, formatID: Int64, count: Int, value: (Int) -> Int64) {
        at[0] = header
        at[1] = formatID
        at[3] = Int64(count)
        at[4] = 0
        at[5] = value(0)
        at[6] = 0
        at[7] = value(1)
        at[8] = 0
        at[9] = value(2)
        at[2] = Int64(bitPattern: trace_rdtsc())
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
