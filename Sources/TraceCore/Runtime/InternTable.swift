import CTraceCore
import Glibc
import TraceSystem

/// Byte strings (string keys; call stacks could be kept the same way) mapped to small integer ids,
/// so keys are fixed-width words. One table belongs to one program instance and is freed with it: the
/// bytes live in blocks mapped from the system (and given back to it whole), indexed by an
/// open-addressing table of ids. It holds at most `limit` values and charges each to the program's
/// memory account; a value over either is refused, for the caller to drop and count. Ids are never
/// reused, so a stale id finds nothing rather than another value.
///
/// `trunc` gives back the values no key uses any more with a collection: `beginCollection` starts
/// noting the values interned from then on and bumps the epoch (threads' caches of ids check it); once
/// no firing that started before is still running, `finishCollection(keeping:)` copies the values that
/// are kept, pinned (interned at definition) or interned since into new blocks and frees the old ones.
// @unchecked Sendable: everything but the epoch word is behind `storage`'s lock; the epoch is read and written atomically.
final class InternTable: @unchecked Sendable {
    /// What `intern` answers.
    enum Interned: Equatable {
        case id(Int64)
        case refused(DropKind)
    }

    /// Bytes charged per value besides its own: its record header and its index and offset words.
    static let overheadBytes = 48
    /// Bytes of each block of values (a larger value gets a block of its own size).
    static let blockBytes = 256 << 10

    private struct Block {
        let base: UnsafeMutableRawPointer
        let capacity: Int
        var used = 0
    }

    /// Words in memory of their own (mapped when large, so freeing them gives the memory back).
    private struct Words {
        var base: UnsafeMutablePointer<Int64>
        var capacity: Int
        init(_ capacity: Int, filledWith value: Int64) {
            base = CacheLines.words(capacity)
            self.capacity = capacity
            if value != 0 { base.update(repeating: value, count: capacity) }
        }
        func free() { CacheLines.free(base) }
        subscript(i: Int) -> Int64 {
            get { base[i] }
            nonmutating set { base[i] = newValue }
        }
    }

    /// The values, in records [hash][length][bytes…] (8-byte aligned) in mapped blocks.
    private struct Storage {
        var blocks: [Block] = []
        /// Per id: block index << 32 | offset, or -1 once collected.
        var locations = Words(64, filledWith: -1)
        var nextID = 0
        /// Open addressing: id + 1 per slot, 0 when empty; a power-of-two capacity at most half full.
        var slots = Words(64, filledWith: 0)
        var count = 0
        var chargedBytes = 0
        var pinned: Set<Int64> = []
        var touched: Set<Int64>?

        func free() {
            for b in blocks { Syscall.unmapMemory(b.base, b.capacity) }
            locations.free()
            slots.free()
        }
    }
    private let storage = Lock(Storage())
    let epochWord: UnsafeMutablePointer<Int64>
    /// Per thread index, that thread's identity cache of this table (StringKeyCache), made at its first string key.
    let identityCaches: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>
    /// Most values held at once.
    let limit: Int
    let account: MemoryAccount

    init(limit: Int, account: MemoryAccount) {
        self.limit = limit
        self.account = account
        epochWord = CacheLines.words(1)
        identityCaches = CacheLines.pointers(ThreadRegistry.maxThreads)
    }

    deinit {
        storage.withLock { s in
            s.free()
            account.refund(s.chargedBytes)
        }
        CacheLines.free(epochWord)
        freeIdentityCaches()
    }

    /// Bumped by every collection: an id cached before it may be gone.
    @inline(__always)
    var epoch: Int64 { trace_load_acquire(epochWord) }

    /// Values held now.
    var count: Int { storage.withLock { $0.count } }

    /// The id of `s`'s UTF-8 bytes, adding them if new; refused at the limit or over the memory budget.
    func intern(_ s: String) -> Interned {
        var s = s
        return s.withUTF8 { intern(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The id of `bytes`, adding them if new; refused at the limit or over the memory budget.
    func intern(bytes: UnsafeRawBufferPointer) -> Interned {
        let hash = Self.hash(bytes)
        return storage.withLock { s in
            if let id = Self.find(&s, bytes, hash) {
                s.touched?.insert(id)
                return .id(id)
            }
            if s.count >= limit { return .refused(.stringKeys) }
            let charge = bytes.count + Self.overheadBytes
            guard account.charge(charge) else { return .refused(.memory) }
            guard let location = Self.append(&s, bytes, hash) else {
                account.refund(charge)
                return .refused(.memory)
            }
            s.chargedBytes += charge
            let id = Int64(s.nextID)
            if s.nextID == s.locations.capacity {
                let bigger = Words(s.locations.capacity * 2, filledWith: -1)
                bigger.base.update(from: s.locations.base, count: s.locations.capacity)
                s.locations.free()
                s.locations = bigger
            }
            s.locations[s.nextID] = location
            s.nextID += 1
            s.count += 1
            Self.insert(&s, id: id, hash: hash)
            s.touched?.insert(id)
            return .id(id)
        }
    }

    /// The id of `s`, kept for the table's life (a key fixed at definition); nil if refused.
    func pin(_ s: String) -> Int64? {
        guard case .id(let id) = intern(s) else { return nil }
        storage.withLock { _ = $0.pinned.insert(id) }
        return id
    }

    /// The string of an id, or nil if it was never interned or has been collected.
    func string(_ id: Int64) -> String? {
        storage.withLock { s in
            guard id >= 0, id < Int64(s.nextID), s.locations[Int(id)] >= 0 else { return nil }
            let (p, length) = Self.record(s, s.locations[Int(id)])
            return String(decoding: UnsafeRawBufferPointer(start: p + 16, count: length), as: UTF8.self)
        }
    }

    /// Starts a collection: values interned from now on are kept, and cached ids go stale.
    func beginCollection() {
        storage.withLock { $0.touched = [] }
        trace_store_release(epochWord, trace_load_acquire(epochWord) + 1)
    }

    /// Keeps the values in `kept`, pinned, or interned since `beginCollection`, in new blocks; frees the rest.
    func finishCollection(keeping kept: Set<Int64>) {
        storage.withLock { s in
            let touched = s.touched ?? []
            s.touched = nil
            var fresh = Storage()
            fresh.pinned = s.pinned
            fresh.locations.free()
            fresh.locations = Words(s.locations.capacity, filledWith: -1)
            fresh.nextID = s.nextID
            for i in 0..<s.nextID where s.locations[i] >= 0 {
                let location = s.locations[i]
                let id = Int64(i)
                let (p, length) = Self.record(s, location)
                let bytes = UnsafeRawBufferPointer(start: p + 16, count: length)
                let charge = length + Self.overheadBytes
                guard kept.contains(id) || s.pinned.contains(id) || touched.contains(id),
                      let moved = Self.append(&fresh, bytes, p.load(as: UInt64.self)) else {
                    account.refund(charge)
                    continue
                }
                fresh.locations[i] = moved
                fresh.count += 1
                fresh.chargedBytes += charge
                Self.insert(&fresh, id: id, hash: p.load(as: UInt64.self))
            }
            s.free()
            s = fresh
        }
    }

    // MARK: records and the index (under the lock)

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325               // FNV-1a
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    private static func record(_ s: Storage, _ location: Int64) -> (UnsafeMutableRawPointer, Int) {
        let p = s.blocks[Int(location >> 32)].base + Int(location & 0xFFFF_FFFF)
        return (p, p.load(fromByteOffset: 8, as: Int.self))
    }

    private static func find(_ s: inout Storage, _ bytes: UnsafeRawBufferPointer, _ hash: UInt64) -> Int64? {
        let mask = s.slots.capacity - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while s.slots[slot] != 0 {
            let id = s.slots[slot] - 1
            let location = s.locations[Int(id)]
            if location >= 0 {
                let (p, length) = record(s, location)
                if p.load(as: UInt64.self) == hash && length == bytes.count
                    && (length == 0 || memcmp(p + 16, bytes.baseAddress!, length) == 0) {
                    return id
                }
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private static func insert(_ s: inout Storage, id: Int64, hash: UInt64) {
        if (s.count + 1) * 2 > s.slots.capacity {
            let bigger = Words(s.slots.capacity * 2, filledWith: 0)
            let mask = bigger.capacity - 1
            for i in 0..<s.slots.capacity where s.slots[i] != 0 {
                let entry = s.slots[i]
                let (p, _) = record(s, s.locations[Int(entry - 1)])
                var slot = Int(truncatingIfNeeded: p.load(as: UInt64.self)) & mask
                while bigger[slot] != 0 { slot = (slot + 1) & mask }
                bigger[slot] = entry
            }
            s.slots.free()
            s.slots = bigger
        }
        let mask = s.slots.capacity - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while s.slots[slot] != 0 { slot = (slot + 1) & mask }
        s.slots[slot] = id + 1
    }

    /// Copies a record into the last block (or a new one); its location, or nil if no memory could be mapped.
    private static func append(_ s: inout Storage, _ bytes: UnsafeRawBufferPointer, _ hash: UInt64) -> Int64? {
        let size = (16 + bytes.count + 7) / 8 * 8
        if s.blocks.isEmpty || s.blocks[s.blocks.count - 1].used + size > s.blocks[s.blocks.count - 1].capacity {
            let capacity = max(blockBytes, (size + 4095) / 4096 * 4096)
            guard let base = Syscall.mapMemory(capacity) else { return nil }
            s.blocks.append(Block(base: base, capacity: capacity))
        }
        let b = s.blocks.count - 1
        let offset = s.blocks[b].used
        let p = s.blocks[b].base + offset
        p.storeBytes(of: hash, as: UInt64.self)
        p.storeBytes(of: bytes.count, toByteOffset: 8, as: Int.self)
        if bytes.count > 0 { (p + 16).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        s.blocks[b].used += size
        return Int64(b) << 32 | Int64(offset)
    }
}

/// The string keys of one program.
typealias StringTable = InternTable
