/// A named event probe (`provider:module:function:name`) with typed arguments, fired with `fire(…)`.
///
/// `Argument` records the declared types; `fire` takes the values positionally. Each arity has its
/// own overload, and the enabled path hands plain 64-bit words to a non-generic entry point, so
/// nothing generic is left on the firing path.
public final class EventProbe<each Argument: ProbeArgument>: Sendable {
    /// The registered site.
    public let site: ProbeSite

    init(site: ProbeSite) { self.site = site }

    /// Fires the event with 0 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire() {
        if _fastPath(!site.isEnabled) { return }
        site._fire0()
    }

    /// Fires the event with 1 argument. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument>(_ a: A) {
        if _fastPath(!site.isEnabled) { return }
        site._fire1(a._traceWord)
    }

    /// Fires the event with 2 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument>(_ a: A, _ b: B) {
        if _fastPath(!site.isEnabled) { return }
        site._fire2(a._traceWord, b._traceWord)
    }

    /// Fires the event with 3 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument>(_ a: A, _ b: B, _ c: C) {
        if _fastPath(!site.isEnabled) { return }
        site._fire3(a._traceWord, b._traceWord, c._traceWord)
    }

    /// Fires the event with 4 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D) {
        if _fastPath(!site.isEnabled) { return }
        site._fire4(a._traceWord, b._traceWord, c._traceWord, d._traceWord)
    }

    /// Fires the event with 5 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) {
        if _fastPath(!site.isEnabled) { return }
        site._fire5(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord)
    }

    /// Fires the event with 6 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) {
        if _fastPath(!site.isEnabled) { return }
        site._fire6(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord)
    }

    /// Fires the event with 7 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G) {
        if _fastPath(!site.isEnabled) { return }
        site._fire7(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord)
    }

    /// Fires the event with 8 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H) {
        if _fastPath(!site.isEnabled) { return }
        site._fire8(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord)
    }
}
