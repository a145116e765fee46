// Plain-text forms of an aggregation snapshot: `show` / end of run (`text`), `printa` (`rows`), JSON (`json`,
// in AggregationFormatter+JSON.swift) and DTrace-layout histograms (AggregationFormatter+Histogram.swift).
// Rows are ordered by EntryOrder and laid out by TextTable. No terminal escapes; every line ends in "\n"
// and carries no trailing spaces.
//
// Blank lines: `text` returns one block with no leading or trailing blank line; a caller printing
// several aggregations separates the blocks with one blank line (`joinedBlocks`). Inside a block,
// the per-key histograms of a keyed histogram aggregation are separated by one blank line, as DTrace does.
import TraceCore

/// Formats aggregation snapshots as text and JSON.
public enum AggregationFormatter {
    /// `show`/end-of-run form: `@calls: 1234` for a scalar, else `@calls:` then the rows (see `rows`);
    /// histograms under the name (unkeyed) or under each key. Keyed rows are sorted ascending by value
    /// (descending if `descending`), ties by key ascending. `qualifiedProgram` writes the name `lat.@calls`.
    /// Rows stop once `shouldStop` says so (Ctrl-C during a long `show`).
    public static func text(_ snapshot: AggregationSnapshot, qualifiedProgram: String? = nil, descending: Bool = false,
                            shouldStop: () -> Bool = { false }) -> String {
        let title = displayName(snapshot, qualifiedProgram: qualifiedProgram)
        if snapshot.keyTypes.contains(.stack) && !snapshot.function.isHistogram {
            return "\(title):\n" + StackText.rows(snapshot, descending: descending, shouldStop: shouldStop)
        }
        if snapshot.keyTypes.isEmpty && !snapshot.function.isHistogram {
            guard let entry = snapshot.entries.first else { return "\(title):\n" }
            return "\(title): \(scalarText(entry.value))\n"
        }
        return "\(title):\n" + rows(snapshot, format: nil, descending: descending, shouldStop: shouldStop)
    }

    /// Several `text` blocks separated by one blank line, as `show` and the end of a run print them.
    public static func joinedBlocks(_ blocks: [String]) -> String {
        blocks.joined(separator: "\n")
    }

    /// `printa` form: the rows alone. With a format, each row is the format rendered with the key components
    /// as the leading conversions and the value at `%@` (`%@d` formats scalars as integers; a histogram is
    /// inserted as a newline and its lines). Without one: two spaces, the key columns left-aligned and
    /// separated by two spaces, then the value right-aligned; a histogram under a line of its key.
    public static func rows(_ snapshot: AggregationSnapshot, format: PrintfFormat? = nil) -> String {
        rows(snapshot, format: format, descending: false)
    }

    static func rows(_ snapshot: AggregationSnapshot, format: PrintfFormat?, descending: Bool,
                     shouldStop: () -> Bool = { false }) -> String {
        let entries = EntryOrder.sorted(snapshot.entries, order: snapshot.order, descending: descending)
        if let format {
            var out = ""
            for entry in entries {
                if shouldStop() { break }
                let keys = entry.key
                switch entry.value {
                case .histogram(let h):
                    var text = histogram(h)
                    text.removeLast()
                    out += format.render(keys, aggregation: .text("\n" + text))
                default:
                    out += format.render(keys, aggregation: .integer(integerValue(entry.value)))
                }
            }
            return out
        }
        if snapshot.function.isHistogram {
            var blocks: [String] = []
            for entry in entries {
                if shouldStop() { break }
                guard case .histogram(let h) = entry.value else { continue }
                let keyLine = entry.key.isEmpty ? "" : "  " + entry.key.map(\.description).joined(separator: "  ") + "\n"
                blocks.append(keyLine + histogram(h))
            }
            return blocks.joined(separator: "\n")
        }
        return TextTable.keyValueRows(entries.map { (keys: $0.key.map(\.description), value: scalarText($0.value)) },
                                      shouldStop: shouldStop)
    }

    // MARK: - Shared pieces

    /// `@name`, `@` for the anonymous aggregation, `program.@name` when qualified.
    static func displayName(_ snapshot: AggregationSnapshot, qualifiedProgram: String?) -> String {
        (qualifiedProgram.map { "\($0)." } ?? "") + "@" + snapshot.name
    }

    /// A scalar value as printed: integers; avg and stddev as DTrace prints them, truncated to an integer.
    static func scalarText(_ value: AggregationValue) -> String {
        if case .histogram(let h) = value { return String(h.total) }
        return String(integerValue(value))
    }

    /// The integer DTrace prints for a value: avg = sum / count (truncated), stddev as DTrace computes it (StandardDeviation), histograms their total.
    public static func integerValue(_ value: AggregationValue) -> Int64 {
        switch value {
        case .scalar(let v): return v
        case .average(let c, let s): return c == 0 ? 0 : s / c
        case .deviation, .histogram: return value.printedInteger
        }
    }
}
