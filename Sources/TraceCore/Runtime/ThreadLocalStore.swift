/// One thread's `self->` variables for one program. Touched only by its thread.
final class ThreadLocalStore {
    let ints: UnsafeMutablePointer<Int64>
    var strings: [String]
    let count: Int

    init(count: Int) {
        self.count = count
        ints = CacheLines.words(count)
        strings = Array(repeating: "", count: count)
    }

    deinit { CacheLines.free(ints) }
}
