// What one attached connection may do to the service: every console request goes to the service's runtime
// through LocalBackend, with the connection's share of the rules — it owns the programs it defines (at most
// `limits.programs`), `stopAll` stops only its own programs (a console's exit must not stop anyone else's), its
// trace output comes from its own bounded queue, and the limits it may set are capped.
import TraceCore

/// The backend an agent connection performs requests on.
final class ConnectionBackend: TraceBackend, @unchecked Sendable {   // immutable after init; what it holds is thread-safe
    let id: UInt64
    let local: LocalBackend
    let runtime: TraceRuntime
    let ownership: ProgramOwnership
    let output: OutputQueue
    let router: OutputRouter
    let limits: ConnectionLimits

    init(id: UInt64, runtime: TraceRuntime, registry: ProbeRegistry, ownership: ProgramOwnership,
         output: OutputQueue, router: OutputRouter, limits: ConnectionLimits) {
        self.id = id
        self.local = LocalBackend(runtime: runtime, registry: registry)
        self.runtime = runtime
        self.ownership = ownership
        self.output = output
        self.router = router
        self.limits = limits
    }

    func perform(_ request: BackendRequest) -> BackendResponse {
        switch request {
        case .define(let name, _, _):
            let isNew = name.map { runtime.program(named: $0) == nil } ?? true
            if isNew, let refusal = overProgramLimit() { return refusal }
            return claimIfNew(local.perform(request))
        case .defineLisp:
            if let refusal = overProgramLimit() { return refusal }
            return claimIfNew(local.perform(request))
        case .delete(let program):
            let response = local.perform(request)
            if case .done = response { ownership.release(program) }
            return response
        case .stopAll:
            for name in ownership.programs(of: id) where runtime.program(named: name)?.enabled == true {
                try? runtime.disable(name)
            }
            return .done
        case .drainOutput:
            router.drainNow()
            // Leave room in the frame for the envelope and JSON's escaping.
            return .output(output.take(limitBytes: max(4096, limits.maximumFrameBytes / 4)))
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
        default:
            return local.perform(request)
        }
    }

    /// Leaves the service: keeps (releases) or deletes this connection's programs.
    func detach(keep: Bool) -> DetachResult {
        if keep {
            return DetachResult(kept: ownership.releaseAll(of: id), removed: [])
        }
        return DetachResult(kept: [], removed: deleteOwnedPrograms())
    }

    /// Disables and deletes every program this connection owns (END fires); their names.
    func deleteOwnedPrograms() -> [String] {
        let names = ownership.releaseAll(of: id)
        for name in names { try? runtime.delete(name) }
        return names
    }

    private func overProgramLimit() -> BackendResponse? {
        guard ownership.programs(of: id).count >= limits.programs else { return nil }
        return .failure(.message("this console already owns \(limits.programs) programs, the most an attached console may; delete some first"))
    }

    private func claimIfNew(_ response: BackendResponse) -> BackendResponse {
        if case .defined(let info) = response, !info.replaced { ownership.claim(info.name, for: id) }
        return response
    }
}
