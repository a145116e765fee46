import CTraceCore

/// What `entry` hands to `return`: the arguments and the entry time, or nothing when both probes were off.
public struct ProbeToken<each Argument: ProbeArgument> {
    @usableFromInline let start: UInt64
    @usableFromInline let arguments: (repeat each Argument)?

    @inlinable init(start: UInt64, arguments: (repeat each Argument)?) {
        self.start = start
        self.arguments = arguments
    }
}

/// A function probe: an `entry` and a `return` site sharing typed arguments; `return` also sees `retval` and `elapsed`.
public final class FunctionProbe<each Argument: ProbeArgument>: Sendable {
    /// The `entry` site.
    public let entrySite: ProbeSite
    /// The `return` site.
    public let returnSite: ProbeSite

    init(entrySite: ProbeSite, returnSite: ProbeSite) {
        self.entrySite = entrySite
        self.returnSite = returnSite
    }

    /// Fires `entry` and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry(_ argument: repeat each Argument) -> ProbeToken<repeat each Argument> {
        let entryOn = entrySite.isEnabled
        if _fastPath(!entryOn && !returnSite.isEnabled) {
            return ProbeToken(start: 0, arguments: nil)
        }
        if entryOn {
            var frame = ProbeFrame()
            for a in repeat each argument { a._appendTo(&frame) }
            entrySite.fire(&frame)
        }
        return ProbeToken(start: trace_rdtsc(), arguments: (repeat each argument))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`(_ token: ProbeToken<repeat each Argument>, _ retval: Int = 0) {
        guard let arguments = token.arguments else { return }
        if _fastPath(!returnSite.isEnabled) { return }
        let end = trace_rdtsc()
        var frame = ProbeFrame()
        for a in repeat each arguments { a._appendTo(&frame) }
        frame.retval = Int64(retval)
        frame.elapsed = Clock.ticksToNanoseconds(end &- token.start)
        returnSite.fire(&frame)
    }

    /// Runs `body` between `entry` and `return`; `retval` is 0.
    @inlinable @inline(__always)
    public func around<R>(_ argument: repeat each Argument, body: () throws -> R) rethrows -> R {
        let token = entry(repeat each argument)
        let result = try body()
        self.return(token, 0)
        return result
    }

    /// Runs `body` between `entry` and `return`, whose `retval` is the integer `body` returns.
    @inlinable @inline(__always)
    public func around(_ argument: repeat each Argument, body: () throws -> Int) rethrows -> Int {
        let token = entry(repeat each argument)
        let result = try body()
        self.return(token, result)
        return result
    }
}
