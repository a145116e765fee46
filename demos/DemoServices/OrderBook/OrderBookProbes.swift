import TraceCore

/// Every probe of the order-book demo, declared once at start-up (never lazily) and passed to the components.
///
/// Sides are 0 = buy, 1 = sell; prices are in ticks; clients are numbered from 1.
public final class OrderBookProbes: Sendable {
    /// The provider (`orders` in the demo; tests use their own name).
    public let provider: TraceProvider

    /// `orders:gateway:submit:entry|return` (client, side, price, qty); retval = order id, 0 if rejected.
    public let submit: FunctionProbe<Int, Int, Int, Int>
    /// `orders:gateway:cancel:entry|return` (client, side, price, qty); retval 1 = forwarded to the matcher.
    public let cancel: FunctionProbe<Int, Int, Int, Int>
    /// `orders:gateway:amend:entry|return` (client, side, price, qty: the new values); retval 1 = forwarded, 0 = rejected.
    public let amend: FunctionProbe<Int, Int, Int, Int>
    /// `orders:gateway:queue:reject` (client, reason): the matcher's queue was full or stopped.
    public let queueReject: EventProbe<Int, String>

    /// `orders:risk:check:entry|return` (client, side, price, qty); retval 1 = accepted, 0 = rejected.
    public let riskCheck: FunctionProbe<Int, Int, Int, Int>
    /// `orders:risk:check:reject` (client, reason).
    public let riskReject: EventProbe<Int, String>

    /// `orders:matcher:handle:entry|return` (kind, client, queuedns): one request on the matcher thread; retval = fills.
    public let handle: FunctionProbe<String, Int, Int>
    /// `orders:matcher:handle:reject` (client, reason): a cancel or amend of an order that is not open.
    public let handleReject: EventProbe<Int, String>

    /// `orders:book:insert:entry|return` (side, price, qty); retval = fills the new order caused.
    public let bookInsert: FunctionProbe<Int, Int, Int>
    /// `orders:book:match:entry|return` (side, price, qty); retval = fills.
    public let bookMatch: FunctionProbe<Int, Int, Int>
    /// `orders:book:cancel:entry|return` (side, price, qty); retval = quantity cancelled (0: not the owner). Unknown orders never reach it.
    public let bookCancel: FunctionProbe<Int, Int, Int>
    /// `orders:book:amend:entry|return` (side, price, qty: the new values); retval = fills.
    public let bookAmend: FunctionProbe<Int, Int, Int>
    /// `orders:book:match:fill` (price, qty, maker, taker): maker and taker are client numbers.
    public let fill: EventProbe<Int, Int, Int, Int>
    /// `orders:book:insert:rest` (side, price, qty, depth): an order's remainder rests; depth = orders now at that price.
    public let rest: EventProbe<Int, Int, Int, Int>

    /// Declares every probe under provider `name`.
    public init(provider name: String = "orders") {
        let p = TraceProvider(name)
        provider = p
        submit = p.function("gateway", "submit", ("client", Int.self), ("side", Int.self), ("price", Int.self), ("qty", Int.self))
        cancel = p.function("gateway", "cancel", ("client", Int.self), ("side", Int.self), ("price", Int.self), ("qty", Int.self))
        amend = p.function("gateway", "amend", ("client", Int.self), ("side", Int.self), ("price", Int.self), ("qty", Int.self))
        queueReject = p.event("gateway", "queue", "reject", ("client", Int.self), ("reason", String.self))
        riskCheck = p.function("risk", "check", ("client", Int.self), ("side", Int.self), ("price", Int.self), ("qty", Int.self))
        riskReject = p.event("risk", "check", "reject", ("client", Int.self), ("reason", String.self))
        handle = p.function("matcher", "handle", ("kind", String.self), ("client", Int.self), ("queuedns", Int.self))
        handleReject = p.event("matcher", "handle", "reject", ("client", Int.self), ("reason", String.self))
        bookInsert = p.function("book", "insert", ("side", Int.self), ("price", Int.self), ("qty", Int.self))
        bookMatch = p.function("book", "match", ("side", Int.self), ("price", Int.self), ("qty", Int.self))
        bookCancel = p.function("book", "cancel", ("side", Int.self), ("price", Int.self), ("qty", Int.self))
        bookAmend = p.function("book", "amend", ("side", Int.self), ("price", Int.self), ("qty", Int.self))
        fill = p.event("book", "match", "fill", ("price", Int.self), ("qty", Int.self), ("maker", Int.self), ("taker", Int.self))
        rest = p.event("book", "insert", "rest", ("side", Int.self), ("price", Int.self), ("qty", Int.self), ("depth", Int.self))
    }
}
