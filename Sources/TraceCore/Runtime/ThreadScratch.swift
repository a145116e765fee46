/// Per-thread storage of the firing path: the current firing's string arguments, function probes'
/// string arguments between entry and return, the current firing's `this->` words and strings, and a cache of interned
/// strings. Touched only by its thread, and held in raw memory so that no access pays for ARC or a
/// dynamic exclusivity check (each of which costs more than the rest of a firing).
struct ThreadScratch {
    static let stashCapacity = 16
    static let stackCapacity = 1024
    static let localCapacity = 64
    static let recentCapacity = 4

    let stash: UnsafeMutablePointer<String>
    let stack: UnsafeMutablePointer<String>
    var stackCount = 0
    let locals: UnsafeMutablePointer<String>
    /// The current firing's clause-local integers (`firingLocals`).
    let intLocals: UnsafeMutablePointer<Int64>
    /// Which firing and program the clause-local words belong to (`ProbeFrame.localsTag`).
    var localsSerial: UInt32 = 0
    var localsProgram: UnsafeMutableRawPointer? = nil
    let internCache: UnsafeMutablePointer<[String: Int64]>
    /// The last few strings interned, checked by equality before hashing (keys are often few).
    let recentStrings: UnsafeMutablePointer<String>
    let recentIDs: UnsafeMutablePointer<Int64>
    var recentNext = 0

    init() {
        stash = .allocate(capacity: Self.stashCapacity)
        stash.initialize(repeating: "", count: Self.stashCapacity)
        stack = .allocate(capacity: Self.stackCapacity)
        stack.initialize(repeating: "", count: Self.stackCapacity)
        locals = .allocate(capacity: Self.localCapacity)
        locals.initialize(repeating: "", count: Self.localCapacity)
        intLocals = .allocate(capacity: Self.localCapacity)
        intLocals.initialize(repeating: 0, count: Self.localCapacity)
        internCache = .allocate(capacity: 1)
        internCache.initialize(to: [:])
        recentStrings = .allocate(capacity: Self.recentCapacity)
        recentStrings.initialize(repeating: "", count: Self.recentCapacity)
        recentIDs = .allocate(capacity: Self.recentCapacity)
        recentIDs.initialize(repeating: -1, count: Self.recentCapacity)
    }

    /// Drops every string the thread held (its thread exited; the storage is reused).
    mutating func reset() {
        for i in 0..<Self.stashCapacity { stash[i] = "" }
        for i in 0..<Self.stackCapacity { stack[i] = "" }
        for i in 0..<Self.localCapacity { locals[i] = "" }
        stackCount = 0
        localsProgram = nil
        internCache.pointee.removeAll()
        for i in 0..<Self.recentCapacity { recentStrings[i] = ""; recentIDs[i] = -1 }
    }

    // MARK: the current firing's string arguments

    /// Keeps `s` for the current firing in `slot`; false when the firing has too many strings.
    @inline(__always)
    func stash(_ s: String, at slot: Int) -> Bool {
        guard slot < Self.stashCapacity else { return false }
        stash[slot] = s
        return true
    }

    /// The string stashed in `slot` ("" if none).
    @inline(__always)
    func stashed(_ slot: Int64) -> String {
        slot >= 0 && slot < Int64(Self.stashCapacity) ? stash[Int(slot)] : ""
    }

    // MARK: function probes' strings between entry and return

    /// Pushes a string; returns its position.
    @inline(__always)
    mutating func push(_ s: String) -> Int64 {
        // Entries whose return never came (a thrown error skipped it) would fill the stack: start over.
        if stackCount >= Self.stackCapacity { stackCount = 0 }
        stack[stackCount] = s
        stackCount += 1
        return Int64(stackCount - 1)
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

    // MARK: interning

    /// The interned id of `s`: the last few strings by equality, then the thread's cache, then the
    /// process-wide table (a lock only on a miss); -1 when the table is full.
    mutating func intern(_ s: String) -> Int64 {
        for i in 0..<Self.recentCapacity where recentIDs[i] >= 0 && recentStrings[i] == s {
            return recentIDs[i]
        }
        let id: Int64
        if let cached = internCache.pointee[s] {
            id = cached
        } else {
            id = StringInterner.shared.intern(s)
            if id < 0 { return id }
            if internCache.pointee.count > 4096 { internCache.pointee.removeAll(keepingCapacity: true) }
            internCache.pointee[s] = id
        }
        recentStrings[recentNext] = s
        recentIDs[recentNext] = id
        recentNext = (recentNext + 1) % Self.recentCapacity
        return id
    }
}
