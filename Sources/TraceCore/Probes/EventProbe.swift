/// A named event probe (`provider:module:function:name`) with typed arguments, fired with `fire(…)`.
public final class EventProbe<each Argument: ProbeArgument>: Sendable {
    /// The registered site.
    public let site: ProbeSite

    init(site: ProbeSite) { self.site = site }

    /// Fires the event. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire(_ argument: repeat each Argument) {
        if _fastPath(!site.isEnabled) { return }
        var frame = ProbeFrame()
        for a in repeat each argument { a._appendTo(&frame) }
        site.fire(&frame)
    }
}
