// `snapshot @agg as NAME` keeps a copy of an aggregation in the console; `diff A B` compares two of them —
// each a live aggregation (@name, program.@name) or a snapshot's NAME. A snapshot compared with a live
// aggregation is the baseline ("before"), whichever comes first; otherwise A is. Copies live in the
// console, so a diff works across a redefinition or a delete of the program.
import Foundation
import TraceCore
import TraceAgent

extension Interpreter {
    /// `snapshot @AGG as NAME`, or `snapshot` alone: the saved names.
    func takeSnapshot(_ args: [String]) throws(CommandError) -> CommandResult {
        if args.isEmpty {
            let names = views.savedNames
            return names.isEmpty ? .notice("no snapshots (snapshot @AGG as NAME takes one)") : CommandResult(output: names.map { $0 + "\n" }.joined())
        }
        guard args.count == 3, args[1] == "as" else { throw usage("snapshot") }
        let name = args[2]
        guard !Self.isAggregationWord(name), name.first.map({ $0.isLetter || $0 == "_" }) == true,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw CommandError("invalid snapshot name '\(name)' (a letter, then letters, digits, _ or -)")
        }
        let list = try allPrograms()
        let ref = try resolveAggregation(args[0], in: list)
        let s = try snapshot(ref)
        let replaced = views.saved(name) != nil
        views.save(s, as: name)
        let what = s.function.isHistogram ? "\(Self.plural(Int(HistogramDiff.merged(s)?.total ?? 0), "value"))"
            : s.keyTypes.isEmpty ? "value \(s.entries.first.map { AggregationFormatter.integerValue($0.value) } ?? 0)"
            : Self.plural(s.entries.count, "key")
        return .notice("\(Self.displayName(ref, shared: Self.sharedNames(list))) \(replaced ? "saved again" : "saved") as snapshot '\(name)' (\(what))")
    }

    /// `diff A B [--json]`.
    func diff(_ args: [String]) throws(CommandError) -> CommandResult {
        let json = args.contains("--json")
        let words = args.filter { $0 != "--json" }
        guard words.count == 2 else { throw CommandError("usage: diff A B [--json] (each A, B a snapshot NAME or an aggregation @name: diff @lat before)") }
        let list = try allPrograms()
        let shared = Self.sharedNames(list)
        func side(_ word: String) throws(CommandError) -> (snapshot: AggregationSnapshot, label: String, saved: Bool) {
            if Self.isAggregationWord(word) {
                let ref = try resolveAggregation(word, in: list)
                return (try snapshot(ref), Self.displayName(ref, shared: shared) + " now", false)
            }
            guard let saved = views.saved(word) else {
                let names = views.savedNames
                throw CommandError("no snapshot named '\(word)'" + (names.isEmpty ? " (snapshot @AGG as NAME takes one)"
                                   : Self.didYouMean(EditDistance.nearest(to: word, among: names))))
            }
            return (saved.snapshot, "snapshot '\(word)'", true)
        }
        var before = try side(words[0]), after = try side(words[1])
        if after.saved && !before.saved { swap(&before, &after) }
        guard before.snapshot.function == after.snapshot.function, before.snapshot.keyTypes == after.snapshot.keyTypes else {
            throw CommandError("cannot compare \(before.label) (\(shape(before.snapshot))) with \(after.label) (\(shape(after.snapshot))): "
                               + "they need the same function and keys")
        }
        if json {
            return CommandResult(output: HistogramDiff.json(before: before.snapshot, after: after.snapshot,
                                                            beforeLabel: before.label, afterLabel: after.label) + "\n")
        }
        let name = "@" + after.snapshot.name
        let title = "\(name): \(before.label) → \(after.label)"
        return CommandResult(output: HistogramDiff.text(before: before.snapshot, after: after.snapshot, title: title,
                                                        beforeLabel: before.label, afterLabel: after.label))
    }

    private func shape(_ s: AggregationSnapshot) -> String {
        s.function.name + (s.keyTypes.isEmpty ? "" : ", \(Self.plural(s.keyTypes.count, "key"))")
    }
}
