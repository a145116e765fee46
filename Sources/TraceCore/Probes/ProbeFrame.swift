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
    /// Which firing of the thread this frame is, for the `this->` variables its clauses share (0: none yet).
    @usableFromInline var localsTag: UInt32

    /// An empty frame.
    @inlinable public init() {
        words = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        count = 0
        retval = 0
        elapsed = 0
        localsTag = 0
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
