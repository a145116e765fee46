// A console script run in-process: its entries (one per element, at lines 1, 2, …) run by a ConsoleSession
// over a backend scoped to the test's prefix and provider, with what it printed captured.
import TraceCore
@testable import Console

enum ScriptSession {
    /// The status and the captured output of running `entries` as a script (with `--duration` if given).
    static func run(_ entries: [String], prefix: String, provider: String, duration: Duration? = nil) -> (status: Int32, out: CapturedOutput) {
        let backend = ScopedBackend(prefix: prefix, provider: provider)
        backend.deleteAll()
        defer { backend.deleteAll() }
        var options = ConsoleOptions()
        options.duration = duration
        let out = CapturedOutput()
        let s = ConsoleSession(options: options, backend: backend, source: .entries(entries.enumerated().map { ScriptEntry(text: $1, firstLine: $0 + 1) }, file: nil), output: out,
                               display: PlainWatchDisplay(output: out, columns: 80), pumpInterval: .milliseconds(10))
        return (s.run(), out)
    }
}
