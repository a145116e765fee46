import DemoServices
import Foundation
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
        let output = try run.finish(timeout: 60)
        #expect(run.status == 0, "\(output)")
        let submitted = scalar(output, "submitted"), submits = scalar(output, "submits")
        let filled = scalar(output, "filled"), fills = scalar(output, "fills"), amended = scalar(output, "amended") ?? 0
        #expect((submits ?? 0) > 1000, "\(output)")               // 2 s at 2000 orders/s, less a start-up
        #expect((fills ?? 0) > 0 && (filled ?? 0) > 0, "\(output)")
        // Every filled unit was submitted (or added by an amend) by both a maker and a taker.
        #expect(2 * (filled ?? .max) <= (submitted ?? 0) + amended, "\(output)")
        #expect((fills ?? .max) <= (filled ?? 0), "a fill moves at least one unit: \(output)")
        #expect(Set(rows(output, after: "@checks:").keys) == ["1", "2", "3", "4"], "\(output)")
    }

    @Test func kvserverScriptCountsExactlyWhatTheLoadSent() throws {
        let script = "kv:server:command:entry { @commands[name] = count(); @keybytes = sum(keysize); }\n"
        let run = try DemoRun(executable: "kvserver", script: script, arguments: ["--port", "0", "--threads", "1", "--duration", "3s"])
        let port = try run.waitForPort(timeout: 30)
        try run.waitForStandardError(containing: "program 'p1' enabled", timeout: 30)   // only then send the load
        var load = LoadGenerator.Configuration(port: port)
        load.connections = 2
        load.requestsPerConnection = 1_000         // 2 × 1 000 requests, alternating SET and GET
        load.pipeline = 10
        let result = try LoadGenerator.run(load)
        #expect(result.requests == 2_000 && result.errors == 0)
        let output = try run.finish(timeout: 60)
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

/// A demo executable run with a console script; output and status collected.
final class DemoRun: @unchecked Sendable {
    let process = Process()
    private let out = Pipe(), err = Pipe()
    private let scriptPath: String
    private(set) var status: Int32 = -1
    private var errorText = ""

    init(executable name: String, script: String, arguments: [String]) throws {
        scriptPath = NSTemporaryDirectory() + "demo-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).trace"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: try DemoRun.executable(name))
        process.arguments = ["--script", scriptPath] + arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: scriptPath)
    }

    /// The port from the server's `listening on 127.0.0.1:PORT` line on standard error.
    func waitForPort(timeout: TimeInterval) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        let handle = err.fileHandleForReading
        while Date() < deadline {
            let data = handle.availableData
            if data.isEmpty { break }
            errorText += String(decoding: data, as: UTF8.self)
            if let range = errorText.range(of: "listening on 127.0.0.1:") {
                let digits = errorText[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), errorText[range.upperBound...].dropFirst(digits.count).first == " " { return port }
            }
        }
        throw DemoRunFailure("no 'listening on' line from the server: \(errorText)")
    }

    /// Waits until standard error has shown `text`.
    func waitForStandardError(containing text: String, timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !errorText.contains(text) && Date() < deadline {
            let data = err.fileHandleForReading.availableData
            if data.isEmpty { break }
            errorText += String(decoding: data, as: UTF8.self)
        }
        if !errorText.contains(text) { throw DemoRunFailure("no '\(text)' from the demo: \(errorText)") }
    }

    /// Waits for the process to exit; returns standard output followed by standard error.
    func finish(timeout: TimeInterval) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let outData = Locked(Data()), errData = Locked(Data())
        let group = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            group.enter()
            Thread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                sink.set(data)
                group.leave()
            }.start()
        }
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            throw DemoRunFailure("\(process.executableURL?.lastPathComponent ?? "demo") did not finish within \(timeout) s")
        }
        _ = group.wait(timeout: .now() + 10)
        status = process.terminationStatus
        return String(decoding: outData.get(), as: UTF8.self) + errorText + String(decoding: errData.get(), as: UTF8.self)
    }

    /// The built executable next to the test bundle.
    static func executable(_ name: String) throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        }
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw DemoRunFailure("\(name) is not built next to the test bundle; run swift build first")
    }
}

struct DemoRunFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A value shared between a reader thread and the test.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ v: Value) { lock.lock(); value = v; lock.unlock() }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
}
