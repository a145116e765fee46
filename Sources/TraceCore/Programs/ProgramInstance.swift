import CTraceCore
import Synchronization
import TraceSystem

/// The running state of one definition of a program: its variables, aggregations, string keys and
/// counters, and the memory they hold. A redefinition makes a new instance, so aggregations start
/// fresh; an instance is freed, with everything it holds, when no thread's configuration refers to it.
// @unchecked Sendable: its raw words are single-writer per thread or atomic, its strings sit behind locks.
final class ProgramInstance: @unchecked Sendable {
    let name: String
    let spec: ProgramSpec
    /// The memory this instance holds, charged to the tracing budget.
    let account = MemoryAccount()
    /// Drops by kind, counted by the program's clauses and its aggregations.
    let drops = DropCounters()
    /// The program's string keys.
    let strings: StringTable
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
    /// The printf and trace formats registered for this instance, retired with it.
    let formats = Lock<[Int64]>([])
    let createdAt = trace_monotonic_ns()
    /// The stacks its `ustack()` keys name.
    let stacks: StackTable

    /// Bytes an instance of `spec` holds before any firing: its per-thread tables (the pages of the
    /// thread indexes in use) and declared variables.
    static func declaredBytes(_ spec: ProgramSpec) -> Int {
        let perThreadTable = ThreadRegistry.residentTableBytes(perIndex: 8)
        let counters = ThreadRegistry.residentTableBytes(perIndex: counterStride * 8)
        return 1024 + counters + perThreadTable
            + spec.aggregations.count * Aggregation.declaredBytes
            + spec.arrays.count * 256 + spec.globals.count * 32
    }

    /// A new instance, its declared state charged to the memory budget; refused if it does not fit.
    init(spec: ProgramSpec, limits: TraceLimits) throws(TraceRuntimeError) {
        let declared = Self.declaredBytes(spec)
        guard account.charge(declared) else {
            throw .overMemoryBudget(program: spec.name, neededBytes: declared,
                                    freeBytes: max(0, MemoryBudget.limitBytes - MemoryBudget.usedBytes),
                                    budgetBytes: MemoryBudget.limitBytes)
        }
        name = spec.name
        self.spec = spec
        strings = StringTable(limit: limits.stringKeys, account: account)
        let stacks = StackTable()
        self.stacks = stacks
        let (strings, account, drops) = (self.strings, self.account, self.drops)
        aggregations = spec.aggregations.map {
            Aggregation(program: spec.name, declaration: $0, strings: strings, account: account, drops: drops, stacks: stacks)
        }
        arrays = spec.arrays.map { AssociativeArray(declaration: $0, account: account) }
        globalInts = .allocate(capacity: max(1, spec.globals.count))
        globalInts.initialize(repeating: 0, count: max(1, spec.globals.count))
        globalStrings = Lock(Array(repeating: "", count: spec.globals.count))
        counters = CacheLines.words(ThreadRegistry.maxThreads * ProgramInstance.counterStride)
        exitFlag = .allocate(capacity: 1)
        exitFlag.initialize(to: 0)
        LiveInstances.add(self)
    }

    deinit {
        LiveInstances.remove(ObjectIdentifier(self))
        OutputCollector.shared.retireFormats(formats.withLock { $0 })
        globalInts.deallocate()
        CacheLines.free(counters)
        exitFlag.deallocate()
    }

    func addSampledTime(_ nanoseconds: Int64, thread t: UnsafeMutablePointer<trace_thread>) {
        trace_add_relaxed(counters + Int(t.pointee.index) * ProgramInstance.counterStride + 1, nanoseconds)
    }

    /// The calling thread's `self->` store (with its cache of string-key ids), made on first use.
    @inline(__always)
    func threadLocalStore(_ t: UnsafeMutablePointer<trace_thread>) -> ThreadLocalStore {
        let index = Int(t.pointee.index)
        if let p = threadLocals.ownBlock(index) { return Unmanaged<ThreadLocalStore>.fromOpaque(p).takeUnretainedValue() }  // string/self-> path
        let s = ThreadLocalStore(count: spec.threadLocals.count)
        threadLocals.publish(s, at: index)
        return s
    }

    /// The id of a string key computed by a firing: from the thread's cache, else the program's table;
    /// a drop (counted by the clause) if the table is at its limit or memory at its budget.
    @inline(__always)
    func internKey(_ s: String, _ t: UnsafeMutablePointer<trace_thread>) throws(ClauseFault) -> Int64 {
        let store = threadLocalStore(t)
        if let id = store.cachedKey(s, epoch: strings.epoch) { return id }
        switch strings.intern(s) {
        case .id(let id):
            store.cacheKey(s, id)
            return id
        case .refused(let kind):
            throw .dropped(kind)
        }
    }

    /// The thread at `index` exited: its `self->` variables go, its shards' rows move to their aggregations.
    func threadExited(_ index: Int) {
        threadLocals.remove(at: index)
        for a in aggregations { a.threadExited(index) }
    }

    /// Frees the string keys no aggregation or array uses any more (after `clear`/`trunc`). `quiesce`
    /// returns once no firing that started before it was called is still running.
    func collectStrings(quiesce: () -> Void) {
        let keyed = aggregations.contains { $0.declaration.keyTypes.contains(.string) }
            || arrays.contains { $0.declaration.keyTypes.contains(.string) }
        guard keyed else { return }
        strings.beginCollection()
        quiesce()
        var kept = Set<Int64>()
        for a in aggregations { a.stringKeyIDs(into: &kept) }
        for a in arrays { a.stringKeyIDs(into: &kept) }
        strings.finishCollection(keeping: kept)
    }

    func countDrop(_ kind: DropKind) { drops.count(kind) }

    /// Firings and sampled clause nanoseconds, summed over threads.
    var totals: (firings: Int64, nanoseconds: Int64) {
        var f: Int64 = 0, n: Int64 = 0
        for i in 0..<ThreadRegistry.indexesInUse {
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
        if first {
            exitStatus.store(status, ordering: .relaxed)
            // Threads rebuild their plans without this program's ops (ThreadPlans checks no exit word).
            ThreadRegistry.bumpGeneration()
        }
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
