import CTraceCore

// Site-plan ops keyed by a string argument (`@[name] = count()`, also behind an `argument OP constant` predicate):
// kind `other | compact | stringKey`, run off the entry point's inlined loop (ThreadPlans.runAndEnd) by a function
// of their own with no compact-code interpretation. The stashed string's bits are compared with the op's memo of
// this thread's last two strings (their value words, while the shard's table and generation are the ones they were
// found in); else they find the key's id in the thread's identity cache (StringKeyCache) and the id its value words
// in the thread's shard, and the memo keeps them. Anything else — a string the cache does not hold (a heap string, a
// new one, a cache behind a collection), a key not yet in the shard, a refused key — continues on the compact path
// (continueCompact), which interns, remembers and counts drops as before.

/// A string-key op's memo of this thread's last two small or immortal strings (their 16 bits, which are their
/// whole value) and the value words of their keys in the thread's shard, valid while the shard's table word
/// (meta[2]: a grown table is a new one) and generation (meta[0]: a clear or trunc resets the shard in place) are
/// `table` and `generation`. The plans' rebuild at every generation move starts it empty; only its thread touches it.
struct StringKeyMemo {
    var first: (UInt64, UInt64) = (0, 0)
    var firstValues: UnsafeMutablePointer<Int64>? = nil
    var second: (UInt64, UInt64) = (0, 0)
    var secondValues: UnsafeMutablePointer<Int64>? = nil
    var table: Int64 = 0
    var generation: Int64 = 0
}

/// Which ops take the string-key path, and its look-ups.
enum StringKeyPlans {
    /// The kind of an op with a compact key or value: the string-key op's when its key is a string argument's id
    /// (CompactCode shape 2), its value is not compact and the thread has its shard; else the compact op's.
    static func kind(_ p: ThreadOp) -> UInt8 {
        let compact = ThreadOpKind.other | ThreadOpKind.compact
        guard let c = p.computed, p.cell != nil, p.keyed, c.pointee.key.shape == 2, !c.pointee.value.isPresent else { return compact }
        return compact | ThreadOpKind.stringKey
    }

    /// The value words the memo holds for `bits` in the op's shard (`meta`), or nil.
    @inline(__always)
    static func memoized(_ p: UnsafeMutablePointer<ThreadOp>, _ meta: UnsafeMutablePointer<Int64>, _ bits: (UInt64, UInt64)) -> UnsafeMutablePointer<Int64>? {
        guard meta[2] == p.pointee.memo.table, meta[0] == p.pointee.memo.generation else { return nil }
        if p.pointee.memo.first == bits { return p.pointee.memo.firstValues }
        if p.pointee.memo.second == bits { return p.pointee.memo.secondValues }
        return nil
    }

    /// Applies the op's function to its value words `v`: a count inline, the others through SitePlan.update.
    @inline(__always)
    static func update(_ p: UnsafeMutablePointer<ThreadOp>, _ v: UnsafeMutablePointer<Int64>, _ w0: Int64, _ w1: Int64) {
        if p.pointee.function == 0 {
            trace_add_relaxed(v, 1)
        } else {
            SitePlan.update(p.pointee.function, v, p.pointee.words.value(w0, w1))
        }
    }

    /// The value words of the key of `bits` through the thread's identity cache and its shard (`meta`), kept in the
    /// memo as its first entry; nil when the cache does not hold the string or the shard its key.
    @inline(__always)
    static func lookUp(_ p: UnsafeMutablePointer<ThreadOp>, _ meta: UnsafeMutablePointer<Int64>, _ bits: (UInt64, UInt64),
                       _ t: UnsafeMutablePointer<trace_thread>) -> UnsafeMutablePointer<Int64>? {
        let strings = p.pointee.computed.unsafelyUnwrapped.pointee.strings
        guard let id = strings._withUnsafeGuaranteedRef({ $0.identityID(bits, t) }),
              let v = ThreadPlans.findOne(meta, id, entryWidth: Int(p.pointee.entryWidth)) else { return nil }
        if meta[2] != p.pointee.memo.table || meta[0] != p.pointee.memo.generation {
            p.pointee.memo = StringKeyMemo()
            p.pointee.memo.table = meta[2]
            p.pointee.memo.generation = meta[0]
        }
        p.pointee.memo.second = p.pointee.memo.first
        p.pointee.memo.secondValues = p.pointee.memo.firstValues
        p.pointee.memo.first = bits
        p.pointee.memo.firstValues = v
        return v
    }
}

extension ThreadPlans {
    /// Op `p` (its counter counted) keyed by a string argument: its predicate, the key's value words from the memo,
    /// the update; then the rest of the ops and the firing's end. It calls nothing but its tail: a memo miss continues
    /// in `continueStringKeyLookUp`, a heap string on the compact path.
    @inline(never)
    static func continueStringKey(_ w0: Int64, _ w1: Int64, _ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>) {
        if !p.pointee.compares || p.pointee.words.passes(w0, w1) {
            let word = p.pointee.computed.unsafelyUnwrapped.pointee.key.index == 0 ? w0 : w1
            guard let bits = StringKeyCache.stashedBits(t, word) else { return continueCompact(w0, w1, p, t) }
            guard let v = StringKeyPlans.memoized(p, p.pointee.cell.unsafelyUnwrapped, bits) else {
                return continueStringKeyLookUp(w0, w1, p, t, bits)
            }
            StringKeyPlans.update(p, v, w0, w1)
        }
        afterOp(w0, w1, p, t)
    }

    /// `continueStringKey` past a memo miss: the identity cache and the shard (the memo keeps what they give), else
    /// the compact path.
    @inline(never)
    static func continueStringKeyLookUp(_ w0: Int64, _ w1: Int64, _ p: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>,
                                        _ bits: (UInt64, UInt64)) {
        guard let v = StringKeyPlans.lookUp(p, p.pointee.cell.unsafelyUnwrapped, bits, t) else { return continueCompact(w0, w1, p, t) }
        StringKeyPlans.update(p, v, w0, w1)
        afterOp(w0, w1, p, t)
    }
}
