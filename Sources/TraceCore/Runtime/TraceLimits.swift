import CTraceCore
import Synchronization
import TraceSystem

/// The runtime's limits (`set` in the console). Going over one drops the new data and counts the drop.
public struct TraceLimits: Sendable, Equatable {
    /// Keys per aggregation, per thread shard (default 10 000).
    public var aggregationKeys: Int = 10_000
    /// Entries per associative array (default 10 000).
    public var arrayEntries: Int = 10_000
    /// Longest string a string function may produce, in bytes (default 256).
    public var stringSize: Int = 256
    /// Bytes of each thread's trace record buffer (default 64 KiB); applies to buffers created after the change.
    public var traceBufferBytes: Int = 65_536
    /// Distinct strings one program may use as keys (default 1 000 000); applies to programs defined after the change.
    public var stringKeys: Int = 1_000_000
    /// Aggregations one program may declare (default 1 000); a definition with more is refused.
    public var aggregationsPerProgram: Int = 1_000
    /// Bytes all tracing state of the process may hold (default 256 MiB): a definition that does not fit
    /// is refused, growth past it is dropped and counted.
    public var memoryBytes: Int = MemoryBudget.defaultBytes
    /// Threads that may trace at once (default, and most, 16 384): firings on further threads are skipped
    /// and counted as threads drops of the programs they would have run.
    public var threads: Int = TraceLimits.mostThreads

    /// The most `threads` may be: the thread indexes the runtime's per-thread tables have room for.
    public static let mostThreads = ThreadRegistry.maxThreads

    /// The defaults.
    public init() {}

    /// Most components an aggregation or array key may have (fixed: keys are fixed-width words).
    public static let maximumKeyComponents = 8
    /// Shortest `tick-`/`interval:` period the runtime's timer thread accepts.
    public static let shortestTickNanoseconds: Int64 = 1_000_000

    private static let storage = Lock(TraceLimits())
    private static let keyLimit = Atomic<Int>(10_000)

    /// The limits in force.
    static var current: Snapshot { Snapshot(aggregationKeys: keyLimit.load(ordering: .relaxed)) }

    /// The hot-path subset of the limits.
    struct Snapshot { let aggregationKeys: Int }

    static func get() -> TraceLimits { storage.withLock { $0 } }

    static func set(_ limits: TraceLimits) {
        let old = storage.withLock { s in
            let old = s
            s = limits
            return old
        }
        keyLimit.store(limits.aggregationKeys, ordering: .relaxed)
        MemoryBudget.limitBytes = limits.memoryBytes
        ThreadRegistry.threadLimit.store(Swift.min(Swift.max(1, limits.threads), ThreadRegistry.maxThreads), ordering: .relaxed)
        if old.threads != limits.threads { ThreadRegistry.limitChanged() }
        if old.traceBufferBytes != limits.traceBufferBytes { trace_buffer_epoch_bump() }
    }
}
