// The order DTrace lists an aggregation's rows in, as its program's `#pragma D option aggsort…` lines set it:
// by value, smallest first, ties by key (the default); `aggsortkey` by key, ties by value; `aggsortkeypos=N`
// compares keys from their N-th component (0-based; the others follow, wrapping round); `aggsortpos=N` sorts
// a joined printa by its N-th aggregation's value (the others break ties, wrapping round); `aggsortrev`
// reverses the whole order, ties included. printa, `show` and the end of a run all order rows so.

/// How a program's aggregation rows are ordered.
public struct AggregationOrder: Sendable, Hashable, Codable {
    /// Keys first (`aggsortkey`), else values first.
    public var byKey: Bool
    /// The whole order reversed (`aggsortrev`).
    public var reversed: Bool
    /// The key component compared first (`aggsortkeypos`).
    public var keyPosition: Int
    /// The aggregation of a joined printa whose value is compared first (`aggsortpos`).
    public var valuePosition: Int

    /// Creates an order.
    public init(byKey: Bool = false, reversed: Bool = false, keyPosition: Int = 0, valuePosition: Int = 0) {
        self.byKey = byKey; self.reversed = reversed; self.keyPosition = keyPosition; self.valuePosition = valuePosition
    }

    /// DTrace's default: by value ascending, ties by key ascending.
    public static let byValue = AggregationOrder()

    /// The order a program's `#pragma D option` lines set.
    public init(options: [ProgramOption]) {
        self.init()
        for option in options {
            switch option.name {
            case "aggsortkey": byKey = true
            case "aggsortrev": reversed = true
            case "aggsortkeypos": keyPosition = option.value.flatMap { Int($0) } ?? 0
            case "aggsortpos": valuePosition = option.value.flatMap { Int($0) } ?? 0
            default: break
            }
        }
    }

    /// Whether row `a` comes before row `b`: `values` are the rows' values (one per joined aggregation),
    /// compared from `valuePosition`; keys from `keyPosition`.
    public func precedes<V: Comparable>(key a: [KeyComponent], values va: [V], key b: [KeyComponent], values vb: [V]) -> Bool {
        let valueOrder = Self.compare(va, vb, from: valuePosition)
        let keyOrder = Self.compare(a, b, from: keyPosition)
        let first = byKey ? keyOrder : valueOrder, second = byKey ? valueOrder : keyOrder
        let c = first != 0 ? first : second
        return reversed ? c > 0 : c < 0
    }

    /// -1, 0 or 1: `a` and `b` compared element by element from `start` (0 if out of range), wrapping round.
    static func compare<T: Comparable>(_ a: [T], _ b: [T], from start: Int) -> Int {
        let n = min(a.count, b.count)
        let s = start >= 0 && start < n ? start : 0
        for i in 0..<n {
            let x = a[(s + i) % n], y = b[(s + i) % n]
            if x < y { return -1 }
            if y < x { return 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}

extension ProgramSpec {
    /// The order its `#pragma D option aggsort…` lines give its aggregations' rows.
    public var aggregationOrder: AggregationOrder { AggregationOrder(options: options) }
}
