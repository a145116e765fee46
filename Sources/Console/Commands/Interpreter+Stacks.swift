// Stack aggregations: `show @s --folded`, `show @s --tree`, `flamegraph @s FILE.svg`.
import Foundation
import TraceCore

/// How `show` prints a stack aggregation instead of its usual rows.
enum StackForm: Equatable {
    case folded
    /// A call tree `width` columns wide; nil: as wide as the console's window.
    case tree(width: Int?)

    var width: Int? { if case .tree(let w) = self { return w }; return nil }
}

extension Interpreter {
    static func treeWidth(_ word: String?) throws(CommandError) -> Int {
        guard let word, let n = Int(word), n >= 20, n <= 1000 else {
            throw CommandError("--width needs a number of columns from 20 to 1000, as in --width 120")
        }
        return n
    }

    /// Folded stacks or call trees of the named aggregations, each keyed by a stack.
    func stackOutput(_ shown: [ShownAggregation], _ form: StackForm) throws(CommandError) -> CommandResult {
        var out = ""
        let interruption = self.interruption
        let shouldStop = { interruption.isInterrupted }
        for a in shown {
            if shouldStop() { break }
            guard a.snapshot.keyTypes.contains(.stack) else {
                throw CommandError("@\(a.snapshot.name) has no ustack() key; --folded and --tree print stacks, as in @s[ustack()] = count()")
            }
            switch form {
            case .folded:
                out += StackText.folded(a.snapshot, shouldStop: shouldStop)
            case .tree(let width):
                if shown.count > 1 { out += "@\(a.snapshot.name):\n" }
                // Without --width the tree fits the window, as the views do (80 columns without a terminal).
                out += StackText.tree(a.snapshot, width: width ?? views.layout.columns, shouldStop: shouldStop)
            }
        }
        return CommandResult(output: out)
    }

    /// `flamegraph @AGG FILE.svg`: writes the SVG, says where.
    func flamegraph(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count == 2, Self.isAggregationWord(args[0]) else {
            throw CommandError("usage: flamegraph @AGG FILE.svg (an aggregation keyed by ustack(), and the file to write)")
        }
        let list = try allPrograms()
        let ref = try resolveAggregation(args[0], in: list)
        let s = try snapshot(ref)
        guard s.keyTypes.contains(.stack) else {
            throw CommandError("@\(s.name) has no ustack() key; a flame graph needs stacks, as in @s[ustack()] = count()")
        }
        let svg = FlameGraphSVG.svg(s, title: "\(ref.program).@\(ref.name)")
        let path = FileText.expand(args[1])
        try FileText.write(svg, to: path)
        let total = s.entries.reduce(Int64(0)) { $0 + AggregationFormatter.integerValue($1.value) }
        return .notice("wrote \(path): \(s.entries.count) stacks, \(total) samples")
    }
}
