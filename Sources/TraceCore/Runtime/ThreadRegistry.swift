import CTraceCore
import Glibc
import Synchronization
import TraceSystem

/// Hands out per-thread states (`trace_thread`), keeps each thread's cached configuration current,
/// and when a thread exits, frees what it held: its `self->` variables and aggregation shards in every
/// program (the shards' rows are kept by their aggregations), its string scratch and its trace buffer
/// (once drained). The small state block itself is recycled for the next new thread, with its plan block
/// when that is small (ThreadPlans.keptBytes).
enum ThreadRegistry {
    /// Thread indexes every per-thread table has room for: the most threads that can trace at once
    /// (`set threads` may lower it). The tables are mapped from the system, so only the pages of the
    /// indexes handed out so far are touched.
    static let maxThreads = 16_384
    /// Threads that may trace at once now (`TraceLimits.threads`); a thread over it gets no state and
    /// its firings are counted as threads drops.
    static let threadLimit = Atomic<Int>(maxThreads)
    /// Moves when a state block is freed or the thread limit changes: a thread refused a state asks the registry
    /// again (taking its lock) only once this has moved since it was refused (`trace_refused_epoch`).
    private static let slotEpoch = Atomic<Int64>(0)

    /// The thread limit changed: threads refused a state may ask again.
    static func limitChanged() { slotEpoch.wrappingAdd(1, ordering: .releasing) }

    /// Indexes handed out so far (they are recycled, never returned): readers walk per-thread tables up to it.
    private static let indexCount = Atomic<Int>(0)

    /// Indexes handed out so far: every index a per-thread table may hold a block for is below it.
    static var indexesInUse: Int { indexCount.load(ordering: .acquiring) }

    /// Bytes a per-thread table of `perIndex` bytes an index is charged for: the pages of the indexes
    /// handed out so far, at least 1 024 of them (untouched pages of its mapping are never resident).
    static func residentTableBytes(perIndex: Int) -> Int {
        let bytes = Swift.max(indexesInUse, 1024) * perIndex
        return (bytes + 4095) / 4096 * 4096
    }

    /// A thread state pointer kept in the registry's lists.
    // @unchecked Sendable: the blocks are never freed; only its live owning thread writes one, and other
    // threads read its live/depth/gen words atomically or take it from `free` after its thread exited.
    struct Handle: @unchecked Sendable { let pointer: UnsafeMutablePointer<trace_thread> }

    private struct State {
        var all: [Handle] = []
        var free: [Handle] = []
    }
    private static let state = Lock(State())
    /// Every thread state block, one cache-line block per slot, in one allocation made once: blocks that
    /// live for the process sit together rather than pinning pages of the allocator's heaps.
    private static let blocks: Handle = {
        let raw = UnsafeMutableRawPointer(CacheLines.words(CacheLines.size / 8 * maxThreads))
        return Handle(pointer: raw.bindMemory(to: trace_thread.self, capacity: 1))
    }()
    /// Firings skipped because as many threads as allowed were tracing.
    static let overflowDrops = Atomic<Int>(0)

    /// The calling thread's state, registering it on first use; nil if the thread table is full.
    @inline(__always)
    static func current() -> UnsafeMutablePointer<trace_thread>? {
        if _fastPath(trace_thread_registered() != 0) { return trace_thread_get() }
        return register()
    }

    @inline(never)
    private static func register() -> UnsafeMutablePointer<trace_thread>? {
        // Read before the lock: a slot freed after this read moves the epoch again, so it is not missed.
        let epoch = slotEpoch.load(ordering: .acquiring)
        if trace_refused_epoch_get() == epoch { return nil }
        TraceRuntime.ensureStarted()
        let handle: Handle? = state.withLock { s in
            guard s.all.count - s.free.count < threadLimit.load(ordering: .relaxed) else { return nil }
            if let h = s.free.popLast() { return h }
            guard s.all.count < maxThreads else { return nil }
            // Written on every firing: a cache-line block of its own (recycled, never freed).
            let raw = UnsafeMutableRawPointer(blocks.pointer) + s.all.count * CacheLines.size
            let t = raw.bindMemory(to: trace_thread.self, capacity: 1)
            t.initialize(to: trace_thread())
            t.pointee.index = Int64(s.all.count)
            s.all.append(Handle(pointer: t))
            // Sequentially consistent, against bumpGeneration's read: a writer that misses this block comes before it.
            indexCount.store(s.all.count, ordering: .sequentiallyConsistent)
            return Handle(pointer: t)
        }
        guard let t = handle?.pointer else {
            trace_refused_epoch_set(epoch)
            return nil
        }
        t.pointee.tid = trace_gettid()
        t.pointee.countdown = Dispatcher.sampleMask + 1
        trace_store_release(&t.pointee.gen, 0)
        trace_store_relaxed(&t.pointee.live, 1)
        trace_thread_set(t)
        trace_set_thread_exit_value(t)
        return t
    }

    /// Counts a firing skipped because as many threads as `set threads` allows trace already, as a drop
    /// of every program with a clause there (the thread asks for a state again once one is freed or the limit
    /// changes). It reads the published configuration under its lock; it takes no registry lock and allocates nothing.
    @inline(never)
    static func countOverflow(_ site: ProbeSite) {
        overflowDrops.wrappingAdd(1, ordering: .relaxed)
        let (_, config) = Configuration.current()
        guard site.id < config.siteCount else { return }
        let clauses = config.table[site.id]
        for (i, clause) in clauses.enumerated() {
            let program = clause.takeUnretainedValue().program
            // Once per program: skip a program an earlier clause of the site has counted (nothing allocated).
            if clauses[..<i].contains(where: { $0.takeUnretainedValue().program === program }) { continue }
            program.drops.count(.threads)
        }
    }

    /// Moves the generation and makes every thread's plans stale, so each thread's next firing takes the slow path,
    /// which compares the generation (the entry points do not): a publish, an exit, a clear and a trunc all call
    /// this. It takes no lock (the state blocks are never freed), so an `exit()` inside a firing may call it.
    @discardableResult
    static func bumpGeneration() -> Int64 {
        let gen = trace_generation_bump()
        let count = indexCount.load(ordering: .sequentiallyConsistent)
        let base = UnsafeMutableRawPointer(blocks.pointer)
        for i in 0..<count {
            trace_plans_invalidate((base + i * CacheLines.size).assumingMemoryBound(to: trace_thread.self))
        }
        return gen
    }

    /// Called by the pthread key destructor when a registered thread exits: everything the thread held
    /// is freed or handed to its readers; the state block goes back to the free list.
    static let onThreadExit: @convention(c) (UnsafeMutableRawPointer?) -> Void = { raw in
        guard let raw else { return }
        let t = raw.assumingMemoryBound(to: trace_thread.self)
        let index = Int(t.pointee.index)
        let old = t.pointee.config
        t.pointee.config = nil
        trace_store_release(&t.pointee.gen, 0)
        ThreadPlans.threadExited(t)
        if let scratch = t.pointee.extras {
            let s = scratch.assumingMemoryBound(to: ThreadScratch.self)
            s.pointee.free()
            s.deinitialize(count: 1)
            s.deallocate()
            t.pointee.extras = nil
        }
        trace_end_firing(t)
        for program in LiveInstances.all() { program.threadExited(index) }
        OutputCollector.shared.threadExited(index)
        trace_store_relaxed(&t.pointee.live, 0)
        if let old { Unmanaged<Configuration>.fromOpaque(old).release() }
        let released = Handle(pointer: t)
        ThreadRegistry.state.withLock { $0.free.append(released) }
        ThreadRegistry.slotEpoch.wrappingAdd(1, ordering: .releasing)
    }

    /// The string scratch of a thread state, made on first use.
    @inline(__always)
    static func extras(_ t: UnsafeMutablePointer<trace_thread>) -> UnsafeMutablePointer<ThreadScratch> {
        if let e = t.pointee.extras { return e.assumingMemoryBound(to: ThreadScratch.self) }
        return makeScratch(t)
    }

    @inline(never)
    private static func makeScratch(_ t: UnsafeMutablePointer<trace_thread>) -> UnsafeMutablePointer<ThreadScratch> {
        let scratch = UnsafeMutablePointer<ThreadScratch>.allocate(capacity: 1)
        scratch.initialize(to: ThreadScratch())
        t.pointee.extras = UnsafeMutableRawPointer(scratch)
        return scratch
    }

    /// Replaces the thread's cached configuration with the current one and rebuilds its plans (from the thread's
    /// second firing on).
    ///
    /// The generation is read before the configuration: a bump without a new configuration (exit, clear,
    /// trunc) still moves the thread on, and a configuration published after the read is taken at the next firing.
    @inline(never)
    static func refresh(_ t: UnsafeMutablePointer<trace_thread>) {
        let gen = trace_generation_load()
        let (_, config) = Configuration.current()
        let old = t.pointee.config
        t.pointee.config = Unmanaged.passRetained(config).toOpaque()
        guard let old else {
            // A thread's first firing takes the general path and its plans are built at its second, so a thread
            // that fires once (a churning pool) pays nothing for them. The generation is kept one behind, which
            // sends the next firing here again; a writer waiting for quiescence waits at most for this firing.
            trace_plans_invalidate(t)
            trace_store_release(&t.pointee.gen, gen &- 1)
            return
        }
        ThreadPlans.rebuild(t, config, generation: gen)
        trace_store_release(&t.pointee.gen, gen)
        Unmanaged<Configuration>.fromOpaque(old).release()
    }

    /// Waits until no thread can still be running clauses of a configuration older than `generation`.
    ///
    /// A firing stores its depth and then reads the generation (Dispatcher.fire). The process-wide barrier
    /// after the generation was bumped orders both sides: each thread either had its depth visible here or
    /// reads the new generation and refreshes before it runs a clause. Without a kernel barrier, a second
    /// pass after a pause stands in for it.
    static func waitForQuiescence(after generation: Int64, timeoutNanoseconds: Int64 = 2_000_000_000) {
        let deadline = trace_monotonic_ns() + timeoutNanoseconds
        let ordered = trace_process_barrier() != 0
        let threads = state.withLock { $0.all }
        for pass in 0..<(ordered ? 1 : 2) {
            if pass == 1 { usleep(1000) }
            for h in threads {
                let t = h.pointer
                while trace_load_relaxed(&t.pointee.live) != 0,
                      trace_firing_depth(t) != 0,
                      trace_load_acquire(&t.pointee.gen) < generation,
                      trace_monotonic_ns() < deadline {
                    sched_yield()
                }
            }
        }
    }

}
