import CTraceCore

// Each thread's cache of a program's string-key ids by the string's identity: the 16 bytes of the
// `String` value itself, when they are its whole value. A small string (at most 15 UTF-8 bytes: "GET",
// most function and command names) holds its bytes in those 16 bytes, and an immortal one (a literal)
// points at bytes that are never freed or changed, so equal bits mean equal strings and a firing finds
// its key's id by comparing two words: no hashing or comparing of the characters, no retain or release.
// Any other string (its bytes in a heap object that can be freed and its address reused) takes the
// content path (ProgramInstance.internKey). Different strings never share an id: a hit needs the
// same bits, and a miss interns the string's bytes.
//
// A cache is one block of words per thread per program, charged to the program's memory: [0] the
// table's epoch it is valid for, then `entries` direct-mapped entries [bits0, bits1, id] (bits1 is
// never 0 for a cached string, whose top bit is set). Only its thread touches it; it is freed with
// the program's string table (a thread index that is reused keeps the block: its ids are the table's).

/// The identity cache's layout and the test for a string whose bits are its value.
enum StringKeyCache {
    /// Entries per thread per program.
    static let entries = 64
    /// Words of one cache block.
    static let words = 1 + entries * 3
    /// Bytes charged for one block (its words and the allocation's header line).
    static let chargedBytes = words * 8 + CacheLines.size

    /// The bits of `s` when they are its whole value (small or immortal), else nil.
    @inline(__always)
    static func identity(_ s: String) -> (UInt64, UInt64)? {
        let bits = unsafeBitCast(s, to: (UInt64, UInt64).self)
        return isIdentity(bits.1) ? bits : nil
    }

    /// Whether a string whose second word is `bits1` is small or immortal (the top bit of its object word).
    @inline(__always)
    static func isIdentity(_ bits1: UInt64) -> Bool { Int64(bitPattern: bits1) < 0 }

    /// The bits of the string stashed in slot `word` of the thread's current firing, when they are its whole
    /// value (small or immortal); nil otherwise.
    @inline(__always)
    static func stashedBits(_ t: UnsafeMutablePointer<trace_thread>, _ word: Int64) -> (UInt64, UInt64)? {
        guard UInt64(bitPattern: word) < UInt64(ThreadScratch.stashCapacity), let extras = t.pointee.extras else { return nil }
        let bits = extras.assumingMemoryBound(to: ThreadScratch.self).pointee.stashBits + Int(word) &* 2
        let b1 = bits[1]
        return isIdentity(b1) ? (bits[0], b1) : nil
    }

    /// The entry of a string's bits.
    @inline(__always)
    static func entry(_ b0: UInt64, _ b1: UInt64) -> Int {
        let h = (b0 ^ (b1 &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 58) & (entries - 1)
    }
}

extension InternTable {
    /// The id of the string stashed in slot `word` of the thread's current firing, when the thread's
    /// identity cache holds it; nil otherwise (the caller takes the slow path).
    @inline(__always)
    func identityID(_ word: Int64, _ t: UnsafeMutablePointer<trace_thread>) -> Int64? {
        guard let bits = StringKeyCache.stashedBits(t, word) else { return nil }
        return identityID(bits, t)
    }

    /// The id of the small or immortal string of `bits`, when the thread's identity cache holds it; nil otherwise.
    @inline(__always)
    func identityID(_ bits: (UInt64, UInt64), _ t: UnsafeMutablePointer<trace_thread>) -> Int64? {
        guard let cache = identityCaches[Int(t.pointee.index)], cache[0] == trace_load_acquire(epochWord) else { return nil }
        let e = cache + (1 &+ StringKeyCache.entry(bits.0, bits.1) &* 3)
        guard UInt64(bitPattern: e[0]) == bits.0, UInt64(bitPattern: e[1]) == bits.1 else { return nil }
        return e[2]
    }

    /// Remembers `id` for a string's bits in the thread's cache (made now, if the memory budget allows);
    /// `epoch` is the table's epoch read before the id was looked up.
    func rememberIdentity(_ bits: (UInt64, UInt64), _ id: Int64, epoch: Int64, _ t: UnsafeMutablePointer<trace_thread>) {
        let index = Int(t.pointee.index)
        let cache: UnsafeMutablePointer<Int64>
        if let c = identityCaches[index] {
            cache = c
        } else {
            guard account.charge(StringKeyCache.chargedBytes) else { return }
            cache = CacheLines.words(StringKeyCache.words)
            cache[0] = epoch
            identityCaches[index] = cache
        }
        if cache[0] != epoch {
            (cache + 1).update(repeating: 0, count: StringKeyCache.entries * 3)
            cache[0] = epoch
        }
        let e = cache + 1 + StringKeyCache.entry(bits.0, bits.1) * 3
        e[0] = Int64(bitPattern: bits.0)
        e[1] = Int64(bitPattern: bits.1)
        e[2] = id
    }

    /// Frees every thread's cache (the table is being freed: no thread fires its program any more).
    func freeIdentityCaches() {
        for i in 0..<ThreadRegistry.indexesInUse {
            guard let c = identityCaches[i] else { continue }
            CacheLines.free(c)
            account.refund(StringKeyCache.chargedBytes)
        }
        CacheLines.free(identityCaches)
    }
}
