// Scripts as real files have them: entries left open or closed by the wrong bracket are reported at the bracket
// or quote (FILE:LINE:COL, the file's own lines) and the next command of the file still runs; CRLF line endings
// and a leading BOM are accepted; a 10 000-line entry is scanned in one pass.
import Foundation
import Glibc
import Testing
@testable import Console
import TraceCore

@Suite(.serialized) struct ScriptFileTests {
    /// Runs the script `text` with Console.run; the status, standard output and standard error.
    func runScript(_ text: String, bytes: [UInt8]? = nil) throws -> (Int32, String, String) {
        let path = NSTemporaryDirectory() + "cifile-\(getpid()).trace"
        try Data(bytes ?? Array(text.utf8)).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let (status, out, err) = try ConsoleRun.run(prefix: "cifile_", provider: "cifile") { $0.scriptPath = path }
        return (status, out, err.replacingOccurrences(of: path, with: "FILE"))
    }

    @Test func openAndMismatchedBracketsAreReportedWhereTheyAreAndTheRestRuns() throws {
        let script = """
            # each bad entry is followed by one that runs
            program cifile_a { BEGIN { @x = count(; } }
            program cifile_ok1 { BEGIN { @n = count(); } }
            program cifile_b {
              BEGIN { @x = count(); }
            program cifile_ok2 { BEGIN { @n = count(); } }
            program cifile_c { BEGIN { @x[1
            program cifile_ok3 { BEGIN { @n = count(); } }
            program cifile_d { BEGIN { printf("oops); } }
            program cifile_ok4 { BEGIN { @n = count(); } }
            BEGIN { printf("%d\\n", 1
            program cifile_ok5 { BEGIN { @n = count(); } }
            program cifile_e {
              BEGIN { @x = count(); }

            """
        let (status, _, err) = try runScript(script)
        #expect(status == 1)
        #expect(err == """
            FILE:2:41: error: '}' does not match the '(' opened at 2:38
            program cifile_a { BEGIN { @x = count(; } }
                                                    ^
            program 'cifile_ok1' enabled: matched 0 probes
            FILE:4:18: error: this '{' is not closed (the entry ends before line 6)
            program cifile_b {
                             ^
            program 'cifile_ok2' enabled: matched 0 probes
            FILE:7:30: error: this '[' is not closed (the entry ends before line 8)
            program cifile_c { BEGIN { @x[1
                                         ^
            program 'cifile_ok3' enabled: matched 0 probes
            FILE:9:35: error: this string is not closed on its line (the entry ends before line 10)
            program cifile_d { BEGIN { printf("oops); } }
                                              ^
            program 'cifile_ok4' enabled: matched 0 probes
            FILE:11:15: error: this '(' is not closed (the entry ends before line 12)
            BEGIN { printf("%d\\n", 1
                          ^
            program 'cifile_ok5' enabled: matched 0 probes
            FILE:13:18: error: this '{' is not closed at the end of the file
            program cifile_e {
                             ^

            """)
    }

    @Test func crlfAndABOMAreAccepted() throws {
        let text = "program cifile_crlf {\r\n  BEGIN { @n = count(); }\r\n}\r\nprograms cifile_crlf\r\n"
        let (status, out, err) = try runScript("", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(status == 0, "\(err)")
        #expect(err == "program 'cifile_crlf' enabled: matched 0 probes\n")
        #expect(out.contains("cifile_crlf"))
    }

    @Test func errorsFromAFileCarryTheFilesLineNumbers() throws {
        let script = "# comment\n\nprogram cifile_pos {\n  BEGIN {\n    @x = nosuchfunction();\n  }\n}\nnosuchcommand\n"
        let (status, _, err) = try runScript(script)
        #expect(status == 1)
        let lines = err.split(separator: "\n")
        #expect(lines.first?.hasPrefix("FILE:5:10: error: ") == true, "\(err)")
        #expect(lines.contains { $0.hasPrefix("FILE:8:1: error: unknown command 'nosuchcommand'") }, "\(err)")
    }

    @Test func standardInputFollowsTheRulesForFiles() throws {
        var input: [Int32] = [0, 0], out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&out) == 0, pipe(&err) == 0 else { throw CommandError("pipe failed") }
        let text = "program cifile_in {\n  BEGIN { @n = count(); }\nprogram cifile_in2 { BEGIN { @n = count(); } }\n"
        _ = text.withCString { write(input[1], $0, strlen($0)) }
        close(input[1])
        var o = ConsoleOptions()
        o.inputFD = input[0]
        o.outputFD = out[1]
        o.errorFD = err[1]
        o.historyFile = nil
        let backend = ScopedBackend(prefix: "cifile_", provider: "cifile")
        defer { backend.deleteAll() }
        let status = Console.run(options: o, backend: backend)
        close(input[0]); close(out[1]); close(err[1])
        defer { close(out[0]); close(err[0]) }
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(err[0], &buffer, buffer.count)
            if n <= 0 { break }
            collected += buffer[0..<n]
        }
        #expect(status == 1)
        #expect(String(decoding: collected, as: UTF8.self) == """
            <stdin>:1:19: error: this '{' is not closed (the entry ends before line 3)
            program cifile_in {
                              ^
            program 'cifile_in2' enabled: matched 0 probes

            """)
    }

    @Test func aLongEntryIsScannedOnce() {
        let body = (1...10_000).map { "  BEGIN { @n\($0 % 7) = count(); }" }
        let text = (["program big {"] + body + ["}"]).joined(separator: "\n")
        var splitter = EntrySplitter(endsAtCommandLines: true)
        var entries: [ScriptEntry] = []
        for line in TextLines.split(text) { entries += splitter.feed(line) }
        #expect(entries.count == 1 && entries[0].problem == nil)
        #expect(entries.first?.text.count == text.count)
        // Every character looked at once: the work grows with the text, not with its square.
        #expect(splitter.charactersVisited <= text.count)
    }
}
