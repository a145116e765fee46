import DemoServices
import Foundation
import TestSupport
import Testing

/// The demos as an operator scripts them: the built `orderbook` and `kvserver` executables run with
/// `--script FILE --duration D`, and the aggregations they print at the end are checked.
@Suite(.serialized) struct ScriptModeTests {
    @Test func orderbookScriptPrintsPlausibleTotals() throws {
        let script = """
            orders:gateway:submit:entry { @submitted = sum(qty); @submits = count(); }
            orders:gateway:amend:entry { @amended = sum(qty); }
            orders:book:match:fill { @filled = sum(qty); @fills = count(); }
            orders:risk:check:return { @checks[client] = count(); }
            """
        let run = try DemoRun(executable: "orderbook", script: script, arguments: ["--duration", "2s", "--rate", "2000"])
        let output = try run.finish(timeout: .seconds(60))
        #expect(run.status == 0, "\(output)")
        let submitted = scalar(output, "submitted"), submits = scalar(output, "submits")
        let filled = scalar(output, "filled"), fills = scalar(output, "fills"), amended = scalar(output, "amended") ?? 0
        #expect((submits ?? 0) > 0, "\(output)")   // how many in 2 s depends on how busy the machine is
        #expect((fills ?? 0) > 0 && (filled ?? 0) > 0, "\(output)")
        // Every filled unit was submitted (or added by an amend) by both a maker and a taker.
        #expect(2 * (filled ?? .max) <= (submitted ?? 0) + amended, "\(output)")
        #expect((fills ?? .max) <= (filled ?? 0), "a fill moves at least one unit: \(output)")
        #expect(Set(rows(output, after: "@checks:").keys) == ["1", "2", "3", "4"], "\(output)")
    }

    @Test func kvserverScriptCountsExactlyWhatTheLoadSent() throws {
        let script = "kv:server:command:entry { @commands[name] = count(); @keybytes = sum(keysize); }\n"
        // The server traces for 20 s from the script's end, long enough for the load however busy the machine is (with
        // 3 s, a loaded machine's load outlived the server and its connections were reset).
        let run = try DemoRun(executable: "kvserver", script: script, arguments: ["--port", "0", "--threads", "1", "--duration", "20s"])
        let port = try run.waitForPort(timeout: .seconds(30))
        try run.waitForStandardError(containing: "program 'p1' enabled", timeout: .seconds(30))   // only then send the load
        var load = LoadGenerator.Configuration(port: port)
        load.connections = 2
        load.requestsPerConnection = 1_000         // 2 × 1 000 requests, alternating SET and GET
        load.pipeline = 10
        let result = try LoadGenerator.run(load)
        #expect(result.requests == 2_000 && result.errors == 0)
        let output = try run.finish(timeout: .seconds(60))
        #expect(run.status == 0, "\(output)")
        let commands = rows(output, after: "@commands:")
        #expect(commands["SET"] == 1_000 && commands["GET"] == 1_000, "\(output)")
        #expect(commands.count == 2, "\(output)")
        #expect((scalar(output, "keybytes") ?? 0) > 0, "\(output)")
    }

    /// `@name: N` in the output.
    private func scalar(_ output: String, _ name: String) -> Int? {
        for line in output.split(separator: "\n") where line.hasPrefix("@\(name): ") {
            return Int(line.dropFirst(name.count + 3))
        }
        return nil
    }

    /// The `  KEY  VALUE` rows under a `@name:` header.
    private func rows(_ output: String, after header: String) -> [String: Int] {
        var found: [String: Int] = [:]
        var inside = false
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == header { inside = true; continue }
            guard inside else { continue }
            let fields = line.split(separator: " ")
            guard line.hasPrefix("  "), fields.count == 2, let value = Int(fields[1]) else { break }
            found[String(fields[0])] = value
        }
        return found
    }
}

/// A demo executable run with a console script (standard input at end of file); output and status collected.
final class DemoRun {
    let process: ChildProcess
    private let scriptPath: String
    private(set) var status: Int32 = -1

    init(executable name: String, script: String, arguments: [String]) throws {
        scriptPath = NSTemporaryDirectory() + "demo-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).trace"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        process = try ChildProcess(path: try ChildProcess.executable(name), arguments: ["--script", scriptPath] + arguments)
        process.closeInput()
    }

    deinit { try? FileManager.default.removeItem(atPath: scriptPath) }

    /// The port from the server's `listening on 127.0.0.1:PORT` line on standard error.
    func waitForPort(timeout: Duration) throws -> Int {
        var port: Int?
        _ = waitUntil(timeout: timeout, every: .milliseconds(10)) {
            let text = process.errorOutput
            guard let range = text.range(of: "listening on 127.0.0.1:") else { return false }
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            guard text[range.upperBound...].dropFirst(digits.count).first == " " else { return false }
            port = Int(digits)
            return port != nil
        }
        guard let port else { throw TestFailure("no 'listening on' line from the server: \(process.errorOutput)") }
        return port
    }

    /// Waits until standard error has shown `text`.
    func waitForStandardError(containing text: String, timeout: Duration) throws {
        guard process.waitForErrorOutput(text, timeout: timeout) else {
            throw TestFailure("no '\(text)' from the demo: \(process.errorOutput)")
        }
    }

    /// Waits for the process to exit; returns standard output followed by standard error.
    func finish(timeout: Duration) throws -> String {
        guard let code = process.waitForExit(timeout: timeout) else {
            process.killAndReap()
            throw TestFailure("the demo did not finish within \(timeout): \(process.output)\(process.errorOutput)")
        }
        status = code
        return process.output + process.errorOutput
    }
}
