// `Console.run` as a script user runs it: options set by the test, standard output and error to pipes, the
// programs scoped to the test's own prefix and provider.
import Glibc
@testable import Console
import TraceSystem

enum ConsoleRun {
    /// Runs Console.run with the options `configure` sets; the status, standard output and standard error.
    static func run(prefix: String, provider: String, _ configure: (inout ConsoleOptions) -> Void) throws -> (Int32, String, String) {
        let out = try Syscall.makePipe(), err = try Syscall.makePipe()
        var o = ConsoleOptions()
        o.outputFD = out.write
        o.errorFD = err.write
        o.historyFile = nil
        configure(&o)
        let backend = ScopedBackend(prefix: prefix, provider: provider)
        defer { backend.deleteAll() }
        let status = Console.run(options: o, backend: backend)
        Syscall.close(out.write)
        Syscall.close(err.write)
        defer { Syscall.close(out.read); Syscall.close(err.read) }
        let stdout = String(decoding: try Syscall.readToEnd(out.read), as: UTF8.self)
        let stderr = String(decoding: try Syscall.readToEnd(err.read), as: UTF8.self)
        return (status, stdout, stderr)
    }
}
