// `printa(format, @a, @b, …)`: the aggregations are joined by key, so they must have the same key types;
// their values print through `%@` conversions, so histograms cannot take part. Checked once every clause
// is, since an aggregation may be first assigned further down.

extension Checker {
    /// Reports a join whose aggregations cannot be printed together.
    mutating func checkPrintaJoin(_ slots: [Int], _ locations: [SourceLocation]) {
        guard let first = slots.first.flatMap({ aggregations[$0] }) else { return }
        for (slot, location) in zip(slots, locations) {
            guard let declaration = aggregations[slot] else { continue }
            if declaration.function.isHistogram {
                sink.report(location, "'\(Checker.display(declaration.name))' is a histogram; printa() joins only aggregations with one value per key (print it alone with printa(\(Checker.display(declaration.name))))")
                return
            }
            if declaration.keyTypes != first.keyTypes {
                sink.report(location, "printa() joins aggregations by key, but '\(Checker.display(declaration.name))' has keys (\(Checker.keyList(declaration.keyTypes))) and '\(Checker.display(first.name))' has (\(Checker.keyList(first.keyTypes)))")
                return
            }
        }
    }

    static func keyList(_ types: [ValueType]) -> String {
        types.isEmpty ? "none" : types.map(\.rawValue).joined(separator: ", ")
    }
}
