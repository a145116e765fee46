// The start a service makes when it cannot afford to fail for want of an agent: if the agent cannot start
// (another user created the socket directory, a symlink sits there, the path is too long…), the service says
// why on standard error, in one line, and goes on without one — never advertising an attach that cannot work.
import TraceSystem

extension TraceAgent {
    /// Starts the agent; on failure prints `NAME: the trace agent could not start: WHY; consoles cannot attach to
    /// this process` on standard error and returns nil.
    public static func startReporting(as name: String, _ configuration: Configuration = Configuration()) -> TraceAgent? {
        do {
            return try start(configuration)
        } catch {
            try? Syscall.writeAll(2, "\(name): the trace agent could not start: \(error); consoles cannot attach to this process\n")
            return nil
        }
    }
}
