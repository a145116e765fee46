// A view of the process-wide runtime limited to one test file's programs and probes. Swift Testing runs
// suites in parallel in one process, so a test must never list, drain or stop another test's programs.
import Foundation
import TraceCore
import TraceSystem
@testable import Console
@testable import TraceAgent

/// LocalBackend, showing only programs named with `prefix` (or defined through this backend, like `p3`) and
/// probes of `provider`; `stopAll` stops only those programs and `drainOutput` drains only theirs.
final class ScopedBackend: TraceBackend, Sendable {
    let local = LocalBackend()
    let prefix: String
    let provider: String
    private let defined = Lock<Set<String>>([])

    init(prefix: String, provider: String) {
        self.prefix = prefix
        self.provider = provider
    }

    private func mine(_ name: String) -> Bool {
        name.hasPrefix(prefix) || defined.withLock { $0.contains(name) }
    }

    func perform(_ request: BackendRequest) -> BackendResponse {
        switch request {
        case .listPrograms:
            guard case .programs(let all) = local.perform(request) else { return local.perform(request) }
            return .programs(all.filter { mine($0.name) })
        case .listProbes:
            guard case .probes(let all) = local.perform(request) else { return local.perform(request) }
            return .probes(all.filter { $0.provider == provider })
        case .stopAll:
            for p in TraceRuntime.shared.programs() where mine(p.name) && p.enabled { try? TraceRuntime.shared.disable(p.name) }
            return .done
        case .drainOutput:
            let names = TraceRuntime.shared.programs().map(\.name).filter(mine)
            let records = names.flatMap { TraceRuntime.shared.drainOutput(program: $0) }.sorted { $0.ticks < $1.ticks }
            return .output(records.map(LocalBackend.wire))
        default:
            let response = local.perform(request)
            if case .defined(let info) = response {
                defined.withLock { _ = $0.insert(info.name) }
            }
            return response
        }
    }

    /// Deletes every program of this scope (end of a test).
    func deleteAll() {
        for p in TraceRuntime.shared.programs() where mine(p.name) { try? TraceRuntime.shared.delete(p.name) }
    }
}

/// Runs `body` with an interpreter on a fresh scope, deleting the scope's programs afterwards.
func withInterpreter<R>(prefix: String, provider: String, _ body: (Interpreter, ScopedBackend) throws -> R) rethrows -> R {
    let backend = ScopedBackend(prefix: prefix, provider: provider)
    backend.deleteAll()
    defer { backend.deleteAll() }
    return try body(Interpreter(backend: backend), backend)
}

extension CommandResult {
    /// Messages and output together, as a terminal shows them.
    var text: String { messages + output }
}
