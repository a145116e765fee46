import Synchronization

/// A one-way flag that worker loops poll to know when to finish.
public final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// Creates a lowered flag.
    public init() {}

    /// Whether `raise()` has been called.
    public var isRaised: Bool { raised.load(ordering: .acquiring) }

    /// Asks the loops to finish.
    public func raise() { raised.store(true, ordering: .releasing) }
}
