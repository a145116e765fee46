// What one attached connection may do to the service: every console request goes to the service's runtime
// through LocalBackend, with the connection's share of the rules. It owns the programs it defines (at most
// `limits.programs`): its output cursor claims them, so their output comes to it alone, and they are deleted
// when it ends unless it detached with --keep. A program keeps the owner it had when it was first defined;
// redefining it (from any console) does not change that, and programs nobody owns (the service's own, a
// co-hosted console's, those kept after a detach) are never touched by the agent. `stopAll` stops only its own
// programs (a console's exit must not stop anyone else's), its trace output comes from its own bounded
// cursor, and the limits it may set are capped.
import TraceCore

/// The backend an agent connection performs requests on.
final class ConnectionBackend: TraceBackend, Sendable {
    let local: LocalBackend
    let runtime: TraceRuntime
    /// This connection's share of the trace output, and the programs it owns.
    let cursor: OutputCursor
    let limits: ConnectionLimits
    /// Who the console is attached to, for a detach answered as a backend request.
    let hello: ServerHello

    /// A connection's backend; `unclaimedOutput`: whether the output of programs nobody owns comes to it too.
    init(runtime: TraceRuntime, registry: ProbeRegistry, limits: ConnectionLimits, hello: ServerHello, unclaimedOutput: Bool = true) {
        let cursor = runtime.openOutputCursor(limits: OutputCursor.Limits(records: limits.outputRecords, bytes: limits.outputBytes),
                                              unclaimedOutput: unclaimedOutput)
        self.local = LocalBackend(runtime: runtime, registry: registry, owner: cursor)
        self.runtime = runtime
        self.cursor = cursor
        self.limits = limits
        self.hello = hello
    }

    func perform(_ request: BackendRequest) -> BackendResponse {
        switch request {
        case .define(let name, _, _):
            let isNew = name.map { runtime.program(named: $0) == nil } ?? true
            if isNew, let refusal = overProgramLimit() { return refusal }
            return local.perform(request)   // a new program is claimed by this cursor before it can fire
        case .defineLisp:
            if let refusal = overProgramLimit() { return refusal }
            return local.perform(request)
        case .delete(let program):
            let response = local.perform(request)
            if case .done = response { cursor.release(program) }
            return response
        case .stopAll:
            for name in cursor.claimedPrograms where runtime.program(named: name)?.enabled == true {
                try? runtime.disable(name)
            }
            return .done
        case .drainOutput:
            // Leave room in the frame for the envelope and JSON's escaping.
            let batch = cursor.drain(limitBytes: max(4096, limits.maximumFrameBytes / 4))
            var records = batch.records.map(LocalBackend.wire)
            if batch.dropped > 0 {
                records.append(TraceOutput(program: "", kind: .error(
                    "\(AgentText.plural(batch.dropped, "output record")) dropped: this console was not reading fast enough")))
            }
            return .output(records)
        case .setLimits(let info):
            var refused: [String] = []
            if info.aggregationKeys > limits.aggregationKeys { refused.append("keys at most \(limits.aggregationKeys)") }
            if info.arrayEntries > limits.arrayEntries { refused.append("array entries at most \(limits.arrayEntries)") }
            if info.stringSize > limits.stringSize { refused.append("string size at most \(limits.stringSize)") }
            if info.traceBufferBytes > limits.traceBufferBytes { refused.append("trace buffer at most \(limits.traceBufferBytes) bytes") }
            if !refused.isEmpty {
                return .failure(.message("an attached console may set " + refused.joined(separator: ", ")))
            }
            return local.perform(request)
        case .detach(let keep):
            return .detached(detach(keep: keep), pid: hello.pid, execname: hello.execname)
        default:
            return local.perform(request)
        }
    }

    /// Leaves the service: keeps (releases) or deletes this connection's programs.
    func detach(keep: Bool) -> DetachResult {
        if keep {
            return DetachResult(kept: cursor.releaseAll(), removed: [])
        }
        return DetachResult(kept: [], removed: deleteOwnedPrograms())
    }

    /// Disables and deletes every program this connection owns (END fires); their names.
    func deleteOwnedPrograms() -> [String] {
        let names = cursor.releaseAll()
        for name in names {
            try? runtime.delete(name)
            local.exports.removeAll(ofProgram: name)
        }
        return names
    }

    /// The connection ended: its programs are deleted and its cursor closed.
    func end() {
        _ = deleteOwnedPrograms()
        cursor.close()
    }

    private func overProgramLimit() -> BackendResponse? {
        guard cursor.claimedPrograms.count >= limits.programs else { return nil }
        return .failure(.message("this console already owns \(limits.programs) programs, the most an attached console may; delete some first"))
    }
}
