import CTraceCore
import TraceSystem

/// One program's interned stacks: each distinct stack of return addresses gets a small id, the word an
/// aggregation keys on. A firing that sees a known stack finds its id with no lock and no allocation
/// (acquire loads of a fixed open-addressing table); a new stack is added under the table's lock.
/// Append-only and bounded: past `capacity` stacks, new ones are refused (the firing counts a drop).
// @unchecked Sendable: slots and records are written once, under `insertLock`, before their slot's
// hash word is release-stored; lock-free readers only follow release-published words.
final class StackTable: @unchecked Sendable {
    /// Most distinct stacks one program keeps.
    static let capacity = 16_384
    /// Open-addressing slots: [hash, id] pairs; a zero hash is an empty slot.
    private static let slotCount = capacity * 2
    /// Words of each arena chunk.
    private static let chunkWords = 65_536

    /// How a stack was captured, which decides how it is shown.
    enum Origin: Int64 {
        /// By a probe on its own thread: the first frames are the runtime's own and are trimmed when shown.
        case probe = 0
        /// By the profile provider's signal handler: frame 0 is the interrupted PC.
        case sample = 1
        /// One address of `ufunc`/`usym`, shown as `module`function` (SymbolForm's raw values).
        case function = 2
        /// One address of `umod`, shown as `module`.
        case module = 3
        /// One address of `uaddr`, shown as `module`function+0xoffset`.
        case address = 4
    }

    /// A stack as interned: its frames, the depth the program asked for, how it was captured.
    struct Entry: Equatable {
        var frames: [UInt64]
        var depth: Int
        var origin: Origin
    }

    private let insertLock = Lock(())
    /// Allocated on the first insert: a program that never keys on a stack pays nothing.
    private var slots: UnsafeMutablePointer<Int64>?
    /// id → record location (chunk << 32 | offset); a record is [count, depth, origin, frames…].
    private var locations: UnsafeMutablePointer<Int64>?
    private var chunks: [UnsafeMutablePointer<Int64>] = []
    private var used = 0
    /// Published to lock-free readers (words, so a firing reads no class `var`): [0] the slot table
    /// (0 until the first insert), [1] the count, [2] the locations, [3] the chunk-pointer table.
    private let published = UnsafeMutablePointer<Int64>.allocate(capacity: 4)

    init() { published.initialize(repeating: 0, count: 4) }

    deinit {
        slots?.deallocate()
        locations?.deallocate()
        chunkTable?.deallocate()
        for c in chunks { c.deallocate() }
        published.deallocate()
    }

    /// Stacks interned so far.
    var count: Int { Int(trace_load_acquire(published + 1)) }

    /// A stack's hash: its frames' (`trace_stack_hash`, or the walk's), with its count, depth and origin.
    @inline(__always)
    static func hash(frames h: UInt64, _ n: Int, _ depth: Int, _ origin: Origin) -> Int64 {
        var k = trace_stack_hash_step(h ^ (h >> 32), UInt64(n) ^ (UInt64(depth) << 8) ^ (UInt64(origin.rawValue) << 16))
        k ^= k >> 29
        return Int64(bitPattern: k | 1)
    }

    /// The id of a stack, adding it if new; -1 when the table is full.
    @inline(__always)
    func intern(_ frames: UnsafePointer<UInt64>, _ n: Int, depth: Int, origin: Origin) -> Int64 {
        intern(frames, n, framesHash: trace_stack_hash(frames, Int32(n)), depth: depth, origin: origin)
    }

    /// The id of a stack whose frames' hash is known (the walk computed it), adding it if new; -1 when full.
    @inline(__always)
    func intern(_ frames: UnsafePointer<UInt64>, _ n: Int, framesHash: UInt64, depth: Int, origin: Origin) -> Int64 {
        let h = StackTable.hash(frames: framesHash, n, depth, origin)
        let table = trace_load_acquire(published)
        if _fastPath(table != 0), let id = find(UnsafeMutablePointer(bitPattern: Int(table))!, h, frames, n, depth, origin) {
            return id
        }
        return insert(h, frames, n, depth, origin)
    }

    @inline(__always)
    private func find(_ table: UnsafeMutablePointer<Int64>, _ h: Int64, _ frames: UnsafePointer<UInt64>, _ n: Int,
                      _ depth: Int, _ origin: Origin) -> Int64? {
        let mask = StackTable.slotCount - 1
        var slot = Int(truncatingIfNeeded: h >> 1) & mask
        while true {
            let stored = trace_load_acquire(table + 2 &* slot)
            if stored == 0 { return nil }
            if stored == h {
                let id = table[2 &* slot &+ 1]
                if matches(record(id), frames, n, depth, origin) { return id }
            }
            slot = (slot &+ 1) & mask
        }
    }

    @inline(__always)
    private func record(_ id: Int64) -> UnsafePointer<Int64> {
        let locations = UnsafeMutablePointer<Int64>(bitPattern: Int(published[2])).unsafelyUnwrapped
        let loc = locations[Int(id)]
        return UnsafePointer(chunkPointer(Int(loc >> 32)) + Int(loc & 0xFFFF_FFFF))
    }

    @inline(__always)
    private func chunkPointer(_ index: Int) -> UnsafeMutablePointer<Int64> {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>(bitPattern: Int(published[3])).unsafelyUnwrapped
        return table[index].unsafelyUnwrapped
    }

    /// Chunk pointers by index (fixed size; each entry written once, before any record in it is published).
    private var chunkTable: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>?

    @inline(__always)
    private func matches(_ r: UnsafePointer<Int64>, _ frames: UnsafePointer<UInt64>, _ n: Int, _ depth: Int, _ origin: Origin) -> Bool {
        guard r[0] == Int64(n), r[1] == Int64(depth), r[2] == origin.rawValue else { return false }
        return trace_stack_frames_equal(r + 3, frames, Int32(n)) != 0
    }

    @inline(never)
    private func insert(_ h: Int64, _ frames: UnsafePointer<UInt64>, _ n: Int, _ depth: Int, _ origin: Origin) -> Int64 {
        insertLock.withLock { _ in
            if slots == nil {
                let s = UnsafeMutablePointer<Int64>.allocate(capacity: StackTable.slotCount * 2)
                s.initialize(repeating: 0, count: StackTable.slotCount * 2)
                slots = s
                let l = UnsafeMutablePointer<Int64>.allocate(capacity: StackTable.capacity)
                l.initialize(repeating: 0, count: StackTable.capacity)
                locations = l
                let maxChunks = StackTable.capacity * (3 + Int(TRACE_STACK_MAX_FRAMES)) / StackTable.chunkWords + 2
                let c = UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>.allocate(capacity: maxChunks)
                c.initialize(repeating: nil, count: maxChunks)
                chunkTable = c
                published[2] = Int64(Int(bitPattern: l))
                published[3] = Int64(Int(bitPattern: c))
                trace_store_release(published, Int64(Int(bitPattern: s)))
            }
            let table = slots!
            if let id = find(table, h, frames, n, depth, origin) { return id }
            guard used < StackTable.capacity else { return -1 }
            let words = 3 + n
            var offset = 0
            if let last = chunks.last, Int(last[0]) + words <= StackTable.chunkWords {
                offset = Int(last[0])
            } else {
                let chunk = UnsafeMutablePointer<Int64>.allocate(capacity: StackTable.chunkWords)
                chunk[0] = 1
                offset = 1
                chunkTable![chunks.count] = chunk
                chunks.append(chunk)
            }
            let chunkIndex = chunks.count - 1
            let r = chunks[chunkIndex] + offset
            r[0] = Int64(n)
            r[1] = Int64(depth)
            r[2] = origin.rawValue
            for i in 0..<n { r[3 + i] = Int64(bitPattern: frames[i]) }
            chunks[chunkIndex][0] = Int64(offset + words)
            let id = Int64(used)
            locations![used] = Int64(chunkIndex) << 32 | Int64(offset)
            used += 1
            let mask = StackTable.slotCount - 1
            var slot = Int(truncatingIfNeeded: h >> 1) & mask
            while table[2 * slot] != 0 { slot = (slot + 1) & mask }
            table[2 * slot + 1] = id
            trace_store_release(table + 2 * slot, h)
            trace_store_release(published + 1, Int64(used))
            return id
        }
    }

    /// The stack of an id (reader side), or nil if the id was never handed out.
    func entry(_ id: Int64) -> Entry? {
        guard id >= 0 && id < Int64(count) else { return nil }
        let r = record(id)
        let n = Int(r[0])
        let frames = (0..<n).map { UInt64(bitPattern: r[3 + $0]) }
        return Entry(frames: frames, depth: Int(r[1]), origin: Origin(rawValue: r[2]) ?? .probe)
    }
}
