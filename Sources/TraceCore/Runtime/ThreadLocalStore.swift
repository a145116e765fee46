/// One thread's `self->` variables for one program. Touched only by its thread.
final class ThreadLocalStore {
    let ints: UnsafeMutablePointer<Int64>
    var strings: [String]
    let count: Int

    init(count: Int) {
        self.count = count
        ints = .allocate(capacity: max(1, count))
        ints.initialize(repeating: 0, count: max(1, count))
        strings = Array(repeating: "", count: count)
    }

    deinit { ints.deallocate() }
}
