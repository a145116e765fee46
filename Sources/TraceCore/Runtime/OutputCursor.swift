// A consumer's own view of the trace output (an attached console's): the records of the programs it claims,
// and of the programs nobody claims, each consumer drained on its own (see OutputRouting.swift for the rules).

/// One consumer of trace output besides the runtime's own `drainOutput()`. Closed when released.
public final class OutputCursor: Sendable {
    /// How much output may wait for a cursor; more is dropped and counted.
    public struct Limits: Sendable, Equatable {
        /// Records waiting at most.
        public var records: Int
        /// Approximate bytes waiting at most.
        public var bytes: Int
        /// Limits of `records` and `bytes` (each at least 1).
        public init(records: Int, bytes: Int) { self.records = max(1, records); self.bytes = max(1, bytes) }
    }

    /// What a drain returns.
    public struct Batch: Sendable, Equatable {
        /// The records, in firing order.
        public var records: [OutputRecord]
        /// Records dropped since the last drain because the cursor was full.
        public var dropped: Int
        /// A batch of `records` after `dropped` drops.
        public init(records: [OutputRecord], dropped: Int) { self.records = records; self.dropped = dropped }
    }

    private let id: UInt64
    private let collector: OutputCollector

    init(collector: OutputCollector, limits: Limits, unclaimedOutput: Bool) {
        self.collector = collector
        self.id = collector.routing.withLock { r in
            let id = r.nextID
            r.nextID += 1
            r.cursors[id] = OutputRouting.Queue(limits: limits, unclaimed: unclaimedOutput)
            return id
        }
    }

    deinit { close() }

    /// From now on the output of `program` goes to this cursor only (not to others, nor to `drainOutput()`).
    public func claim(_ program: String) {
        collector.routing.withLock { $0.claims[program] = id }
    }

    /// Forgets the claim on `program`, whichever cursor holds it (the program was deleted): its output goes to
    /// every consumer again.
    public func release(_ program: String) {
        collector.routing.withLock { _ = $0.claims.removeValue(forKey: program) }
    }

    /// Forgets every claim of this cursor; the programs it claimed, sorted.
    public func releaseAll() -> [String] {
        collector.routing.withLock { r in
            let mine = r.claims.filter { $0.value == id }.map(\.key).sorted()
            for name in mine { r.claims[name] = nil }
            return mine
        }
    }

    /// The programs this cursor claims, sorted.
    public var claimedPrograms: [String] {
        collector.routing.withLock { r in r.claims.filter { $0.value == id }.map(\.key).sorted() }
    }

    /// The records waiting for this cursor (collected from the threads' buffers now), up to about `limitBytes`
    /// (at least one record), and how many were dropped since the last drain.
    public func drain(limitBytes: Int = .max) -> Batch {
        collector.collect(ownDrain: false)
        return collector.routing.withLock { $0.take(cursor: id, limitBytes: limitBytes) }
    }

    /// Stops receiving output and forgets this cursor's claims (idempotent).
    public func close() {
        collector.routing.withLock { r in
            r.cursors[id] = nil
            r.claims = r.claims.filter { $0.value != id }
        }
    }
}
