// The order rows are shown in: by value (`sortWeight`), ties by key (`sorted`, which AggregationFormatter and
// LiveViewRenderer use), or the snapshot's `order` where its program set one with `#pragma D option aggsort…`
// (printa, `show`, the end of a run), and a fast pre-sort into the same order (`presorted`). `sorted` computes each value's
// weight and compares keys as Swift Strings (Unicode-normalized, ~100 ns a pair) on every comparison, 1.7 ms
// for 1 000 keys with equal values. `presorted` computes each row's weight once and encodes its key once into
// bytes that sort as the key does (integers big-endian with the sign flipped, strings as UTF-8), so a
// comparison is a memcmp; `sorted` (stable, run-detecting) then finds the rows already in order in n
// comparisons. Where UTF-8 byte order and String order differ (text that is not in normalized form) `sorted`
// still decides, so the output is the same.
import Glibc
import TraceCore

/// The display order of aggregation rows.
enum EntryOrder {
    /// Rows sorted by value (`sortWeight`), ascending or descending, ties by key ascending.
    static func sorted(_ entries: [AggregationEntry], descending: Bool) -> [AggregationEntry] {
        sorted(entries, order: .byValue, descending: descending)
    }

    /// Rows in `order` (a program's `#pragma D option aggsort…`); `descending` (`show … desc`) reverses it. The
    /// default order is `sorted(_:descending:)`'s: by value, ties by key ascending.
    static func sorted(_ entries: [AggregationEntry], order: AggregationOrder, descending: Bool) -> [AggregationEntry] {
        if order != .byValue {
            var o = order
            if descending { o.reversed.toggle() }
            return entries.sorted { a, b in o.precedes(key: a.key, values: [a.value.sortWeight], key: b.key, values: [b.value.sortWeight]) }
        }
        return entries.sorted { a, b in
            let wa = a.value.sortWeight, wb = b.value.sortWeight
            if wa != wb { return descending ? wa > wb : wa < wb }
            return a.key.lexicographicallyPrecedes(b.key)
        }
    }

    /// The snapshot with its entries sorted by value (ascending, or descending), ties by key ascending; or in
    /// the snapshot's own `order` where its program set one.
    static func presorted(_ snapshot: AggregationSnapshot, descending: Bool) -> AggregationSnapshot {
        let entries = snapshot.entries
        guard entries.count > 1 else { return snapshot }
        if snapshot.order != .byValue {
            var s = snapshot
            s.entries = sorted(entries, order: snapshot.order, descending: descending)
            return s
        }
        let weights = entries.map(\.value.sortWeight)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 16)
        var starts: [Int] = []
        var lengths: [Int] = []
        starts.reserveCapacity(entries.count)
        lengths.reserveCapacity(entries.count)
        for e in entries {
            let start = bytes.count
            encode(e.key, into: &bytes)
            starts.append(start)
            lengths.append(bytes.count - start)
        }
        var order = Array(entries.indices)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            order.sort { i, j in
                let wi = weights[i], wj = weights[j]
                if wi != wj { return descending ? wi > wj : wi < wj }
                let li = lengths[i], lj = lengths[j]
                let c = memcmp(base + starts[i], base + starts[j], min(li, lj))
                return c != 0 ? c < 0 : li < lj
            }
        }
        var s = snapshot
        s.entries = order.map { entries[$0] }
        return s
    }

    /// Bytes that compare (memcmp, then length) in `KeyComponent` order: integers before strings, integers
    /// numerically, strings by UTF-8 bytes (NUL escaped so that a string's end sorts before any byte).
    static func encode(_ key: [KeyComponent], into bytes: inout [UInt8]) {
        for component in key {
            switch component {
            case .int(let v):
                bytes.append(0)
                let u = UInt64(bitPattern: v) ^ (1 << 63)
                for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: u >> UInt64(shift))) }
            case .string(let s):
                bytes.append(1)
                for b in s.utf8 {
                    bytes.append(b)
                    if b == 0 { bytes.append(0xFF) }
                }
                bytes.append(0)
                bytes.append(0)
            case .stack(let frames):
                bytes.append(2)
                for f in frames {
                    for b in f.utf8 {
                        bytes.append(b)
                        if b == 0 { bytes.append(0xFF) }
                    }
                    bytes.append(0)
                    bytes.append(1)
                }
                bytes.append(0)
                bytes.append(0)
            }
        }
    }
}
