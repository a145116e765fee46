/// Per-thread storage of the firing path: the current firing's string arguments, function probes'
/// string arguments between entry and return, and the current firing's `this->` words and strings.
/// Touched only by its thread, made on the thread's first use of it (a firing of integer clauses
/// never pays for it), freed when the thread exits, and held in raw memory so that no access pays for
/// ARC or a dynamic exclusivity check (each of which costs more than the rest of a firing).
struct ThreadScratch {
    static let stashCapacity = 16
    /// The string stack starts this small and doubles up to `stackCapacity`.
    static let initialStackCapacity = 16
    static let stackCapacity = 1024
    static let localCapacity = 64

    /// The current firing's strings: each slot's 16 bytes of `String` as two words (what StringKeyCache
    /// compares), and in `stash` the string itself when those bits are not its whole value (a heap string,
    /// kept alive for the firing). A small or immortal string is stored as its bits alone: no retain or release.
    let stashBits: UnsafeMutablePointer<UInt64>
    let stash: UnsafeMutablePointer<String>
    private(set) var stack: UnsafeMutablePointer<String>
    private var stackAllocated = ThreadScratch.initialStackCapacity
    var stackCount = 0
    let locals: UnsafeMutablePointer<String>
    /// The current firing's clause-local integers (`firingLocals`).
    let intLocals: UnsafeMutablePointer<Int64>
    /// Which firing and program the clause-local words belong to (`ProbeFrame.localsTag`).
    var localsSerial: UInt32 = 0
    var localsProgram: UnsafeMutableRawPointer? = nil

    init() {
        stashBits = .allocate(capacity: 2 * Self.stashCapacity)
        let empty = unsafeBitCast("", to: (UInt64, UInt64).self)
        for i in 0..<Self.stashCapacity { stashBits[2 * i] = empty.0; stashBits[2 * i + 1] = empty.1 }
        stash = .allocate(capacity: Self.stashCapacity)
        stash.initialize(repeating: "", count: Self.stashCapacity)
        stack = .allocate(capacity: Self.initialStackCapacity)
        stack.initialize(repeating: "", count: Self.initialStackCapacity)
        locals = .allocate(capacity: Self.localCapacity)
        locals.initialize(repeating: "", count: Self.localCapacity)
        intLocals = .allocate(capacity: Self.localCapacity)
        intLocals.initialize(repeating: 0, count: Self.localCapacity)
    }

    /// Frees every string and the storage itself (the thread exited).
    func free() {
        stash.deinitialize(count: Self.stashCapacity)
        stash.deallocate()
        stashBits.deallocate()
        stack.deinitialize(count: stackAllocated)
        stack.deallocate()
        locals.deinitialize(count: Self.localCapacity)
        locals.deallocate()
        intLocals.deallocate()
    }

    // MARK: the current firing's string arguments

    /// Keeps `s` for the current firing in `slot`; false when the firing has too many strings.
    @inline(__always)
    func stash(_ s: String, at slot: Int) -> Bool {
        guard slot < Self.stashCapacity else { return false }
        let bits = unsafeBitCast(s, to: (UInt64, UInt64).self)
        stashBits[2 &* slot] = bits.0
        stashBits[2 &* slot &+ 1] = bits.1
        if !StringKeyCache.isIdentity(bits.1) { stash[slot] = s }
        return true
    }

    /// The string stashed in `slot` ("" if none).
    @inline(__always)
    func stashed(_ slot: Int64) -> String {
        guard slot >= 0 && slot < Int64(Self.stashCapacity) else { return "" }
        let b0 = stashBits[2 * Int(slot)], b1 = stashBits[2 * Int(slot) + 1]
        // Small or immortal: the bits are the whole string (no reference to count).
        if StringKeyCache.isIdentity(b1) { return unsafeBitCast((b0, b1), to: String.self) }
        return stash[Int(slot)]
    }

    // MARK: function probes' strings between entry and return

    /// Pushes a string; returns its position.
    @inline(__always)
    mutating func push(_ s: String) -> Int64 {
        if stackCount >= stackAllocated {
            // Entries whose return never came (a thrown error skipped it) would fill the stack: start over.
            if stackAllocated >= Self.stackCapacity { stackCount = 0 } else { growStack() }
        }
        stack[stackCount] = s
        stackCount += 1
        return Int64(stackCount - 1)
    }

    @inline(never)
    private mutating func growStack() {
        let bigger = UnsafeMutablePointer<String>.allocate(capacity: stackAllocated * 2)
        bigger.moveInitialize(from: stack, count: stackAllocated)
        (bigger + stackAllocated).initialize(repeating: "", count: stackAllocated)
        stack.deallocate()
        stack = bigger
        stackAllocated *= 2
    }

    /// The string at a stack position ("" if gone).
    @inline(__always)
    func stackString(_ position: Int64) -> String {
        position >= 0 && position < Int64(stackCount) ? stack[Int(position)] : ""
    }

    /// Pops down to `position` (a `return` ends its entry's strings; the references stay until reused).
    @inline(__always)
    mutating func pop(to position: Int64) {
        if position >= 0 && position < Int64(stackCount) { stackCount = Int(position) }
    }

    // MARK: clause-local strings

    /// The clause-local words of `program` at the firing of `frame`: zeroed, with the first `strings`
    /// clause-local strings cleared, when `frame` is a new firing or another program's clauses used them since.
    mutating func firingLocals(_ frame: UnsafeMutablePointer<ProbeFrame>, program: UnsafeMutableRawPointer,
                               ints: Int, strings: Int) -> UnsafeMutablePointer<Int64> {
        if frame.pointee.localsTag == 0 || frame.pointee.localsTag != localsSerial || localsProgram != program {
            localsSerial = localsSerial == UInt32.max ? 1 : localsSerial + 1
            frame.pointee.localsTag = localsSerial
            localsProgram = program
            intLocals.update(repeating: 0, count: Swift.min(ints, Self.localCapacity))
            if strings > 0 { clearLocals(strings) }
        }
        return intLocals
    }

    /// Clears the first `count` clause-local strings for a new firing.
    func clearLocals(_ count: Int) {
        for i in 0..<Swift.min(count, Self.localCapacity) { locals[i] = "" }
    }
}
