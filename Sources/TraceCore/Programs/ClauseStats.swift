import Synchronization

/// Error counts of one clause.
final class ClauseStats: Sendable {
    let errors = Atomic<Int>(0)
}
