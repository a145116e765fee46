/// A named event probe (`provider:module:function:name`) with typed arguments, fired with `fire(…)`.
///
/// `Argument` records the declared types; `fire` takes the values positionally. Each arity has its
/// own overload so the compiler specialises the whole enabled path (no generic pack traffic).
public final class EventProbe<each Argument: ProbeArgument>: Sendable {
    /// The registered site.
    public let site: ProbeSite

    init(site: ProbeSite) { self.site = site }

    /// Fires the event with 0 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire() {
        if _fastPath(!site.isEnabled) { return }
        _fire()
    }

    @inlinable @inline(never)
    func _fire() {
        var frame = ProbeFrame()

        site.fire(&frame)
    }

    /// Fires the event with 1 argument. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument>(_ a: A) {
        if _fastPath(!site.isEnabled) { return }
        _fire(a)
    }

    @inlinable @inline(never)
    func _fire<A: ProbeArgument>(_ a: A) {
        var frame = ProbeFrame()
        a._appendTo(&frame)
        site.fire(&frame)
    }

    /// Fires the event with 2 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument>(_ a: A, _ b: B) {
        if _fastPath(!site.isEnabled) { return }
        _fire(a, b)
    }

    @inlinable @inline(never)
    func _fire<A: ProbeArgument, B: ProbeArgument>(_ a: A, _ b: B) {
        var frame = ProbeFrame()
        a._appendTo(&frame)
        b._appendTo(&frame)
        site.fire(&frame)
    }

    /// Fires the event with 3 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument>(_ a: A, _ b: B, _ c: C) {
        if _fastPath(!site.isEnabled) { return }
        _fire(a, b, c)
    }

    @inlinable @inline(never)
    func _fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument>(_ a: A, _ b: B, _ c: C) {
        var frame = ProbeFrame()
        a._appendTo(&frame)
        b._appendTo(&frame)
        c._appendTo(&frame)
        site.fire(&frame)
    }

    /// Fires the event with 4 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D) {
        if _fastPath(!site.isEnabled) { return }
        _fire(a, b, c, d)
    }

    @inlinable @inline(never)
    func _fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D) {
        var frame = ProbeFrame()
        a._appendTo(&frame)
        b._appendTo(&frame)
        c._appendTo(&frame)
        d._appendTo(&frame)
        site.fire(&frame)
    }

    /// Fires the event with 5 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) {
        if _fastPath(!site.isEnabled) { return }
        _fire(a, b, c, d, e)
    }

    @inlinable @inline(never)
    func _fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) {
        var frame = ProbeFrame()
        a._appendTo(&frame)
        b._appendTo(&frame)
        c._appendTo(&frame)
        d._appendTo(&frame)
        e._appendTo(&frame)
        site.fire(&frame)
    }

    /// Fires the event with 6 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) {
        if _fastPath(!site.isEnabled) { return }
        _fire(a, b, c, d, e, f)
    }

    @inlinable @inline(never)
    func _fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) {
        var frame = ProbeFrame()
        a._appendTo(&frame)
        b._appendTo(&frame)
        c._appendTo(&frame)
        d._appendTo(&frame)
        e._appendTo(&frame)
        f._appendTo(&frame)
        site.fire(&frame)
    }

    /// Fires the event with 7 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G) {
        if _fastPath(!site.isEnabled) { return }
        _fire(a, b, c, d, e, f, g)
    }

    @inlinable @inline(never)
    func _fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G) {
        var frame = ProbeFrame()
        a._appendTo(&frame)
        b._appendTo(&frame)
        c._appendTo(&frame)
        d._appendTo(&frame)
        e._appendTo(&frame)
        f._appendTo(&frame)
        g._appendTo(&frame)
        site.fire(&frame)
    }

    /// Fires the event with 8 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H) {
        if _fastPath(!site.isEnabled) { return }
        _fire(a, b, c, d, e, f, g, h)
    }

    @inlinable @inline(never)
    func _fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H) {
        var frame = ProbeFrame()
        a._appendTo(&frame)
        b._appendTo(&frame)
        c._appendTo(&frame)
        d._appendTo(&frame)
        e._appendTo(&frame)
        f._appendTo(&frame)
        g._appendTo(&frame)
        h._appendTo(&frame)
        site.fire(&frame)
    }
}
