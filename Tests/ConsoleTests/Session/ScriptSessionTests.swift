// Script mode end to end in this process: commands run in order, trace output is pumped while they run,
// --duration keeps tracing then stops every program and prints every aggregation (or JSON), plain `watch`
// prints frames, and the exit status reports failed commands.
import Foundation
import Testing
import TraceCore
@testable import Console
import TraceAgent
import TraceSystem

enum SessionProbes {
    static let provider = TraceProvider("cisess")
    static let tick = provider.event("svc", "tick", "fire", ("n", Int.self))
    static func declare() { _ = tick }
}

/// Fires `cisess:svc:tick:fire` about every millisecond until stopped.
final class Ticker: Sendable {
    private let stopped = Lock(false)
    private let thread: WorkerThread

    init() {
        SessionProbes.declare()
        let stopped = self.stopped
        thread = WorkerThread(name: "ticker") {
            var n = 0
            while !(stopped.withLock { $0 }) {
                n += 1
                SessionProbes.tick.fire(n)
                usleep(1000)
            }
        }
    }

    func stop() {
        stopped.withLock { $0 = true }
        thread.join()
    }
}

@Suite(.serialized) struct ScriptSessionTests {
    func session(_ entries: [String], duration: Duration? = nil, json: Bool = false) -> (status: Int32, out: CapturedOutput) {
        let backend = ScopedBackend(prefix: "cisess_", provider: "cisess")
        backend.deleteAll()
        defer { backend.deleteAll() }
        var options = ConsoleOptions()
        options.duration = duration
        options.json = json
        let out = CapturedOutput()
        let ticker = Ticker()
        defer { ticker.stop() }
        let s = ConsoleSession(options: options, backend: backend, source: .entries(entries.enumerated().map { ScriptEntry(text: $1, firstLine: $0 + 1) }, file: nil), output: out,
                               display: PlainWatchDisplay(output: out, columns: 80), pumpInterval: .milliseconds(10))
        return (s.run(), out)
    }

    @Test func printfIsPumpedWhileTheScriptRuns() {
        let (status, out) = session([
            "program cisess_p { cisess:svc:tick:fire /n % 2 == 0/ { printf(\"tick %d\\n\", n); } END { printf(\"bye\\n\"); } }",
            "sleep 1s",
        ])
        #expect(status == 0)
        #expect(out.noticeText == "program 'cisess_p' enabled: matched 1 probe\n")
        let lines = out.dataText.split(separator: "\n")
        #expect(lines.count >= 2)   // at least one tick, however busy the machine, then END's line
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("tick ") })
        #expect(lines.last == "bye")   // END fires when the session stops every program, and is drained last
    }

    @Test func durationPrintsEveryAggregationAtTheEnd() throws {
        let (status, out) = session(["program cisess_d { cisess:svc:tick:fire { @ticks = count(); @last = max(n); } }"],
                                    duration: .milliseconds(300))
        #expect(status == 0)
        let text = out.dataText
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("@ticks: ") && lines[1] == "" && lines[2].hasPrefix("@last: ") && lines[3] == "")
        let ticks = Int(lines[0].dropFirst("@ticks: ".count)) ?? 0, last = Int(lines[2].dropFirst("@last: ".count)) ?? 0
        #expect(ticks > 0 && last >= ticks, "\(text)")   // the ticker counts from before the program: its n only grows
    }

    @Test func jsonAtTheEnd() throws {
        let (status, out) = session(["cisess:svc:tick:fire { @by[n % 2] = count(); }"], duration: .milliseconds(100), json: true)
        #expect(status == 0)
        let line = out.dataText.split(separator: "\n")
        #expect(line.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(line[0].utf8)) as? [String: Any]
        #expect(object?["aggregation"] as? String == "by")
        #expect(object?["function"] as? String == "count")
        #expect((object?["entries"] as? [Any])?.count == 2)
    }

    @Test func aFailedCommandMakesTheStatusNonZero() {
        let (status, out) = session(["porbes", "show"])
        #expect(status == 1)
        #expect(out.noticeText == "error: unknown command 'porbes' (did you mean 'probes'?); type help for the list\nno programs defined\n")
    }

    @Test func quitEndsTheScript() {
        let (status, out) = session(["quit", "porbes"])
        #expect(status == 0)
        #expect(out.allText == "")
    }

    @Test func plainWatchPrintsFramesAndEditPrintsTheSource() {
        let (status, out) = session([
            "program cisess_w { cisess:svc:tick:fire { @ticks = count(); } }",
            "watch every 60ms", "sleep 250ms", "unwatch", "unwatch", "edit cisess_w",
        ])
        #expect(status == 0)
        let frames = out.dataText.components(separatedBy: "cisess_w  up ")
        #expect(frames.count >= 3)
        #expect(out.dataText.contains("firings/s  0 drops  0 errors\n@ticks: "))
        // edit prints the source; then the script's end is the end of tracing: @ticks, never printa'd, follows.
        let edited = out.dataText.components(separatedBy: "program cisess_w { cisess:svc:tick:fire { @ticks = count(); } }\n")
        #expect(edited.count == 2 && edited[1].hasPrefix("@ticks: ") && edited[1].hasSuffix("\n") && !edited[1].dropLast().contains("\n"), "\(out.dataText)")
        #expect(out.noticeText.hasSuffix("not watching\n"))
    }

    @Test func runtimeErrorsPrintOnceThenACount() {
        let (_, out) = session(["program cisess_e { cisess:svc:tick:fire { x = 1 / (n - n); } }", "sleep 600ms"])
        let notices = out.noticeText.split(separator: "\n")
        #expect(notices.filter { $0.hasPrefix("error: program 'cisess_e' clause 1") }.count == 1)
        #expect(notices.contains { $0.hasPrefix("program 'cisess_e': ") && $0.hasSuffix(" runtime errors so far") })
    }
}

@Suite(.serialized) struct ConsoleRunTests {
    /// Runs Console.run on a script with output to pipes; returns the status, standard output and standard error.
    func run(_ options: (inout ConsoleOptions) -> Void) throws -> (Int32, String, String) {
        try ConsoleRun.run(prefix: "cirun_", provider: "cisess", options)
    }

    @Test func scriptFileWithDuration() throws {
        let ticker = Ticker()
        defer { ticker.stop() }
        let path = NSTemporaryDirectory() + "cirun-\(getpid()).trace"
        try "program cirun_a {\n  cisess:svc:tick:fire { @n = count(); }\n}\nsleep 30ms\nshow\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let (status, out, err) = try run { $0.scriptPath = path; $0.duration = .milliseconds(50) }
        #expect(status == 0)
        // (Other tests fire the probe too: the counts are not known, the form is.)
        let lines = out.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("@n: ") && (Int($0.dropFirst(4)) ?? 0) > 0 }, "\(out)")
        #expect(err == "program 'cirun_a' enabled: matched 1 probe\n")
    }

    @Test func unreadableScriptAndUsage() throws {
        let (status, _, err) = try run { $0.scriptPath = "/nonexistent/x.trace" }
        #expect(status == 1)
        #expect(err == "error: cannot read '/nonexistent/x.trace': No such file or directory\n")
        let (helpStatus, usage, _) = try run { $0.showUsage = true }
        #expect(helpStatus == 0)
        #expect(usage == ConsoleOptions.usage)
    }
}
