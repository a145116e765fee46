/// One thread's `self->` variables for one program, and its cache of the program's string-key ids.
/// Touched only by its thread; freed when the thread exits.
final class ThreadLocalStore {
    let ints: UnsafeMutablePointer<Int64>
    var strings: [String]
    let count: Int
    /// The program's string-key ids this thread used, valid while the table's epoch is `cacheEpoch`.
    private var keyCache: [String: Int64] = [:]
    private var cacheEpoch: Int64 = 0
    /// Most ids cached; past it the cache starts again.
    static let keyCacheCapacity = 1024

    init(count: Int) {
        self.count = count
        ints = CacheLines.words(count)
        strings = Array(repeating: "", count: count)
    }

    deinit { CacheLines.free(ints) }

    /// The cached id of `s`, if the table has not been collected since it was cached.
    @inline(__always)
    func cachedKey(_ s: String, epoch: Int64) -> Int64? {
        if _slowPath(epoch != cacheEpoch) {
            keyCache.removeAll()
            cacheEpoch = epoch
            return nil
        }
        return keyCache[s]
    }

    /// Remembers the id of `s`.
    func cacheKey(_ s: String, _ id: Int64) {
        if keyCache.count >= Self.keyCacheCapacity { keyCache.removeAll(keepingCapacity: true) }
        keyCache[s] = id
    }
}
