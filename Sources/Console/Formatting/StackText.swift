// Aggregations keyed by stacks, as people read them: DTrace's layout (one frame per line, indented, the
// value below), folded stacks (`a;b;c 123`, the input of flamegraph.pl and speedscope), and a top-down
// call tree with percentages. Frames arrive innermost first, each `module`function+0xoffset`.
import Foundation
import Terminal
import TraceCore

/// Text forms of stack-keyed aggregations.
public enum StackText {
    /// Columns of indentation before each frame, as DTrace prints stacks.
    static let frameIndent = 14

    /// `show` form: per row, the non-stack key components on a line, the frames one per line, the value
    /// right-aligned below; rows separated by a blank line, smallest first (largest first if `descending`); rows
    /// stop once `shouldStop` says so (Ctrl-C).
    public static func rows(_ snapshot: AggregationSnapshot, descending: Bool, shouldStop: () -> Bool = { false }) -> String {
        let entries = EntryOrder.sorted(snapshot.entries, order: snapshot.order, descending: descending)
        let pad = String(repeating: " ", count: frameIndent)
        var blocks: [String] = []
        for entry in entries {
            if shouldStop() { break }
            var out = ""
            let others = entry.key.filter { if case .stack = $0 { return false }; return true }
            if !others.isEmpty { out += "  " + others.map(\.description).joined(separator: "  ") + "\n" }
            for component in entry.key {
                guard case .stack(let frames) = component else { continue }
                if frames.isEmpty { out += pad + "(no frames)\n" }
                for f in frames { out += pad + f + "\n" }
            }
            let value = AggregationFormatter.scalarText(entry.value)
            out += String(repeating: " ", count: max(1, frameIndent + 3 - value.count)) + value + "\n"
            blocks.append(out)
        }
        return blocks.joined(separator: "\n")
    }

    /// A key component on one line (the watch view): a stack as its functions, innermost first, joined by ` ← `.
    static func oneLine(_ component: KeyComponent) -> String {
        guard case .stack(let frames) = component else { return component.description }
        return frames.isEmpty ? "(no frames)" : frames.map(function).joined(separator: " ← ")
    }

    /// A frame without its offset (`module`function`): the unit folded stacks and flame graphs merge on.
    static func function(_ frame: String) -> String {
        guard let plus = frame.range(of: "+0x", options: .backwards) else { return frame }
        return String(frame[..<plus.lowerBound])
    }

    /// The module of a frame (the part before the backtick).
    static func module(_ frame: String) -> String {
        guard let tick = frame.firstIndex(of: "`") else { return frame }
        return String(frame[..<tick])
    }

    /// Each row as (outermost-first function names, weight); rows with the same path merged; rows stop once
    /// `shouldStop` says so (Ctrl-C).
    static func paths(_ snapshot: AggregationSnapshot, shouldStop: () -> Bool = { false }) -> [(path: [String], weight: Int64)] {
        var merged: [[String]: Int64] = [:]
        var order: [[String]] = []
        for entry in snapshot.entries {
            if shouldStop() { break }
            var path: [String] = []
            for component in entry.key {
                switch component {
                case .stack(let frames): path += frames.reversed().map(function)
                default: path.insert(component.description, at: 0)
                }
            }
            let w = AggregationFormatter.integerValue(entry.value)
            if merged[path] == nil { order.append(path) }
            merged[path, default: 0] += w
        }
        return order.sorted { $0.lexicographicallyPrecedes($1) }.map { ($0, merged[$0]!) }
    }

    /// Folded stacks: `outer;…;inner weight` per line, sorted by path (cut short once `shouldStop` says so).
    public static func folded(_ snapshot: AggregationSnapshot, shouldStop: () -> Bool = { false }) -> String {
        paths(snapshot, shouldStop: shouldStop).map { row in
            row.path.map { $0.replacingOccurrences(of: ";", with: ":") }.joined(separator: ";") + " \(row.weight)\n"
        }.joined()
    }

    /// A node of the merged call tree.
    final class Node {
        let name: String
        var total: Int64 = 0
        var children: [String: Node] = [:]
        var order: [String] = []
        init(_ name: String) { self.name = name }

        func child(_ name: String) -> Node {
            if let c = children[name] { return c }
            let c = Node(name)
            children[name] = c
            order.append(name)
            return c
        }

        /// Children, heaviest first (then by name).
        var sortedChildren: [Node] {
            order.compactMap { children[$0] }.sorted { $0.total != $1.total ? $0.total > $1.total : $0.name < $1.name }
        }
    }

    /// The call tree of all rows: the root's total is every row's weight (of the rows made before `shouldStop`).
    static func tree(_ snapshot: AggregationSnapshot, shouldStop: () -> Bool = { false }) -> Node {
        let root = Node("all")
        for row in paths(snapshot, shouldStop: shouldStop) {
            root.total += row.weight
            var node = root
            for name in row.path {
                node = node.child(name)
                node.total += row.weight
            }
        }
        return root
    }

    /// Top-down call tree: one function per line, indented by depth, with its share of all samples,
    /// each line cut to `width` columns; branches under `minimumPercent` are left out. Cut short once
    /// `shouldStop` says so (Ctrl-C).
    public static func tree(_ snapshot: AggregationSnapshot, width: Int, minimumPercent: Double = 0.5,
                            shouldStop: () -> Bool = { false }) -> String {
        let root = tree(snapshot, shouldStop: shouldStop)
        guard root.total > 0 else { return "(no samples)\n" }
        var out = ""
        func visit(_ node: Node, depth: Int) {
            for child in node.sortedChildren {
                let percent = Double(child.total) * 100 / Double(root.total)
                if percent < minimumPercent { continue }
                let share = String(format: "%5.1f%%", percent)
                let line = share + " " + String(repeating: "  ", count: depth) + child.name
                out += DisplayWidth.truncate(line, to: width) + "\n"
                visit(child, depth: depth + 1)
            }
        }
        visit(root, depth: 0)
        return out
    }
}
