// The arguments of one firing, on the firing thread's stack. Trivial (no references), so building
// and destroying it costs no retain or release.

/// The values a firing passes to its clauses: up to 10 arguments as 64-bit words, plus retval and elapsed.
public struct ProbeFrame {
    /// Argument words: integers as their value, Bool as 0/1, Double as its bit pattern,
    /// String as a slot of the firing thread's string stash.
    @usableFromInline var words: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64)
    /// How many argument words a frame holds.
    static let argumentCapacity = 10
    @usableFromInline var count: Int
    @usableFromInline var retval: Int64
    @usableFromInline var elapsed: Int64
    /// Bit i set: argument i is a string (kept by a ProbeToken between entry and return).
    @usableFromInline var stringMask: UInt16
    /// Bit i set: argument i is a string stashed for one firing only (a `return` must not read it).
    @usableFromInline var stashMask: UInt16
    /// Which firing of the thread this frame is, for the `this->` variables its clauses share (0: none yet).
    @usableFromInline var localsTag: UInt32

    /// An empty frame.
    @inlinable public init() {
        words = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        count = 0
        retval = 0
        elapsed = 0
        stringMask = 0
        stashMask = 0
        localsTag = 0
    }

    /// Marks the next argument as a string stashed for this firing only.
    @inlinable @inline(__always)
    mutating func markStashed() { stashMask |= UInt16(1) << UInt16(count & 15) }

    /// Turns stashed-for-one-firing string words into "no string".
    @usableFromInline @inline(never)
    mutating func forgetStashed() {
        var mask = stashMask & 0x3FF
        while mask != 0 {
            let i = mask.trailingZeroBitCount
            mask &= mask &- 1
            withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: Int64(-1), toByteOffset: i &* 8, as: Int64.self) }
        }
        stashMask = 0
        localsTag = 0
    }

    /// Marks the next argument as a string.
    @inlinable @inline(__always)
    mutating func markString() { stringMask |= UInt16(1) << UInt16(count & 15) }

    /// Pops the thread's string stack down to this frame's strings (a `return` that fires nothing).
    @usableFromInline @inline(never)
    mutating func dropStackedStrings() {
        var lowest = Int64.max
        var mask = stringMask & 0x3FF
        while mask != 0 {
            lowest = Swift.min(lowest, word(mask.trailingZeroBitCount))
            mask &= mask &- 1
        }
        if lowest != Int64.max { _tracePopStrings(to: lowest) }
    }

    /// Replaces string-stack positions by stash slots for this firing (popping them for `return`).
    @usableFromInline @inline(never)
    mutating func restashFromStack(popping: Bool) {
        var lowest = Int64.max
        var mask = stringMask & 0x3FF
        while mask != 0 {
            let i = mask.trailingZeroBitCount
            mask &= mask &- 1
            let position = word(i)
            lowest = Swift.min(lowest, position)
            let slot = _traceStashString(_traceStackString(position))
            withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: slot, toByteOffset: i &* 8, as: Int64.self) }
        }
        if popping && lowest != Int64.max { _tracePopStrings(to: lowest) }
    }

    /// Appends one argument word.
    @inlinable @inline(__always)
    mutating func append(_ word: Int64) {
        if count < 10 {
            let offset = count &* 8
            withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: word, toByteOffset: offset, as: Int64.self) }
        }
        count &+= 1
    }

    @inline(__always)
    func word(_ index: Int) -> Int64 {
        withUnsafeBytes(of: words) { $0.load(fromByteOffset: index * 8, as: Int64.self) }
    }
}
