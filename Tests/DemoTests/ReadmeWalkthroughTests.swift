import Console
import DemoServices
import Foundation
import Testing

/// The README's walkthrough, run as a console script against the demo services, so the README
/// cannot go stale: every command must succeed, and every confirmation line, probe-table row and
/// aggregation name the README shows must appear. Each section runs in a child process, where the
/// runtime is fresh and anonymous programs are numbered p1, p2, … as in the README.
@Suite struct ReadmeWalkthroughTests {
    @Test func theOrderbookWalkthroughRuns() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let section = ReadmeWalkthrough.section(from: "## A walkthrough on `orderbook`", to: "## Tracing a network server")
            var configuration = OrderBookService.Configuration()
            configuration.rate = 3000
            let service = OrderBookService(configuration: configuration)
            service.start()
            let ok = ReadmeWalkthrough.run(section)
            service.stop()
            exit(ok ? 0 : 1)
        }
        ReadmeWalkthrough.report(result)
    }

    @Test func theKVServerWalkthroughRuns() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let section = ReadmeWalkthrough.section(from: "## Tracing a network server", to: "## Architecture")
            var configuration = KVServer.Configuration()
            configuration.port = 0
            configuration.threads = 1
            let server = KVServer(configuration: configuration)
            guard let port = try? server.start() else { exit(2) }
            // Load while the script sleeps: SET and GET, as redis-benchmark -t set,get sends.
            let load = Thread {
                usleep(500_000)
                var c = LoadGenerator.Configuration(port: port)
                c.connections = 2
                c.requestsPerConnection = 2_000
                _ = try? LoadGenerator.run(c)
            }
            load.start()
            let ok = ReadmeWalkthrough.run(section, skippingOutputLines: ["  CONFIG       2", "  GET     100000", "  SET     100000"])
            server.stop()
            exit(ok ? 0 : 1)
        }
        ReadmeWalkthrough.report(result)
    }
}

/// Reads the README's ```trace blocks and runs them through the console.
enum ReadmeWalkthrough {
    static let readmePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md").path

    /// The README text between two headings.
    static func section(from start: String, to end: String) -> String {
        guard let text = try? String(contentsOfFile: readmePath, encoding: .utf8),
              let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else {
            complain("cannot read the section '\(start)' of \(readmePath)")
            return ""
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

    /// Runs the section's commands as a script; true if every command succeeded and the README's
    /// deterministic lines (confirmations, probe rows, aggregation names) all appeared.
    static func run(_ section: String, skippingOutputLines skipped: Set<String> = []) -> Bool {
        let (commands, shown) = blocks(section)
        guard !commands.isEmpty else { complain("no ```trace commands found"); return false }
        let dir = NSTemporaryDirectory() + "readme-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let script = dir + "/walkthrough.trace", out = dir + "/out", err = dir + "/err"
        FileManager.default.createFile(atPath: script, contents: Data((commands.joined(separator: "\n") + "\n").utf8))
        let outFD = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o600), errFD = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var options = ConsoleOptions()
        options.scriptPath = script
        options.outputFD = outFD
        options.errorFD = errFD
        options.historyFile = nil
        let status = Console.run(options: options)
        close(outFD)
        close(errFD)
        let printed = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") + ((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        let printedLines = Set(printed.split(separator: "\n").map(String.init))
        var ok = status == 0
        if status != 0 { complain("the script exited with status \(status):\n\(printed)") }
        for line in shown where !skipped.contains(line) && isDeterministic(line) && !printedLines.contains(line) {
            complain("the README shows '\(line)' but the run did not print it")
            ok = false
        }
        if !ok { complain("--- what the run printed ---\n\(printed)") }
        return ok
    }

    /// Lines whose text does not depend on live data: confirmations, probe rows, table headers,
    /// aggregation names and diff titles (histogram rows and counts change from run to run).
    static func isDeterministic(_ line: String) -> Bool {
        line.hasPrefix("program '") || line.hasPrefix("PROVIDER") || line.hasPrefix("orders ") || line.hasPrefix("NAME ")
            || (line.hasPrefix("@") && line.hasSuffix(":")) || (line.hasPrefix("@") && line.contains(": snapshot '"))
    }

    /// Shows what the child process complained about when it failed.
    static func report(_ result: ExitTest.Result?) {
        guard let result, result.exitStatus != .exitCode(0) else { return }
        Issue.record(Comment(rawValue: String(decoding: result.standardErrorContent, as: UTF8.self)))
    }

    static func complain(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
