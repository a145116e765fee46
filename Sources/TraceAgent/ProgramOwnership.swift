// Which attached connection owns which program. Programs are process-wide — every console sees every
// program — but a program defined through a connection is that connection's to clean up: disabled and deleted
// when it ends, unless it detached with --keep. A program keeps the owner it had when it was first defined;
// redefining it (from any console) does not change that. Programs nobody owns (the service's own, a co-hosted
// console's, those kept after a detach) are never touched by the agent.
import Foundation

/// Program name → owning connection, shared by the agent's connections.
final class ProgramOwnership: @unchecked Sendable {   // `owners` is touched only with `lock` held
    private let lock = NSLock()
    private var owners: [String: UInt64] = [:]

    /// Records `connection` as the owner of a newly defined program.
    func claim(_ program: String, for connection: UInt64) {
        lock.lock(); defer { lock.unlock() }
        owners[program] = connection
    }

    /// Forgets a program's owner (it was deleted, or kept on detach).
    func release(_ program: String) {
        lock.lock(); defer { lock.unlock() }
        owners[program] = nil
    }

    /// The owner of a program, if a connection owns it.
    func owner(of program: String) -> UInt64? {
        lock.lock(); defer { lock.unlock() }
        return owners[program]
    }

    /// The programs a connection owns, sorted.
    func programs(of connection: UInt64) -> [String] {
        lock.lock(); defer { lock.unlock() }
        return owners.filter { $0.value == connection }.map(\.key).sorted()
    }

    /// Forgets every program of a connection and returns their names, sorted.
    func releaseAll(of connection: UInt64) -> [String] {
        lock.lock(); defer { lock.unlock() }
        let mine = owners.filter { $0.value == connection }.map(\.key).sorted()
        for name in mine { owners[name] = nil }
        return mine
    }

    /// A snapshot of every owner, for routing output.
    func snapshot() -> [String: UInt64] {
        lock.lock(); defer { lock.unlock() }
        return owners
    }
}
