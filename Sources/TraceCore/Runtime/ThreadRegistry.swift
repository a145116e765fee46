import CTraceCore
import Glibc
import Synchronization
import TraceSystem

/// Hands out per-thread states (`trace_thread`), recycles them when threads exit, and keeps each
/// thread's cached configuration current.
enum ThreadRegistry {
    /// Threads that can trace at once; the index of each is its slot in every per-thread table.
    static let maxThreads = 1024

    /// A thread state pointer kept in the registry's lists.
    // @unchecked Sendable: the block is never freed; only its live owning thread writes it, and other
    // threads read its live/depth/gen words atomically or take it from `free` after its thread exited.
    struct Handle: @unchecked Sendable { let pointer: UnsafeMutablePointer<trace_thread> }

    private struct State {
        var all: [Handle] = []
        var free: [Handle] = []
    }
    private static let state = Lock(State())
    /// Firings skipped because every thread slot was taken.
    static let overflowDrops = Atomic<Int>(0)

    /// The calling thread's state, registering it on first use; nil if the thread table is full.
    @inline(__always)
    static func current() -> UnsafeMutablePointer<trace_thread>? {
        if let t = trace_thread_get() { return t }
        return register()
    }

    @inline(never)
    private static func register() -> UnsafeMutablePointer<trace_thread>? {
        TraceRuntime.ensureStarted()
        let handle: Handle? = state.withLock { s in
            if let h = s.free.popLast() { return h }
            guard s.all.count < maxThreads else { return nil }
            // Written on every firing: a cache-line block of its own (never freed; slots are reused).
            let raw = UnsafeMutableRawPointer.allocate(byteCount: CacheLines.size, alignment: CacheLines.size)
            let t = raw.bindMemory(to: trace_thread.self, capacity: 1)
            t.initialize(to: trace_thread())
            t.pointee.index = Int64(s.all.count)
            let scratch = UnsafeMutablePointer<ThreadScratch>.allocate(capacity: 1)
            scratch.initialize(to: ThreadScratch())
            t.pointee.extras = UnsafeMutableRawPointer(scratch)
            s.all.append(Handle(pointer: t))
            return Handle(pointer: t)
        }
        guard let t = handle?.pointer else {
            overflowDrops.wrappingAdd(1, ordering: .relaxed)
            return nil
        }
        t.pointee.tid = trace_gettid()
        trace_store_release(&t.pointee.gen, 0)
        trace_store_relaxed(&t.pointee.live, 1)
        trace_thread_set(t)
        trace_set_thread_exit_value(t)
        return t
    }

    /// Called by the pthread key destructor when a registered thread exits: its data stays in every
    /// shard (merged by readers); its slot is reused by the next new thread.
    static let onThreadExit: @convention(c) (UnsafeMutableRawPointer?) -> Void = { raw in
        guard let raw else { return }
        let t = raw.assumingMemoryBound(to: trace_thread.self)
        let old = t.pointee.config
        t.pointee.config = nil
        trace_store_release(&t.pointee.gen, 0)
        extras(t).pointee.reset()
        trace_store_relaxed(&t.pointee.depth, 0)
        trace_store_relaxed(&t.pointee.live, 0)
        let released = Handle(pointer: t)
        ThreadRegistry.state.withLock { $0.free.append(released) }
        if let old { Unmanaged<Configuration>.fromOpaque(old).release() }
    }

    /// The string scratch of a thread state.
    @inline(__always)
    static func extras(_ t: UnsafeMutablePointer<trace_thread>) -> UnsafeMutablePointer<ThreadScratch> {
        t.pointee.extras.unsafelyUnwrapped.assumingMemoryBound(to: ThreadScratch.self)
    }

    /// Replaces the thread's cached configuration with the current one.
    @inline(never)
    static func refresh(_ t: UnsafeMutablePointer<trace_thread>) {
        let (gen, config) = Configuration.current()
        let old = t.pointee.config
        t.pointee.config = Unmanaged.passRetained(config).toOpaque()
        trace_store_release(&t.pointee.gen, gen)
        if let old { Unmanaged<Configuration>.fromOpaque(old).release() }
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
                      trace_load_acquire(&t.pointee.depth) != 0,
                      trace_load_acquire(&t.pointee.gen) < generation,
                      trace_monotonic_ns() < deadline {
                    sched_yield()
                }
            }
        }
    }

}
