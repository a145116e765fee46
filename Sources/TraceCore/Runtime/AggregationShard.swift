import CTraceCore

/// One thread's part of one aggregation: an open-addressing table of `[state, key…, values…]`
/// entries written only by its thread, read by the merging reader.
///
/// Publication: a new entry's key and zeroed values are written before its state word is
/// release-stored; values are updated with relaxed single-writer stores. Growing allocates a
/// bigger table and release-publishes it; the old one is kept until the shard dies (the sizes
/// double, so this at most doubles the memory). `clear`/`trunc` bump the aggregation's generation;
/// the thread then wipes its own table in place before its next update, and readers skip a shard
/// whose generation is behind.
// @unchecked Sendable: one thread writes (and grows) it; readers load its words atomically after the release-published table pointer.
final class AggregationShard: @unchecked Sendable {
    /// meta[0] generation, meta[1] entry count, meta[2] table pointer bits, meta[3] cached values of the unkeyed entry
    let meta: UnsafeMutablePointer<Int64>
    let keyWidth: Int
    let valueWidth: Int
    let entryWidth: Int
    private var retired: [UnsafeMutablePointer<Int64>] = []
    /// The program's memory: every table of this shard is charged to it.
    private let account: MemoryAccount
    private var chargedBytes: Int
    /// Why the last refused key was refused (owner only).
    private(set) var refusal: DropKind = .aggregationKeys

    /// Bytes of a table of `capacity` entries, with the shard's own words.
    private static func tableBytes(_ capacity: Int, _ entryWidth: Int) -> Int { (1 + capacity * entryWidth) * 8 }

    /// Words of the meta block; the first table follows it in the same allocation.
    private static let metaWords = CacheLines.size / 8

    /// A shard of 16 entries (1 unkeyed), charged to `account`; nil if it does not fit under the memory budget.
    /// Its meta words and first table are one allocation (a thread's first firing makes one block, not two).
    init?(keyWidth: Int, valueWidth: Int, generation: Int64, account: MemoryAccount) {
        self.keyWidth = keyWidth
        self.valueWidth = valueWidth
        self.entryWidth = 1 + keyWidth + valueWidth
        self.account = account
        let capacity = keyWidth == 0 ? 1 : 16
        chargedBytes = CacheLines.size * 2 + AggregationShard.tableBytes(capacity, 1 + keyWidth + valueWidth)
        guard account.charge(chargedBytes) else { return nil }
        meta = CacheLines.words(Self.metaWords + 1 + capacity * entryWidth)
        let table = meta + Self.metaWords
        table[0] = Int64(capacity)
        meta[2] = Int64(Int(bitPattern: table))
        meta[0] = generation
    }

    deinit {
        let first = meta + Self.metaWords
        if table != first { CacheLines.free(table) }
        for t in retired where t != first { CacheLines.free(t) }
        CacheLines.free(meta)
        account.refund(chargedBytes)
    }

    private static func makeTable(capacity: Int, entryWidth: Int) -> UnsafeMutablePointer<Int64> {
        let t = CacheLines.words(1 + capacity * entryWidth)
        t[0] = Int64(capacity)
        return t
    }

    @inline(__always)
    var table: UnsafeMutablePointer<Int64> {
        UnsafeMutablePointer(bitPattern: Int(trace_load_acquire(meta + 2)))!
    }

    /// Wipes the table for a new generation (owner only).
    @inline(never)
    func reset(to generation: Int64) {
        let t = table
        let capacity = Int(t[0])
        (t + 1).update(repeating: 0, count: capacity * entryWidth)
        meta[1] = 0
        trace_store_relaxed(meta + 3, 0)
        trace_store_release(meta, generation)
    }

    /// The value words for `key` (owner only), inserting a zeroed entry; nil when the shard is at `limit` keys.
    @inline(__always)
    func values(for key: UnsafePointer<Int64>) -> UnsafeMutablePointer<Int64>? {
        if keyWidth == 0 {
            let cached = meta[3]
            if _fastPath(cached != 0) { return UnsafeMutablePointer(bitPattern: Int(cached)) }
        }
        return lookup(key)
    }

    /// Finds an existing key's value words without touching the shard object (owner only); nil if absent.
    @inline(__always)
    static func find(_ meta: UnsafeMutablePointer<Int64>, _ key: UnsafePointer<Int64>, keyWidth: Int, entryWidth: Int) -> UnsafeMutablePointer<Int64>? {
        let t = UnsafeMutablePointer<Int64>(bitPattern: Int(meta[2]))!
        let mask = Int(t[0]) - 1
        var slot = Int(truncatingIfNeeded: hash(key, keyWidth)) & mask
        while true {
            let e = t + 1 + slot &* entryWidth
            if e[0] == 0 { return nil }
            if e[1] == key[0] {
                var same = true
                var i = 1
                while i < keyWidth {
                    if e[1 + i] != key[i] { same = false; break }
                    i += 1
                }
                if same { return e + 1 + keyWidth }
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func hash(_ key: UnsafePointer<Int64>) -> UInt64 { AggregationShard.hash(key, keyWidth) }

    @inline(__always)
    static func hash(_ key: UnsafePointer<Int64>, _ keyWidth: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<keyWidth {
            h = (h ^ UInt64(bitPattern: key[i])) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        return h
    }

    private func lookup(_ key: UnsafePointer<Int64>) -> UnsafeMutablePointer<Int64>? {
        while true {
            let t = table
            let capacity = Int(t[0])
            let mask = capacity - 1
            var slot = Int(truncatingIfNeeded: hash(key)) & mask
            while true {
                let e = t + 1 + slot * entryWidth
                if e[0] == 0 { break }
                var same = true
                for i in 0..<keyWidth where e[1 + i] != key[i] { same = false; break }
                if same { return e + 1 + keyWidth }
                slot = (slot + 1) & mask
            }
            let count = Int(meta[1])
            if count >= TraceLimits.current.aggregationKeys {
                refusal = .aggregationKeys
                return nil
            }
            if keyWidth > 0 && (count + 1) * 2 > capacity {
                guard grow() else {
                    refusal = .memory
                    return nil
                }
                continue
            }
            let e = t + 1 + slot * entryWidth
            for i in 0..<keyWidth { e[1 + i] = key[i] }
            trace_store_release(e, 1)
            meta[1] = Int64(count + 1)
            let v = e + 1 + keyWidth
            if keyWidth == 0 { trace_store_relaxed(meta + 3, Int64(Int(bitPattern: v))) }
            return v
        }
    }

    /// Doubles the table; false if the new one does not fit under the memory budget.
    private func grow() -> Bool {
        let old = table
        let oldCapacity = Int(old[0])
        let bytes = AggregationShard.tableBytes(oldCapacity * 2, entryWidth)
        guard account.charge(bytes) else { return false }
        chargedBytes += bytes
        let new = AggregationShard.makeTable(capacity: oldCapacity * 2, entryWidth: entryWidth)
        let mask = oldCapacity * 2 - 1
        for s in 0..<oldCapacity {
            let e = old + 1 + s * entryWidth
            if e[0] == 0 { continue }
            var slot = Int(truncatingIfNeeded: hash(UnsafePointer(e + 1))) & mask
            while new[1 + slot * entryWidth] != 0 { slot = (slot + 1) & mask }
            let d = new + 1 + slot * entryWidth
            for i in 1..<entryWidth { d[i] = trace_load_relaxed(e + i) }
            d[0] = 1
        }
        retired.append(old)
        trace_store_release(meta + 2, Int64(Int(bitPattern: new)))
        return true
    }

    /// Calls `body` with each entry's key and value words (reader side; relaxed reads of values).
    func forEachEntry(_ body: (UnsafePointer<Int64>, [Int64]) -> Void) {
        let t = table
        let capacity = Int(t[0])
        var values = [Int64](repeating: 0, count: valueWidth)
        for s in 0..<capacity {
            let e = t + 1 + s * entryWidth
            if trace_load_acquire(e) == 0 { continue }
            for i in 0..<valueWidth { values[i] = trace_load_relaxed(e + 1 + keyWidth + i) }
            body(UnsafePointer(e + 1), values)
        }
    }
}
