// `detach [--keep]` for a console attached to another process: a backend request, which a co-hosted console's
// backend refuses. `quit` in an attached console is a plain detach: the connection ends and the agent deletes
// the console's programs.
import TraceAgent

extension Interpreter {
    /// `detach` (delete this console's programs and leave) or `detach --keep` (leave them enabled).
    func detach(_ args: [String]) throws(CommandError) -> CommandResult {
        var keep = false
        for a in args {
            guard a == "--keep" else { throw CommandError("usage: detach [--keep]") }
            keep = true
        }
        switch backend.perform(.detach(keep: keep)) {
        case .detached(let result, let pid, let execname):
            var note = "detached from pid \(pid) (\(execname))"
            if let fleet = backend as? FleetBackend {   // several processes: Attach/FleetBackend.swift
                note = "detached from " + fleet.live.map { "pid \($0.pid) (\($0.execname))" }.joined(separator: ", ")
            }
            if !result.kept.isEmpty {
                note += "; left enabled: " + result.kept.joined(separator: ", ")
            }
            if !result.removed.isEmpty {
                note += "; disabled and deleted: " + result.removed.joined(separator: ", ")
            }
            return CommandResult(messages: note + "\n", effects: [.detached])
        case .failure(let error):
            throw CommandError(error.description)
        default:
            throw CommandError("detach failed: the backend answered something else")
        }
    }
}
