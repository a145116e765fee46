import CTraceCore
import Synchronization
import TraceSystem

/// The running state of one definition of a program: its variables, aggregations and counters.
/// A redefinition makes a new instance, so aggregations start fresh.
// @unchecked Sendable: its raw words are single-writer per thread or atomic, its strings sit behind locks.
final class ProgramInstance: @unchecked Sendable {
    let name: String
    let spec: ProgramSpec
    let aggregations: [Aggregation]
    let arrays: [AssociativeArray]
    let globalInts: UnsafeMutablePointer<Int64>
    let globalStrings: Lock<[String]>
    let threadLocals = PerThreadSlots<ThreadLocalStore>()
    /// Per thread index, a block of two cache lines: [0] firings, [1] sampled clause nanoseconds. Single writer each.
    let counters: UnsafeMutablePointer<Int64>
    static let counterStride = CacheLines.size / 8
    /// Non-zero once `exit()` ran: later firings do nothing, and the runtime disables the program.
    let exitFlag: UnsafeMutablePointer<Int64>
    let errors = Atomic<Int>(0)
    /// Faults already reported (clause index, code): each is reported once, then only counted.
    private let reported = Lock<Set<[Int64]>>([])
    let createdAt = trace_monotonic_ns()
    /// The stacks its `ustack()` keys name.
    let stacks: StackTable

    init(spec: ProgramSpec) {
        name = spec.name
        self.spec = spec
        let stacks = StackTable()
        self.stacks = stacks
        aggregations = spec.aggregations.map { Aggregation(program: spec.name, declaration: $0, stacks: stacks) }
        arrays = spec.arrays.map { AssociativeArray(declaration: $0) }
        globalInts = .allocate(capacity: max(1, spec.globals.count))
        globalInts.initialize(repeating: 0, count: max(1, spec.globals.count))
        globalStrings = Lock(Array(repeating: "", count: spec.globals.count))
        counters = CacheLines.words(ThreadRegistry.maxThreads * ProgramInstance.counterStride)
        exitFlag = .allocate(capacity: 1)
        exitFlag.initialize(to: 0)
        dropStorage = .allocate(capacity: DropKind.allCases.count)
        dropStorage.initialize(repeating: 0, count: DropKind.allCases.count)
    }

    /// Drop counters by kind (RMW only on the drop path).
    let dropStorage: UnsafeMutablePointer<Int64>

    deinit {
        globalInts.deallocate()
        CacheLines.free(counters)
        exitFlag.deallocate()
        dropStorage.deallocate()
    }

    func addSampledTime(_ nanoseconds: Int64, thread t: UnsafeMutablePointer<trace_thread>) {
        trace_add_relaxed(counters + Int(t.pointee.index) * ProgramInstance.counterStride + 1, nanoseconds)
    }

    /// The calling thread's `self->` store.
    @inline(__always)
    func threadLocalStore(_ t: UnsafeMutablePointer<trace_thread>) -> ThreadLocalStore {
        let index = Int(t.pointee.index)
        if let p = threadLocals.ownBlock(index) { return Unmanaged<ThreadLocalStore>.fromOpaque(p).takeUnretainedValue() }  // string/self-> path
        let s = ThreadLocalStore(count: spec.threadLocals.count)
        threadLocals.publish(s, at: index)
        return s
    }

    func countDrop(_ kind: DropKind) {
        // Drops are rare and may come from many threads: a real read-modify-write.
        let i = DropKind.allCases.firstIndex(of: kind) ?? 0
        _ = trace_fetch_add(dropStorage + i, 1)
    }

    /// Drops so far, by kind.
    var drops: [DropKind: Int64] {
        var out: [DropKind: Int64] = [:]
        for (i, k) in DropKind.allCases.enumerated() { out[k] = trace_load_relaxed(dropStorage + i) }
        return out
    }

    /// Firings and sampled clause nanoseconds, summed over threads.
    var totals: (firings: Int64, nanoseconds: Int64) {
        var f: Int64 = 0, n: Int64 = 0
        for i in 0..<ThreadRegistry.maxThreads {
            f &+= trace_load_relaxed(counters + i * ProgramInstance.counterStride)
            n &+= trace_load_relaxed(counters + i * ProgramInstance.counterStride + 1)
        }
        return (f, n)
    }

    /// Whether this fault of this clause is reported for the first time.
    func firstReport(clause: Int, code: Int64) -> Bool {
        reported.withLock { $0.insert([Int64(clause), code]).inserted }
    }

    /// The status of the first `exit(N)` since the program was enabled.
    let exitStatus = Atomic<Int64>(0)
    /// Set once the runtime has disabled the program after its `exit()` and its END clauses have run.
    let exitFinished = Atomic<Bool>(false)

    /// Marks the program exited (by `exit()`); true the first time, which sets the exit status.
    func markExited(status: Int64 = 0) -> Bool {
        let first = trace_fetch_add(exitFlag, 1) == 0
        if first { exitStatus.store(status, ordering: .relaxed) }
        return first
    }

    /// Whether some clause can call `exit()`.
    var canExit: Bool {
        func exits(_ list: [Statement]) -> Bool {
            list.contains { s in
                switch s {
                case .exit, .exitWith: return true
                case .ifElse(_, let a, let b): return exits(a) || exits(b)
                default: return false
                }
            }
        }
        return spec.clauses.contains { exits($0.body) }
    }
}
