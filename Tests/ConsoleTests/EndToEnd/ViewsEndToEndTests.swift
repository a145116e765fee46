// The views on a pseudo-terminal, read from the screen: a heatmap whose columns scroll left as intervals
// pass and that reflows when the window narrows; sparklines that grow one glyph per interval; `delta`
// values that fall to 0 when the load stops; a diff of two known histograms across a redefinition.
// Intervals are driven by waiting for what the screen shows (the heatmap's interval count, a sparkline's
// length), never by sleeping.
import Foundation
import Glibc
import TestSupport
import Testing
import TraceCore
@testable import Console
import TraceAgent
import TraceSystem

enum ViewProbes {
    static let provider = TraceProvider("civ")
    static let op = provider.event("svc", "op", "done", ("v", Int.self))
    static func declare() { _ = op }
}

/// The console on a pty (plain glyphs: digits for the heatmap, `_.:-=+*#` for sparklines) and a service
/// thread firing `civ:svc:op:done(v)` with the value the test sets (0: the service pauses).
final class ViewsOnPTY: Sendable {
    private let console: ConsoleOnPTY
    private let value: Lock<Int>

    init(rows: Int = 34, columns: Int = 100, colors: Bool = false) throws {
        ViewProbes.declare()
        let value = Lock(0)
        self.value = value
        console = try ConsoleOnPTY(rows: rows, columns: columns, backend: ScopedBackend(prefix: "civ_", provider: "civ"), pause: 300,
                               colors: colors) {
            let v = value.withLock { $0 }
            if v != 0 { ViewProbes.op.fire(v) }
        }
    }

    /// The pseudo-terminal the console runs on.
    var pty: PseudoTerminal { console.pty }

    /// What the service fires from now on (0: nothing).
    func fire(_ v: Int) { value.withLock { $0 = v } }

    /// Runs a command and waits for the prompt to come back empty.
    func run(_ command: String, answer: String) throws {
        try pty.send(command + "\r")
        try pty.waitFor("'\(answer)' after '\(command)'") { s in s.lines.contains { $0.hasPrefix(answer) } && s.cursorLine == "trace>" }
    }

    /// At the prompt: the service fires 100s, `program` quantizes them as @v, and `watch @v as heatmap every
    /// 100ms` shows them in the 64 row for at least two intervals.
    func watchAHeatmapOf100s(program: String) throws {
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" }
        fire(100)
        try run("program \(program) { civ:svc:op:done { @v = quantize(v); } }", answer: "program '\(program)' enabled")
        try pty.send("watch @v as heatmap every 100ms\r")
        try pty.waitFor("values of 100 in the 64 row") { s in (heatmapIntervals(on: s) ?? 0) >= 2 && heatmapCells("64", on: s) != nil }
    }

    /// Ends the service and the console.
    func close() { console.close() }
}

/// The heatmap row of `label` on the screen: the cells after `|` (nil when the row is not shown).
func heatmapCells(_ label: String, on screen: ScreenModel) -> (firstColumn: Int, text: String)? {
    guard let line = screen.lines.first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " |") }),
          let bar = line.firstIndex(of: "|") else { return nil }
    let cells = String(line[line.index(after: bar)...])
    guard let first = cells.firstIndex(where: { $0 != " " }) else { return nil }
    return (line.distance(from: line.startIndex, to: bar) + 1 + cells.distance(from: cells.startIndex, to: first), cells)
}

/// The interval count in the heatmap's title (`@v: heatmap, 12 intervals of 100ms, …`).
func heatmapIntervals(on screen: ScreenModel) -> Int? {
    guard let title = screen.lines.first(where: { $0.hasPrefix("@v: heatmap, ") }) else { return nil }
    return Int(title.dropFirst("@v: heatmap, ".count).prefix { $0.isNumber })
}

/// The cells of a table row `  KEY  VALUE  RATE/s  SPARKLINE`: value, rate and sparkline.
func rateRow(_ key: String, on screen: ScreenModel) -> (value: Int, rate: String, sparkline: String)? {
    guard let line = screen.lines.first(where: { $0.hasPrefix("  \(key) ") }) else { return nil }
    let words = line.split(separator: " ").map(String.init)
    guard words.count == 4, words[2].hasSuffix("/s"), let v = Int(words[1].filter(\.isNumber)) else { return nil }
    return (v, words[2], words[3])
}

@Suite(.serialized) struct ViewsEndToEndTests {
    @Test func theHeatmapScrollsAsIntervalsPassAndReflowsOnResize() throws {
        let console = try ViewsOnPTY()
        defer { console.close() }
        let pty = console.pty
        try console.watchAHeatmapOf100s(program: "civ_h")

        // The load moves to 5,000 (the 4096 bucket): its row appears at the right edge and grows leftwards.
        console.fire(5000)
        let first = try pty.waitFor("the 4096 row") { heatmapCells("4096", on: $0) != nil }
        let start = heatmapCells("4096", on: first)!.firstColumn
        let intervals = heatmapIntervals(on: first) ?? 0
        let later = try pty.waitFor("three more intervals") { s in (heatmapIntervals(on: s) ?? 0) >= intervals + 3 }
        let moved = heatmapCells("4096", on: later)!
        #expect(moved.firstColumn <= start - 2, "the 4096 row's first cell should move left as intervals pass:\n\(later.text)")
        // The newest interval is at the right: the 64 row ended before the 4096 row began (give or take the
        // interval in which the load changed), and shows no values at the right edge any more.
        let small = heatmapCells("64", on: later)!
        #expect(small.text.count < moved.text.count - 1, "\(later.text)")
        #expect(later.lines.contains { $0.hasPrefix("  cells: 0 ") && $0.hasSuffix(" values") })
        #expect(later.lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("p99 |") && $0.hasSuffix("  8,151") },
                "the p99 of the last interval (5,000s, estimated in [4096, 8191]) ends the p99 line:\n\(later.text)")

        // A narrower window: the heatmap is redrawn to fit, its p50 and p99 lines still ending in their values.
        try pty.resize(rows: 34, columns: 60)
        kill(getpid(), SIGWINCH)   // to the process: the thread that raised it may block it
        let narrow = try pty.waitFor("the heatmap fitted to 60 columns") { s in
            s.lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("p99 |") && $0.hasSuffix("  8,151") && $0.count <= 60 && $0.count > 50 }
        }
        let p99 = narrow.lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("p99 |") }!
        #expect(p99.count == 60, "the plot is as wide as the window allows:\n\(narrow.text)")
        try pty.send("unwatch\r")
        try pty.waitFor("the prompt after unwatch") { $0.cursorLine == "trace>" }
        // show … as heatmap prints what the watch recorded.
        try pty.send("show @v as heatmap\r")
        try pty.waitFor("the recorded heatmap") { s in
            s.lines.contains { $0.hasPrefix("@v: heatmap, ") && $0.hasSuffix(" of 100ms, newest at the right") } && s.cursorLine == "trace>"
        }
    }

    @Test func theHeatmapInColourOnA256ColourTerminal() throws {
        let console = try ViewsOnPTY(colors: true)
        defer { console.close() }
        let pty = console.pty
        try console.watchAHeatmapOf100s(program: "civ_c")
        console.fire(5000)
        let screen = try pty.waitFor("both rows, the newest interval in the 4096 row") { s in
            guard let big = heatmapCells("4096", on: s), let small = heatmapCells("64", on: s) else { return false }
            return big.text.count > small.text.count && small.text.count >= 2
        }
        // Every shaded cell is its digit in that level's colour; every other character (labels, axis, the
        // p50/p99 lines, the header, the prompt) has none.
        let ramp = Heatmap.colorRamp
        var shaded = 0
        let legend = screen.lines.firstIndex { $0.hasPrefix("  cells: 0 ") }!
        for row in 0..<screen.rows where row != legend {
            let line = screen.lines[row]
            let bar = line.firstIndex(of: "|").map { line.distance(from: line.startIndex, to: $0) } ?? Int.max
            let isPlot = bar < Int.max && Int(line.prefix(bar).trimmingCharacters(in: .whitespaces)) != nil
            for column in 0..<screen.columns where !screen.cell(row: row, column: column).text.isEmpty {
                let cell = screen.cell(row: row, column: column)
                if isPlot && column > bar {
                    #expect(Int(cell.text).map { ramp[$0] } == cell.foreground, "row \(row) column \(column):\n\(screen.text)")
                    shaded += 1
                } else {
                    #expect(cell.foreground == nil, "row \(row) column \(column) '\(cell.text)':\n\(screen.text)")
                }
            }
        }
        #expect(shaded >= 4)
        // The legend's digits are in their colours, its counts in none: `  cells: 0 1-3  1 4-6  ...  9 28-30 values`.
        let legendLine = screen.lines[legend]
        let nine = legendLine.distance(from: legendLine.startIndex, to: legendLine.range(of: "  9 ")!.lowerBound) + 2
        #expect(screen.cell(row: legend, column: 9).foreground == ramp[0] && screen.cell(row: legend, column: nine).foreground == ramp[9])
        #expect(screen.cell(row: legend, column: 11).foreground == nil && screen.cell(row: legend, column: nine + 2).foreground == nil)
        // The layout is the one without colours: the p50 and p99 lines fill the 100 columns, the prompt is in place.
        let p99 = screen.lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("p99 |") }!
        #expect(p99.count == 100, "\(screen.text)")
        #expect(screen.cursorLine == "trace>" && screen.cursor.column == 7)
        try pty.send("unwatch\r")
        try pty.waitFor("the prompt after unwatch") { $0.cursorLine == "trace>" }
    }

    @Test func sparklinesGrowAndDeltaValuesFallToZeroWhenTheLoadStops() throws {
        let console = try ViewsOnPTY()
        defer { console.close() }
        let pty = console.pty
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" }
        console.fire(7)
        try console.run("program civ_r { civ:svc:op:done { @ops[v < 10 ? \"small\" : \"big\"] = count(); @all = count(); } }",
                        answer: "program 'civ_r' enabled")
        try pty.send("watch civ_r every 100ms\r")
        let two = try pty.waitFor("a sparkline of two intervals") { s in (rateRow("small", on: s)?.sparkline.count ?? 0) >= 2 }
        let firstValue = rateRow("small", on: two)!.value
        let length = rateRow("small", on: two)!.sparkline.count
        let five = try pty.waitFor("the sparkline grown by three") { s in (rateRow("small", on: s)?.sparkline.count ?? 0) >= length + 3 }
        let row = rateRow("small", on: five)!
        #expect(row.value > firstValue)
        #expect(row.sparkline.allSatisfy { "_.:-=+*#".contains($0) })
        #expect(row.rate != "0/s")
        // Sparklines stop growing at 16 intervals.
        try pty.waitFor("a full sparkline") { s in (rateRow("small", on: s)?.sparkline.count ?? 0) == 16 }

        // delta: each interval's values; when the load stops they fall to 0, the keys stay.
        try pty.send("watch civ_r every 100ms delta\r")
        try pty.waitFor("per-interval values") { s in
            s.lines.contains { $0.hasPrefix("civ_r  up ") && $0.hasSuffix("values per 100ms") } && (count(after: "@all: ", on: s) ?? 0) > 0
        }
        console.fire(0)
        let stopped = try pty.waitFor("the values at 0") { s in
            count(after: "@all: ", on: s) == 0 && rateRow("small", on: s)?.value == 0
        }
        #expect(rateRow("small", on: stopped)?.rate == "0/s")
        console.fire(7)
        try pty.waitFor("the values back up") { s in (count(after: "@all: ", on: s) ?? 0) > 0 }
        try pty.send("unwatch\r")
        try pty.waitFor("the prompt after unwatch") { $0.cursorLine == "trace>" }
    }

    @Test func aDiffOfTwoKnownHistogramsAcrossARedefinition() throws {
        let console = try ViewsOnPTY()
        defer { console.close() }
        let pty = console.pty
        try pty.waitFor("the prompt") { $0.cursorLine == "trace>" }
        try console.run("program civ_d { civ:svc:op:done { @lat = quantize(v); } }", answer: "program 'civ_d' enabled")
        // Before: 90 values of 1,000 and 10 of 5,000.
        for _ in 0..<90 { ViewProbes.op.fire(1000) }
        for _ in 0..<10 { ViewProbes.op.fire(5000) }
        try console.run("snapshot @lat as before", answer: "@lat saved as snapshot 'before' (100 values)")
        try console.run("program civ_d { civ:svc:op:done { @lat = quantize(v); } }", answer: "program 'civ_d' redefined and enabled")
        // After: 90 of 300 and 10 of 1,500 — twice as fast in the middle, four times at the tail.
        for _ in 0..<90 { ViewProbes.op.fire(300) }
        for _ in 0..<10 { ViewProbes.op.fire(1500) }
        try pty.send("diff @lat before\r")
        let screen = try pty.waitFor("the diff") { s in s.lines.contains { $0.hasPrefix("max ") } && s.cursorLine == "trace>" }
        let expected = [
            "@lat: snapshot 'before' → @lat now",
            "count 100 → 100 (0 %)",
            "p50 796 → 398 (−50 %)",
            "p90 1023 → 511 (−50 %)",
            "p99 7782 → 1945 (−75 %)",
            "max 8191 → 2047 (−75 %)",
        ]
        for line in expected { #expect(screen.lines.contains(line), "missing '\(line)' in:\n\(screen.text)") }
        #expect(screen.lines.contains { $0.hasPrefix("             512 |") && $0.contains(" 90    |") })
        #expect(screen.lines.contains { $0.hasPrefix("             256 |") && $0.hasSuffix("|@@@@@@@@@@@@@@@@@@   90") }, "\(screen.text)")
    }
}
