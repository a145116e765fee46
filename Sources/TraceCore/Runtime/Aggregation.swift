import CTraceCore
import Synchronization
import TraceSystem

/// One `@name` of one program instance: per-thread shards merged on read, plus the rows carried
/// over by `clear`/`trunc` and those of threads that exited (their shards are freed).
// @unchecked Sendable: shards are single-writer per thread; carried rows and merges are behind its lock.
final class Aggregation: @unchecked Sendable {
    let program: String
    let declaration: AggregationDeclaration
    let keyWidth: Int
    let valueWidth: Int
    /// Words per shard entry: state, key, values.
    let entryWidth: Int
    let layout: HistogramLayout?
    let shards = PerThreadSlots<AggregationShard>()
    /// Per thread index: the shard's meta words (hot path: one load, no object access).
    let metas: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>
    /// Bumped by clear/trunc (with the global generation); a shard behind it wipes itself before its next update.
    let generation: UnsafeMutablePointer<Int64>
    /// New keys refused, at the key limit or the memory budget.
    let drops = Atomic<Int>(0)
    /// Set once a `printa`/`print` statement has shown it: DTrace prints at exit only the others.
    let printed = Atomic<Bool>(false)
    /// The program's drop counts, where a refusal is counted by kind.
    private let programDrops: DropCounters
    /// The program's string keys, which decode string key words.
    let strings: StringTable
    /// The program's memory, charged for every shard table.
    let account: MemoryAccount
    /// Bytes an aggregation holds before any firing: its two per-thread tables (their resident pages).
    static var declaredBytes: Int { 2 * ThreadRegistry.residentTableBytes(perIndex: 8) + 256 }
    /// Rows kept by the last clear/trunc, keyed by key words, plus the reader-side lock.
    private let base = Lock<[[Int64]: [Int64]]>([:])
    /// Large shards of exited threads, merged by readers; only touched under `base`'s lock.
    private var orphans: [AggregationShard] = []

    /// The program's stack table, which names `ustack()` key words.
    let stacks: StackTable?

    init(program: String, declaration: AggregationDeclaration, strings: StringTable, account: MemoryAccount, drops: DropCounters,
         stacks: StackTable? = nil) {
        self.program = program
        self.stacks = stacks
        self.strings = strings
        self.account = account
        self.programDrops = drops
        self.declaration = declaration
        self.keyWidth = declaration.keyTypes.count
        self.layout = HistogramLayout(function: declaration.function)
        self.valueWidth = Aggregation.valueWidth(declaration.function, layout: layout)
        self.entryWidth = 1 + keyWidth + valueWidth
        generation = .allocate(capacity: 1)
        generation.initialize(to: 1)
        metas = CacheLines.pointers(ThreadRegistry.maxThreads)
    }

    deinit {
        generation.deallocate()
        CacheLines.free(metas)
    }

    static func valueWidth(_ f: AggregationFunction, layout: HistogramLayout?) -> Int {
        switch f {
        case .count, .sum: return 1
        case .avg, .min, .max: return 2
        case .stddev: return 4   // count, sum, the sum of squares as two words (low, high)
        case .quantize, .lquantize, .llquantize: return (layout?.count ?? 0) + 1   // the buckets, then the sum
        }
    }

    /// The calling thread's value words for a key, or nil (a drop) at the key limit.
    @inline(__always)
    func values(_ t: UnsafeMutablePointer<trace_thread>, key: UnsafePointer<Int64>) -> UnsafeMutablePointer<Int64>? {
        let index = Int(t.pointee.index)
        if let meta = metas[index], _fastPath(meta[0] == trace_load_acquire(generation)) {
            // Fast path: this generation's table already holds the key.
            if keyWidth == 0 {
                let cached = meta[3]
                if _fastPath(cached != 0) { return UnsafeMutablePointer(bitPattern: Int(cached)) }
            } else if let v = AggregationShard.find(meta, key, keyWidth: keyWidth, entryWidth: entryWidth) {
                return v
            }
        }
        return valuesSlow(index, key)
    }

    @inline(never)
    func valuesSlow(_ index: Int, _ key: UnsafePointer<Int64>) -> UnsafeMutablePointer<Int64>? {
        guard let p = shards.ownBlock(index) ?? makeShard(index) else {
            refuse(.memory)
            return nil
        }
        let gen = trace_load_acquire(generation)
        let (v, refusal) = Unmanaged<AggregationShard>.fromOpaque(p)._withUnsafeGuaranteedRef { shard in
            if _slowPath(shard.meta[0] != gen) { shard.reset(to: gen) }
            return (shard.values(for: key), shard.refusal)
        }
        if _slowPath(v == nil) { refuse(refusal) }
        return v
    }

    private func refuse(_ kind: DropKind) {
        drops.wrappingAdd(1, ordering: .relaxed)
        programDrops.count(kind)
    }

    /// The calling thread's new shard, charged to the program; nil if it does not fit under the budget.
    @inline(never)
    private func makeShard(_ index: Int) -> UnsafeMutableRawPointer? {
        guard let s = AggregationShard(keyWidth: keyWidth, valueWidth: valueWidth, generation: trace_load_acquire(generation),
                                       account: account) else { return nil }
        shards.publish(s, at: index)
        metas[index] = s.meta
        return shards.ownBlock(index)!
    }

    /// Shards of exited threads with at most this many keys are folded into the carried rows; larger
    /// ones are kept whole (as orphans) until the aggregation is cleared, truncated or freed.
    static let foldedShardKeys = 256

    /// The thread at `index` exited: its shard leaves the thread's slot, its rows joining the carried rows
    /// (or the shard kept as an orphan if large), so the next thread in the slot starts with a shard of its own.
    func threadExited(_ index: Int) {
        guard shards.ownBlock(index) != nil else { return }
        base.withLock { carried in
            // Under the lock readers merge with: none is reading the shard as it goes.
            guard let shard = shards.take(at: index) else { return }
            metas[index] = nil
            guard trace_load_acquire(shard.meta) == trace_load_acquire(generation) else { return }
            if shard.meta[1] > Self.foldedShardKeys {
                orphans.append(shard)
                return
            }
            shard.forEachEntry { keyPtr, values in
                let key = Array(UnsafeBufferPointer(start: keyPtr, count: keyWidth))
                carried[key] = carried[key].map { combine($0, values) } ?? values
            }
        }
    }

    /// Adds the string-key ids its rows use (for a collection of the program's strings).
    func stringKeyIDs(into ids: inout Set<Int64>) {
        let columns = declaration.keyTypes.indices.filter { declaration.keyTypes[$0] == .string }
        guard !columns.isEmpty else { return }
        let merged = base.withLock { mergedLocked($0) }
        for key in merged.keys { for c in columns { ids.insert(key[c]) } }
    }

    // MARK: reader side

    /// Merges every shard (and carried rows) into key words → value words.
    private func mergedLocked(_ carried: [[Int64]: [Int64]]) -> [[Int64]: [Int64]] {
        var merged = carried
        let gen = trace_load_acquire(generation)
        for shard in shards.allBlocks() + orphans {
            guard trace_load_acquire(shard.meta) == gen else { continue }
            shard.forEachEntry { keyPtr, values in
                let key = Array(UnsafeBufferPointer(start: keyPtr, count: keyWidth))
                if let existing = merged[key] {
                    merged[key] = combine(existing, values)
                } else {
                    merged[key] = values
                }
            }
        }
        return merged
    }

    private func combine(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        switch declaration.function {
        case .count, .sum, .avg, .quantize, .lquantize, .llquantize:
            return zip(a, b).map { $0 &+ $1 }
        case .min, .max:
            if a[0] == 0 { return b }
            if b[0] == 0 { return a }
            let pick = declaration.function == .min ? Swift.min(a[1], b[1]) : Swift.max(a[1], b[1])
            return [a[0] &+ b[0], pick]
        case .stddev:
            let q = StandardDeviation.squares(a[2], a[3]) &+ StandardDeviation.squares(b[2], b[3])
            return [a[0] &+ b[0], a[1] &+ b[1], Int64(bitPattern: UInt64(truncatingIfNeeded: q)), Int64(bitPattern: UInt64(truncatingIfNeeded: q >> 64))]
        }
    }

    private func value(_ words: [Int64]) -> AggregationValue {
        switch declaration.function {
        case .count, .sum: return .scalar(words[0])
        case .min, .max: return .scalar(words[1])
        case .avg: return .average(count: words[0], sum: words[1])
        case .stddev: return .deviation(count: words[0], sum: words[1], sumOfSquares: StandardDeviation.squares(words[2], words[3]))
        case .quantize, .lquantize, .llquantize:
            return .histogram(HistogramValue(layout: layout!, counts: Array(words.dropLast()), sum: words[words.count - 1]))
        }
    }

    private func decode(_ key: [Int64]) -> [KeyComponent] {
        var out: [KeyComponent] = []
        out.reserveCapacity(key.count)
        for (i, w) in key.enumerated() {
            switch declaration.keyTypes[i] {
            case .string: out.append(.string(strings.string(w) ?? "<freed string \(w)>"))
            case .int: out.append(.int(w))
            case .stack, .symbol: out.append(stacks?.entry(w).map(StackNames.value) ?? .stack([]))
            }
        }
        return out
    }

    /// A merged, decoded read of every row.
    func snapshot() -> AggregationSnapshot {
        let merged = base.withLock { mergedLocked($0) }
        let entries: [AggregationEntry]
        if declaration.keyTypes.contains(.stack) || declaration.keyTypes.contains(.symbol) {
            // Stacks captured with different runtime frames above the user's read the same once trimmed, and the
            // addresses of one function (ufunc) or module (umod) read as one name: one row each.
            var byKey: [[KeyComponent]: [Int64]] = [:]
            for (k, v) in merged {
                let key = decode(k)
                byKey[key] = byKey[key].map { combine($0, v) } ?? v
            }
            entries = byKey.map { AggregationEntry(key: $0.key, value: value($0.value)) }
        } else {
            entries = merged.map { AggregationEntry(key: decode($0.key), value: value($0.value)) }
        }
        return AggregationSnapshot(program: program, name: declaration.name, function: declaration.function,
                                   keyTypes: declaration.keyTypes.map { $0 == .symbol ? .string : $0 }, entries: entries, drops: Int64(drops.load(ordering: .relaxed)),
                                   printed: printed.load(ordering: .relaxed))
    }

    /// Zeroes every value, keeping the keys (DTrace's `clear`).
    func clear() {
        base.withLock { carried in
            let merged = mergedLocked(carried)
            carried = merged.mapValues { [Int64](repeating: 0, count: $0.count) }
            orphans.removeAll()
            trace_store_release(generation, trace_load_acquire(generation) + 1)
        }
        // Threads drop the value words their plans hold (ThreadPlans) and take them again, reset, through valuesSlow.
        ThreadRegistry.bumpGeneration()
    }

    /// Drops every key, or all but the `keep` largest (DTrace's `trunc`).
    func trunc(keep: Int) {
        base.withLock { carried in
            if keep <= 0 {
                carried = [:]
            } else {
                let merged = mergedLocked(carried)
                let sorted = merged.sorted { value($0.value).sortWeight > value($1.value).sortWeight }
                carried = Dictionary(uniqueKeysWithValues: sorted.prefix(keep).map { ($0.key, $0.value) })
            }
            orphans.removeAll()
            trace_store_release(generation, trace_load_acquire(generation) + 1)
        }
        // Threads drop the value words their plans hold (ThreadPlans) and take them again, reset, through valuesSlow.
        ThreadRegistry.bumpGeneration()
    }
}
