import DemoServices
import Foundation
import TestSupport
import Testing

/// The README's walkthrough, run as an operator runs it from a file: the built `orderbook` and `kvserver`
/// with `--script FILE`, so the README cannot go stale. Every command must succeed, and every confirmation
/// line, probe-table row and aggregation name the README shows must appear. Each section runs in a fresh
/// process, where anonymous programs are numbered p1, p2, … as in the README. A failure names the lines
/// that did not appear and shows what the run printed.
@Suite struct ReadmeWalkthroughTests {
    @Test func theOrderbookWalkthroughRuns() throws {
        let section = try ReadmeWalkthrough.section(from: "## A walkthrough on `orderbook`", to: "## Tracing a network server")
        let run = try DemoRun(executable: "orderbook", script: ReadmeWalkthrough.script(section), arguments: ["--rate", "3000"])
        try ReadmeWalkthrough.check(section, printed: run.finish(timeout: .seconds(600)), status: run.status)
    }

    @Test func theKVServerWalkthroughRuns() throws {
        let section = try ReadmeWalkthrough.section(from: "## Tracing a network server", to: "## Architecture")
        let run = try DemoRun(executable: "kvserver", script: ReadmeWalkthrough.script(section),
                              arguments: ["--port", "0", "--threads", "1"])
        let port = try run.waitForPort(timeout: .seconds(120))
        // Load while the script sleeps: SET and GET, as redis-benchmark -t set,get sends.
        var load = LoadGenerator.Configuration(port: port)
        load.connections = 2
        load.requestsPerConnection = 2_000
        _ = try? LoadGenerator.run(load)
        try ReadmeWalkthrough.check(section, printed: run.finish(timeout: .seconds(600)), status: run.status,
                                    skippingOutputLines: ["CONFIG 2", "GET 100000", "SET 100000"])
    }
}

/// Reads the README's ```trace blocks, and checks what running them printed.
enum ReadmeWalkthrough {
    static let readmePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md").path

    /// The README text between two headings.
    static func section(from start: String, to end: String) throws -> String {
        let text = try String(contentsOfFile: readmePath, encoding: .utf8)
        guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else {
            throw TestFailure("the README has no section from '\(start)' to '\(end)'")
        }
        return String(text[a.lowerBound..<b.lowerBound])
    }

    /// Commands (`trace> ` lines with their `....> ` continuations) and the output lines shown after them.
    static func blocks(_ section: String) -> (commands: [String], output: [String]) {
        var commands: [String] = [], output: [String] = []
        var inBlock = false
        for line in section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "```trace" { inBlock = true; continue }
            if line.hasPrefix("```") { inBlock = false; continue }
            guard inBlock else { continue }
            if line.hasPrefix("trace> ") {
                commands.append(String(line.dropFirst(7)))
            } else if line.hasPrefix("....> "), !commands.isEmpty {
                commands[commands.count - 1] += "\n" + String(line.dropFirst(6))
            } else {
                output.append(line)
            }
        }
        return (commands, output)
    }

    /// The section's commands as a script file's text; the flame graph goes to a file of this run's own.
    static func script(_ section: String) throws -> String {
        let commands = blocks(section).commands
        guard !commands.isEmpty else { throw TestFailure("no ```trace commands in the README section") }
        let svg = NSTemporaryDirectory() + "readme-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).svg"
        return commands.joined(separator: "\n").replacingOccurrences(of: "/tmp/orderbook-cpu.svg", with: svg) + "\n"
    }

    /// The run exited 0 and printed every deterministic line the section shows. Lines are compared with runs
    /// of spaces made one, since a table's columns widen with its numbers (a CPU share of 10 % or more).
    static func check(_ section: String, printed: String, status: Int32, skippingOutputLines skipped: Set<String> = []) throws {
        let printedLines = Set(printed.split(separator: "\n").map { squeezed(String($0)) })
        let missing = blocks(section).output.filter {
            let line = squeezed($0)
            return !skipped.contains(line) && isDeterministic(line) && !printedLines.contains(line)
        }
        #expect(status == 0 && missing.isEmpty, """
            the walkthrough script exited with status \(status); the README shows these lines the run did not print:
            \(missing.joined(separator: "\n"))
            --- what the run printed ---
            \(printed)
            """)
    }

    /// The line with runs of spaces made one and no trailing space.
    static func squeezed(_ line: String) -> String {
        line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// Lines whose text does not depend on live data: confirmations, probe rows, table headers,
    /// aggregation names and diff titles (histogram rows and counts change from run to run).
    static func isDeterministic(_ line: String) -> Bool {
        line.hasPrefix("program '") || line.hasPrefix("ID PROVIDER") || isProbeRow(line) || line.hasPrefix("NAME ")
            || (line.hasPrefix("@") && line.hasSuffix(":")) || (line.hasPrefix("@") && line.contains(": snapshot '"))
    }

    /// A `probes` row of the walkthrough's service: its ID, then provider `orders`.
    static func isProbeRow(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        return words.count > 2 && Int(words[0]) != nil && words[1] == "orders"
    }
}
