/// What a gateway asks the matcher to do, stamped with when it was queued.
public struct MatcherRequest: Sendable {
    /// The operation.
    public enum Kind: Sendable {
        case submit(Order)
        case cancel(orderID: Int)
        case amend(orderID: Int, price: Int, quantity: Int)

        /// The name probes report (`submit`, `cancel`, `amend`).
        var name: String {
            switch self {
            case .submit: return "submit"
            case .cancel: return "cancel"
            case .amend: return "amend"
            }
        }
    }

    /// The client the request comes from.
    public let client: Int
    /// What to do.
    public let kind: Kind
    /// `MonotonicClock.nanoseconds()` when queued.
    public let queuedAt: Int

    /// Creates a request queued now.
    public init(client: Int, kind: Kind, queuedAt: Int = MonotonicClock.nanoseconds()) {
        self.client = client
        self.kind = kind
        self.queuedAt = queuedAt
    }
}
