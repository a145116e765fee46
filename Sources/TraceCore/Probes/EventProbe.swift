import CTraceCore

/// An event probe with the declared argument types: `EventProbe<Int, String>` fires with exactly an
/// `Int` and a `String` (any other types or arity is a compile error).
public typealias EventProbe<each Argument: ProbeArgument> = EventProbeOf<(repeat each Argument)>

/// A named event probe (`provider:module:function:name`), fired with `fire(…)`.
///
/// `Arguments` is the tuple of the declared types (a single type for one argument, `()` for none);
/// each arity's `fire` is available only when its parameter types are those types, so a probe
/// declared `Int` does not take a `String`. The enabled path hands plain 64-bit words to a
/// non-generic entry point, so nothing generic is left on the firing path. A value: stored in a
/// service's class, its enabled word's address is read from the service's object itself, so the
/// disabled check is two dependent loads (that address, the word) and a branch.
// @unchecked Sendable: immutable; the enabled word is its site's, read with a C atomic load.
public struct EventProbeOf<Arguments>: @unchecked Sendable {
    /// The registered site.
    public let site: ProbeSite
    /// The site's enabled word, held here so the disabled check is one load from the probe.
    @usableFromInline let enabledWord: UnsafeMutablePointer<Int64>

    init(site: ProbeSite) {
        self.site = site
        enabledWord = site.enabledWord
    }

    /// Whether some enabled program fires here: check it before computing an expensive argument.
    @inlinable @inline(__always)
    public var isEnabled: Bool { trace_load_enabled(enabledWord) != 0 }
}

extension EventProbeOf where Arguments == () {
    /// Fires the event. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire() {
        if _fastPath(!isEnabled) { return }
        site._fire0()
    }
}

extension EventProbeOf where Arguments: ProbeArgument {
    /// Fires the event with its one argument. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire(_ a: Arguments) {
        if _fastPath(!isEnabled) { return }
        site._fire1(a._traceWord)
    }
}

extension EventProbeOf {
    /// Fires the event with its 2 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument>(_ a: A, _ b: B) where Arguments == (A, B) {
        if _fastPath(!isEnabled) { return }
        site._fire2(a._traceWord, b._traceWord)
    }
}

extension EventProbeOf {
    /// Fires the event with its 3 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument>(_ a: A, _ b: B, _ c: C) where Arguments == (A, B, C) {
        if _fastPath(!isEnabled) { return }
        site._fire3(a._traceWord, b._traceWord, c._traceWord)
    }
}

extension EventProbeOf {
    /// Fires the event with its 4 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D) where Arguments == (A, B, C, D) {
        if _fastPath(!isEnabled) { return }
        site._fire4(a._traceWord, b._traceWord, c._traceWord, d._traceWord)
    }
}

extension EventProbeOf {
    /// Fires the event with its 5 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) where Arguments == (A, B, C, D, E) {
        if _fastPath(!isEnabled) { return }
        site._fire5(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord)
    }
}

extension EventProbeOf {
    /// Fires the event with its 6 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) where Arguments == (A, B, C, D, E, F) {
        if _fastPath(!isEnabled) { return }
        site._fire6(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord)
    }
}

extension EventProbeOf {
    /// Fires the event with its 7 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G) where Arguments == (A, B, C, D, E, F, G) {
        if _fastPath(!isEnabled) { return }
        site._fire7(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord)
    }
}

extension EventProbeOf {
    /// Fires the event with its 8 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H) where Arguments == (A, B, C, D, E, F, G, H) {
        if _fastPath(!isEnabled) { return }
        site._fire8(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord)
    }
}

extension EventProbeOf {
    /// Fires the event with its 9 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I) where Arguments == (A, B, C, D, E, F, G, H, I) {
        if _fastPath(!isEnabled) { return }
        site._fire9(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord, i._traceWord)
    }
}

extension EventProbeOf {
    /// Fires the event with its 10 arguments. Disabled: one load and a branch.
    @inlinable @inline(__always)
    public func fire<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument, J: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, _ j: J) where Arguments == (A, B, C, D, E, F, G, H, I, J) {
        if _fastPath(!isEnabled) { return }
        site._fire10(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord, i._traceWord, j._traceWord)
    }
}
