// `detach [--keep]` for a console attached to another process (the command's table entry and dispatch line
// are in Commands/; its behaviour is here, beside the backend it needs). `quit` in an attached console is a
// plain detach: the connection ends and the agent deletes the console's programs.

extension Interpreter {
    /// `detach` (delete this console's programs and leave) or `detach --keep` (leave them enabled).
    func detach(_ args: [String]) throws(CommandError) -> CommandResult {
        var keep = false
        for a in args {
            guard a == "--keep" else { throw CommandError("usage: detach [--keep]") }
            keep = true
        }
        guard let remote = backend as? RemoteBackend else {
            throw CommandError("this console is not attached to another process (detach is for trace-console attach; use quit)")
        }
        let result: DetachResult
        do { result = try remote.detach(keep: keep) } catch {
            throw CommandError("detach failed: \(error)")
        }
        var note = "detached from pid \(remote.server.pid) (\(remote.server.execname))"
        if !result.kept.isEmpty {
            note += "; left enabled: " + result.kept.joined(separator: ", ")
        }
        if !result.removed.isEmpty {
            note += "; disabled and deleted: " + result.removed.joined(separator: ", ")
        }
        return CommandResult(messages: note + "\n", effects: [.quit])
    }
}
