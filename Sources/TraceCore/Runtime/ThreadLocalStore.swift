import CTraceCore

/// One thread's `self->` variables for one program, and its cache of the program's string-key ids.
/// Touched only by its thread; freed when the thread exits.
final class ThreadLocalStore {
    let ints: UnsafeMutablePointer<Int64>
    var strings: [String]
    let count: Int
    /// The program's string-key ids this thread used, valid while the table's epoch is `state[0]`. Held in
    /// raw memory, as the rest of the firing path's per-thread state, so no access pays a dynamic exclusivity check.
    private let keyCache: UnsafeMutablePointer<[String: Int64]>
    /// The last few keys and their ids, compared before hashing (a clause's string keys are often few).
    private let recentStrings: UnsafeMutablePointer<String>
    private let recentIDs: UnsafeMutablePointer<Int64>
    /// [0] the epoch the caches are valid for, [1] the next recent slot to replace.
    private let state: UnsafeMutablePointer<Int64>
    /// Most ids cached; past it the cache starts again.
    static let keyCacheCapacity = 1024
    static let recentCapacity = 4

    init(count: Int) {
        self.count = count
        ints = CacheLines.words(count)
        strings = Array(repeating: "", count: count)
        keyCache = .allocate(capacity: 1)
        keyCache.initialize(to: [:])
        recentStrings = .allocate(capacity: Self.recentCapacity)
        recentStrings.initialize(repeating: "", count: Self.recentCapacity)
        recentIDs = .allocate(capacity: Self.recentCapacity)
        recentIDs.initialize(repeating: -1, count: Self.recentCapacity)
        state = .allocate(capacity: 2)
        state.initialize(repeating: 0, count: 2)
    }

    deinit {
        CacheLines.free(ints)
        keyCache.deinitialize(count: 1)
        keyCache.deallocate()
        recentStrings.deinitialize(count: Self.recentCapacity)
        recentStrings.deallocate()
        recentIDs.deallocate()
        state.deallocate()
    }

    /// The cached id of `s`, if the table has not been collected since it was cached.
    @inline(__always)
    func cachedKey(_ s: String, epoch: Int64) -> Int64? {
        if _slowPath(epoch != state[0]) {
            forget(epoch)
            return nil
        }
        for i in 0..<Self.recentCapacity where recentIDs[i] >= 0 && recentStrings[i] == s { return recentIDs[i] }
        guard let id = keyCache.pointee[s] else { return nil }
        remember(s, id)
        return id
    }

    /// Remembers the id of `s`.
    func cacheKey(_ s: String, _ id: Int64) {
        if keyCache.pointee.count >= Self.keyCacheCapacity { keyCache.pointee.removeAll(keepingCapacity: true) }
        keyCache.pointee[s] = id
        remember(s, id)
    }

    private func remember(_ s: String, _ id: Int64) {
        let slot = Int(state[1])
        recentStrings[slot] = s
        recentIDs[slot] = id
        state[1] = Int64((slot + 1) % Self.recentCapacity)
    }

    /// The table was collected: every cached id may be gone.
    @inline(never)
    private func forget(_ epoch: Int64) {
        keyCache.pointee.removeAll()
        for i in 0..<Self.recentCapacity { recentStrings[i] = ""; recentIDs[i] = -1 }
        state[0] = epoch
    }
}

extension ProgramInstance {
    /// The calling thread's `self->` integer words (its store made on first use), without the retain and
    /// release a reference to the store costs: the thread's slot keeps the store alive until the thread exits.
    @inline(__always)
    func threadLocalInts(_ t: UnsafeMutablePointer<trace_thread>) -> UnsafeMutablePointer<Int64> {
        if let p = threadLocals.ownBlock(Int(t.pointee.index)) {
            return Unmanaged<ThreadLocalStore>.fromOpaque(p)._withUnsafeGuaranteedRef { $0.ints }
        }
        return threadLocalStore(t).ints
    }
}
