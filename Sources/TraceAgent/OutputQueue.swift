// One connection's trace output waiting to be read. Bounded by records and by approximate bytes: when the
// console stops reading, new output for it is dropped and counted — never blocking the router, let alone a
// traced thread — and the next drain reports the count.
import Foundation

/// A bounded queue of trace output for one connection.
final class OutputQueue: @unchecked Sendable {   // the mutable state is touched only with `lock` held
    private let lock = NSLock()
    private var records: [TraceOutput] = []
    private var bytes = 0
    private var dropped = 0
    private let maximumRecords: Int
    private let maximumBytes: Int

    /// A queue holding at most `maximumRecords` records and about `maximumBytes` bytes.
    init(maximumRecords: Int, maximumBytes: Int) {
        self.maximumRecords = max(1, maximumRecords)
        self.maximumBytes = max(1, maximumBytes)
    }

    /// Adds records, dropping (and counting) those that do not fit.
    func append(_ new: [TraceOutput]) {
        lock.lock(); defer { lock.unlock() }
        for record in new {
            let size = Self.estimatedBytes(record)
            if records.count >= maximumRecords || bytes + size > maximumBytes {
                dropped += 1
            } else {
                records.append(record)
                bytes += size
            }
        }
    }

    /// Takes up to `limitBytes` of the queued records, oldest first, and a drop report if any were dropped
    /// since the last take.
    func take(limitBytes: Int) -> [TraceOutput] {
        lock.lock(); defer { lock.unlock() }
        var count = 0
        var size = 0
        while count < records.count {
            let s = Self.estimatedBytes(records[count])
            if count > 0 && size + s > limitBytes { break }
            size += s
            count += 1
        }
        var out = Array(records.prefix(count))
        records.removeFirst(count)
        bytes -= size
        if dropped > 0 {
            out.append(TraceOutput(program: "", kind: .error(
                "\(AgentText.plural(dropped, "output record")) dropped: this console was not reading fast enough")))
            dropped = 0
        }
        return out
    }

    /// Records waiting and drops not yet reported (tests).
    var counts: (queued: Int, dropped: Int) {
        lock.lock(); defer { lock.unlock() }
        return (records.count, dropped)
    }

    /// A rough size of a record on the wire.
    static func estimatedBytes(_ record: TraceOutput) -> Int {
        switch record.kind {
        case .text(let s), .error(let s), .overBudget(let s): return 64 + s.utf8.count + record.program.utf8.count
        case .exited: return 64
        case .aggregation(let wire, _, _): return 256 + wire.snapshot.entries.count * 96
        }
    }
}
