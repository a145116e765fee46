// Who receives which trace output. Each record drained from the threads' buffers goes to its consumers:
//   - a program a cursor claims (an attached console's own program): to that cursor only;
//   - any other program: to every open cursor, and to the runtime's own consumer (`drainOutput()`, the
//     co-hosted console) — which, while cursors are open, keeps what others' drains routed to it only if it
//     drained in the last few seconds, and at most `ownLimit` records (more are dropped and reported).
// Each cursor holds at most its limits of records and bytes: a consumer that stops draining loses its own
// output, counted, and never holds back anyone else's or a traced thread.

/// What waits for each consumer, and which cursor claims which program. Used under OutputCollector's lock.
struct OutputRouting {
    /// What waits for one cursor.
    struct Queue {
        let limits: OutputCursor.Limits
        /// Whether the programs nobody claims come to this cursor too.
        let unclaimed: Bool
        var records: [OutputRecord] = []
        var bytes = 0
        var dropped = 0

        mutating func append(_ record: OutputRecord) {
            let size = OutputRouting.estimatedBytes(record)
            if records.count >= limits.records || bytes + size > limits.bytes {
                dropped += 1
            } else {
                records.append(record)
                bytes += size
            }
        }
    }

    var cursors: [UInt64: Queue] = [:]
    var claims: [String: UInt64] = [:]
    var nextID: UInt64 = 1
    /// The runtime's own consumer's records.
    var own: [OutputRecord] = []
    var ownDropped = 0
    var lastOwnDrain: ContinuousClock.Instant?
    /// The most records kept for the runtime's own consumer between its drains while cursors are open.
    static let ownLimit = 20_000

    /// Hands each record to its consumers. `ownDrain`: the runtime's own consumer is draining now.
    mutating func route(_ records: [OutputRecord], ownDrain: Bool, now: ContinuousClock.Instant) {
        let recent = lastOwnDrain.map { now - $0 < .seconds(5) } ?? false
        let keepAllOwn = ownDrain || cursors.isEmpty
        for record in records {
            if let owner = claims[record.program] {
                cursors[owner]?.append(record)
                continue
            }
            for (id, queue) in cursors where queue.unclaimed { cursors[id]?.append(record) }
            if keepAllOwn {
                own.append(record)
            } else if recent {
                if own.count < Self.ownLimit { own.append(record) } else { ownDropped += 1 }
            }
        }
    }

    /// Everything waiting for the runtime's own consumer, in firing order, with a drop report if some was dropped.
    mutating func takeOwn(now: ContinuousClock.Instant) -> [OutputRecord] {
        lastOwnDrain = now
        var out = own.sorted { $0.ticks < $1.ticks }
        own.removeAll()
        if ownDropped > 0 {
            let n = ownDropped
            out.append(OutputRecord(program: "", kind: .error("\(n) output record\(n == 1 ? "" : "s") dropped while consoles were attached"),
                                    ticks: out.last?.ticks ?? 0))
            ownDropped = 0
        }
        return out
    }

    /// What waits for the runtime's own consumer from one program, in firing order; the rest keeps waiting.
    mutating func takeOwn(program: String, now: ContinuousClock.Instant) -> [OutputRecord] {
        lastOwnDrain = now
        let mine = own.filter { $0.program == program }
        own.removeAll { $0.program == program }
        return mine.sorted { $0.ticks < $1.ticks }
    }

    /// Up to about `limitBytes` of a cursor's records (always at least one), oldest first, and the count
    /// dropped since its last take.
    mutating func take(cursor id: UInt64, limitBytes: Int) -> OutputCursor.Batch {
        guard var queue = cursors[id] else { return OutputCursor.Batch(records: [], dropped: 0) }
        var count = 0
        var size = 0
        while count < queue.records.count {
            let s = Self.estimatedBytes(queue.records[count])
            if count > 0 && size + s > limitBytes { break }
            size += s
            count += 1
        }
        let batch = OutputCursor.Batch(records: Array(queue.records.prefix(count)), dropped: queue.dropped)
        queue.records.removeFirst(count)
        queue.bytes -= size
        queue.dropped = 0
        cursors[id] = queue
        return batch
    }

    /// A rough size of a record once encoded for a console.
    static func estimatedBytes(_ record: OutputRecord) -> Int {
        switch record.kind {
        case .text(let s), .error(let s), .overBudget(let s): return 64 + s.utf8.count + record.program.utf8.count
        case .exited: return 64
        case .aggregation(let snapshot, _, _): return 256 + snapshot.entries.count * 96
        }
    }
}
