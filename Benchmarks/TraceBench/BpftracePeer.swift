// The `bpftrace_uprobe_count` case: the same bare call with a bpftrace uprobe `count()` on it, when
// bpftrace is installed and usable here (root, uprobes). The uprobe's cost is the time per call over
// the bare call measured in the same run, so the ratio to TraceConsole's `count_nokey` is from one run
// on one machine.
import Foundation
import Glibc
import TraceSystem

/// The function the uprobe is attached to: a plain C symbol, so bpftrace names it without mangling.
@_cdecl("trace_bench_uprobe_target")
@inline(never)
func uprobeTargetBody(_ i: Int) { blackHole(i) }

/// The C symbol itself: a direct Swift call of `uprobeTargetBody` goes to its Swift entry point, which the uprobe
/// does not see, so both measurements call through this C function pointer.
let uprobeTarget: @convention(c) (Int) -> Void = uprobeTargetBody

enum BpftracePeer {
    struct Measurement {
        /// Nanoseconds per call with the uprobe attached.
        let nsPerOp: Double
        /// Calls bpftrace counted (at least the calls made while it was attached).
        let counted: Int
    }

    /// Why the case was skipped, or nil when bpftrace can run here.
    static func unavailable() -> String? {
        if getuid() != 0 { return "not root" }
        if tool() == nil { return "bpftrace is not installed" }
        return nil
    }

    /// Times `iterations` calls with a bpftrace `count()` uprobe on each; nil when bpftrace did not attach.
    static func run(iterations: Int) -> Measurement? {
        guard unavailable() == nil, let bpftrace = tool(),
              let binary = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bpftrace)
        process.arguments = ["-B", "line", "-e", "uprobe:\(binary):trace_bench_uprobe_target { @n = count(); } BEGIN { printf(\"ready\\n\"); }"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        // Hang guard: a bpftrace that has not attached within a minute is stopped (its output then ends).
        let attached = Lock(false)
        let guarded = Guarded(process)
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) {
            if !attached.withLock({ $0 }) { guarded.stop(sending: SIGTERM) }
        }
        // BEGIN runs once every probe is attached.
        var seen = ""
        while !seen.contains("ready") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }                        // bpftrace exited without attaching
            seen += String(decoding: chunk, as: UTF8.self)
        }
        attached.withLock { $0 = true }
        let ns = measure(iterations: iterations, samples: 3) { n in for i in 0..<n { uprobeTarget(i) } }
        DispatchQueue.global().async { guarded.stop(sending: SIGINT) }
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = seen + String(decoding: rest, as: UTF8.self)
        // "@n: 1234567"
        // A count below the calls made while it was attached means the uprobe was not on the calls measured.
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("@n:") }),
              let counted = Int(line.dropFirst(3).trimmingCharacters(in: .whitespaces)), counted >= iterations else { return nil }
        return Measurement(nsPerOp: ns, counted: counted)
    }

    // @unchecked Sendable: the hang guards only read the process's pid and isRunning and send it signals, which
    // Process allows from any thread.
    private final class Guarded: @unchecked Sendable {
        let process: Process
        init(_ process: Process) { self.process = process }

        /// Sends `signal`, again every second while bpftrace runs, and SIGKILL after 30 s: bpftrace 0.17 sometimes
        /// stays in its event loop after one SIGINT, and the benchmark (CI's too) must never wait for it forever.
        func stop(sending signal: Int32) {
            for _ in 0..<30 where process.isRunning {
                kill(process.processIdentifier, signal)
                sleep(1)
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    private static func tool() -> String? {
        ["/usr/bin/bpftrace", "/usr/sbin/bpftrace", "/usr/local/bin/bpftrace"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
