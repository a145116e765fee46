import Synchronization

/// The process-wide bound on tracing memory (`set memory`): every program's declared state and its
/// growth at run time (shard tables, strings, array entries, `self->` stores) and the threads' trace
/// buffers are charged here. A charge that does not fit is refused; the caller drops the data and counts it.
enum MemoryBudget {
    /// The default budget: 256 MiB.
    static let defaultBytes = 256 << 20
    private static let limit = Atomic<Int>(defaultBytes)
    private static let used = Atomic<Int>(0)
    /// Bytes given back since the allocator last returned its free pages to the system.
    private static let refundedSinceTrim = Atomic<Int>(0)
    /// Refunds past this make the service thread give the freed pages back to the system.
    static let trimThreshold = 1 << 20

    /// Bytes the budget allows.
    static var limitBytes: Int {
        get { limit.load(ordering: .relaxed) }
        set { limit.store(newValue, ordering: .relaxed) }
    }

    /// Bytes charged now, by every program and buffer.
    static var usedBytes: Int { used.load(ordering: .relaxed) }

    /// Charges `bytes` if they fit under the budget; false (nothing charged) if they do not.
    static func charge(_ bytes: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            if current + bytes > limit.load(ordering: .relaxed) { return false }
            let (exchanged, original) = used.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    /// Charges `bytes` whatever the budget (memory already taken that must be accounted for).
    static func chargeAnyway(_ bytes: Int) {
        used.add(bytes, ordering: .relaxed)
    }

    /// Gives back what a charge took.
    static func refund(_ bytes: Int) {
        used.subtract(bytes, ordering: .relaxed)
        refundedSinceTrim.add(bytes, ordering: .relaxed)
    }

    /// Whether enough was given back for the allocator's free pages to be returned to the system now;
    /// true once per `trimThreshold` bytes refunded (the service thread asks, and trims).
    static func takeTrimDue() -> Bool {
        guard refundedSinceTrim.load(ordering: .relaxed) >= trimThreshold else { return false }
        refundedSinceTrim.store(0, ordering: .relaxed)
        return true
    }
}

/// What one program instance holds of the budget, for `programs` and for giving it all back when the
/// instance is freed.
final class MemoryAccount: Sendable {
    private let held = Atomic<Int>(0)

    /// Bytes the program holds now.
    var bytes: Int { held.load(ordering: .relaxed) }

    /// Charges `bytes` to the budget and to this program; false if they do not fit under the budget.
    func charge(_ bytes: Int) -> Bool {
        guard MemoryBudget.charge(bytes) else { return false }
        held.add(bytes, ordering: .relaxed)
        return true
    }

    /// Gives back part of what this program holds.
    func refund(_ bytes: Int) {
        held.subtract(bytes, ordering: .relaxed)
        MemoryBudget.refund(bytes)
    }

    deinit { MemoryBudget.refund(held.load(ordering: .relaxed)) }
}
