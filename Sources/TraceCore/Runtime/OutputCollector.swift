import CTraceCore
import Synchronization
import TraceSystem

/// Collects what clauses print: trace records from every thread's ring, plus the rarer, larger
/// records (printa snapshots, errors) from a locked queue; formats them off the hot path, and hands each
/// record to its consumers (OutputRouting.swift): the runtime's own (`drain()`) and every open OutputCursor.
final class OutputCollector: @unchecked Sendable {   // every mutable table is behind a Lock; each ring has one writer and one (locked) reader
    static let shared = OutputCollector()

    /// A printf/trace site registered at definition time.
    struct FormatEntry {
        let program: String
        /// The printf format text, or nil for `trace(expr)`.
        let format: String?
        /// The format parsed once, at registration.
        let parsed: PrintfFormat?

        init(program: String, format: String?) {
            self.program = program
            self.format = format
            self.parsed = format.flatMap { try? PrintfFormat.parse($0) }
        }
    }

    let rings = PerThreadSlots<TraceRing>()
    /// Rings replaced after a buffer-size change, drained once more and then freed.
    private let retired = Lock<[TraceRing]>([])
    /// Formats by id, and the ids of freed programs' formats, removed after the next full drain.
    private let formats = Lock<(entries: [Int64: FormatEntry], next: Int64, retiring: [Int64])>(([:], 0, []))
    /// Retired rings above this many are drained by the exiting thread itself, so they stay bounded.
    static let retiredRingLimit = 64
    private let queue = Lock<[OutputRecord]>([])
    /// Serializes collecting and routing, so records reach each consumer in firing order.
    private let drainLock = Lock(())
    /// Who gets which records, and what waits for each consumer.
    let routing = Lock(OutputRouting())

    static let kindText: Int64 = 1

    /// Registers a printf format (or a trace with nil) and returns its id.
    func register(_ entry: FormatEntry) -> Int64 {
        formats.withLock { f in
            let id = f.next
            f.next += 1
            f.entries[id] = entry
            return id
        }
    }

    /// Forgets formats of a freed program once the records already written with them are drained.
    func retireFormats(_ ids: [Int64]) {
        guard !ids.isEmpty else { return }
        formats.withLock { $0.retiring.append(contentsOf: ids) }
    }

    /// Formats registered now (for tests of memory that comes back).
    var formatCount: Int { formats.withLock { $0.entries.count } }

    /// The thread at `index` exited: its ring is freed now if empty, else once drained.
    func threadExited(_ index: Int) {
        drainLock.withLock { _ in
            guard let ring = rings.take(at: index) else { return }
            if ring.isEmpty { return }
            let count = retired.withLock { r in
                r.append(ring)
                return r.count
            }
            if count > Self.retiredRingLimit {
                let fresh = drainRings()
                if !fresh.isEmpty { routing.withLock { $0.route(fresh, ownDrain: false, now: .now) } }
            }
        }
    }

    /// Runs `body` with the calling thread's ring, created with the current buffer size on first use.
    @inline(__always)
    func withRing<R>(_ t: UnsafeMutablePointer<trace_thread>, _ body: (TraceRing) -> R) -> R {
        let index = Int(t.pointee.index)
        if let p = rings.ownBlock(index) {
            let ring = Unmanaged<TraceRing>.fromOpaque(p)
            if _fastPath(ring._withUnsafeGuaranteedRef { $0.epoch } == trace_buffer_epoch_load()) {
                return ring._withUnsafeGuaranteedRef { body($0) }
            }
        }
        return body(makeRing(index))
    }

    @inline(never)
    private func makeRing(_ index: Int) -> TraceRing {
        // Over the memory budget a thread gets a minimal ring: its records are dropped and counted.
        let bytes = TraceLimits.get().traceBufferBytes
        let fits = MemoryBudget.charge(bytes)
        let r = TraceRing(bytes: fits ? bytes : 64, epoch: trace_buffer_epoch_load(), chargedBytes: fits ? bytes : 0)
        if let old = rings.replace(r, at: index) { retired.withLock { $0.append(old) } }
        return r
    }

    /// Queues a record that does not go through a ring.
    func enqueue(_ record: OutputRecord) {
        queue.withLock { $0.append(record) }
    }

    /// The runtime's own consumer (a co-hosted console, tests): everything printed since its last drain but
    /// the output of programs a cursor claims, in firing order.
    func drain() -> [OutputRecord] {
        collect(ownDrain: true)
        return routing.withLock { $0.takeOwn(now: .now) }
    }

    /// What one program printed since the last drain, for the runtime's own consumer; other programs' records
    /// wait for `drain()`.
    func drain(program: String) -> [OutputRecord] {
        collect(ownDrain: true)
        return routing.withLock { $0.takeOwn(program: program, now: .now) }
    }

    /// Drains the rings and routes what they held; `ownDrain`: the runtime's own consumer is draining now.
    func collect(ownDrain: Bool) {
        drainLock.withLock { _ in
            let fresh = drainRings()
            guard !fresh.isEmpty else { return }
            routing.withLock { $0.route(fresh, ownDrain: ownDrain, now: .now) }
        }
    }

    /// Everything in the queue and the rings, in firing order. Under `drainLock`.
    private func drainRings() -> [OutputRecord] {
        var out = queue.withLock { q in
            let r = q
            q.removeAll()
            return r
        }
        let (formatTable, retiring) = formats.withLock { f in
            let r = f.retiring
            f.retiring.removeAll()
            return (f.entries, r)
        }
        defer { formats.withLock { f in for id in retiring { f.entries[id] = nil } } }
        let oldRings = retired.withLock { r in
            let list = r
            r.removeAll()
            return list
        }
        for ring in oldRings + rings.allBlocks() {
            ring.drain { read, start, end in
                var p = start
                while p < end {
                    let header = read(p)
                    let length = Int64(Int32(truncatingIfNeeded: header & 0xFFFF_FFFF))
                    guard length >= 4, p + length <= end else { break }
                    let formatID = Int(read(p + 1))
                    let ticks = UInt64(bitPattern: read(p + 2))
                    let count = Int(read(p + 3))
                    var values: [TraceValue] = []
                    var q = p + 4
                    for _ in 0..<count where q < p + length {
                        let tag = read(q)
                        if tag == 0 {
                            values.append(.int(read(q + 1)))
                            q += 2
                        } else if let (value, words) = StackRecords.value(tag, read, at: q) {
                            values.append(value)
                            q += words
                        } else {
                            let byteCount = Int(read(q + 1))
                            let wordCount = (byteCount + 7) / 8
                            var bytes = [UInt8]()
                            bytes.reserveCapacity(wordCount * 8)
                            for w in 0..<Int64(wordCount) {
                                withUnsafeBytes(of: read(q + 2 + w).littleEndian) { bytes.append(contentsOf: $0) }
                            }
                            values.append(.string(String(decoding: bytes.prefix(byteCount), as: UTF8.self)))
                            q += 2 + Int64(wordCount)
                        }
                    }
                    if let entry = formatTable[Int64(formatID)] {
                        out.append(OutputRecord(program: entry.program, kind: .text(OutputCollector.render(entry, values)), ticks: ticks))
                    }
                    p += length
                }
            }
        }
        out.sort { $0.ticks < $1.ticks }
        return out
    }

    static func render(_ entry: FormatEntry, _ values: [TraceValue]) -> String {
        // `trace(x)` prints the value alone, as DTrace's quiet mode does: no separator, no newline.
        guard let format = entry.format else {
            if case .stack(let frames)? = values.first { return PrintfFormat.stackText(frames) }
            return values.first?.description ?? ""
        }
        return entry.parsed?.render(values) ?? format
    }
}
