import CTraceCore

/// What `entry` hands to `return`: the entry time and the arguments, or nothing when both probes
/// were off. Trivial (no references): string arguments wait on the thread's string stack.
public struct ProbeToken {
    /// rdtsc at entry; 0 when the probes were off.
    @usableFromInline var start: UInt64
    @usableFromInline var frame: ProbeFrame

    @inlinable init() {
        start = 0
        frame = ProbeFrame()
    }

    /// Records one argument for the entry and return firings. A string waits on the thread's
    /// string stack for `return` only when the return probe is enabled; otherwise it is stashed for
    /// the entry firing alone.
    @inlinable @inline(__always)
    mutating func record<T: ProbeArgument>(_ value: T, keepingStrings: Bool) {
        if T.traceArgumentType == .string {
            if keepingStrings {
                frame.markString()
                frame.append(_tracePushString(value._traceString))
            } else {
                frame.markStashed()
                value._appendTo(&frame)
            }
        } else {
            value._appendTo(&frame)
        }
    }
}

/// A function probe with the declared argument types: `FunctionProbe<Int, String>`'s `entry` takes
/// exactly an `Int` and a `String` (any other types or arity is a compile error).
public typealias FunctionProbe<each Argument: ProbeArgument> = FunctionProbeOf<(repeat each Argument)>

/// A function probe: an `entry` and a `return` site sharing typed arguments; `return` also sees `retval` and `elapsed`.
///
/// `Arguments` is the tuple of the declared types (a single type for one argument, `()` for none);
/// each arity's `entry` is available only when its parameter types are those types.
public final class FunctionProbeOf<Arguments>: Sendable {
    /// The `entry` site.
    public let entrySite: ProbeSite
    /// The `return` site.
    public let returnSite: ProbeSite

    init(entrySite: ProbeSite, returnSite: ProbeSite) {
        self.entrySite = entrySite
        self.returnSite = returnSite
    }

    /// Whether either site has an enabled clause: check it before computing an expensive argument.
    @inlinable @inline(__always)
    public var isEnabled: Bool { entrySite.isEnabled || returnSite.isEnabled }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`(_ token: ProbeToken, _ retval: Int = 0) {
        if _fastPath(token.start == 0) { return }
        _return(token, retval)
    }

    @inlinable @inline(never)
    func _return(_ token: ProbeToken, _ retval: Int) {
        guard returnSite.isEnabled else {
            // The entry kept string arguments for this return: release them even if no clause fires here.
            if token.frame.stringMask != 0 { var frame = token.frame; frame.dropStackedStrings() }
            return
        }
        let end = trace_rdtsc()
        var frame = token.frame
        frame.retval = Int64(retval)
        frame.elapsed = Clock.ticksToNanoseconds(end &- token.start)
        if frame.stringMask != 0 { frame.restashFromStack(popping: true) }
        returnSite.fire(&frame)
    }

    @inlinable @inline(never)
    func _entry(_ token: inout ProbeToken) {
        if entrySite.isEnabled {
            if token.frame.stringMask != 0 {
                var frame = token.frame
                frame.restashFromStack(popping: false)
                entrySite.fire(&frame)
            } else {
                entrySite.fire(&token.frame)
            }
        }
        token.start = trace_rdtsc() | 1
        // Strings stashed for the entry alone are gone at the return: it reads them as "".
        if token.frame.stashMask != 0 { token.frame.forgetStashed() }
    }
}

extension FunctionProbeOf where Arguments == () {
    /// Fires `entry` and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry() -> ProbeToken {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry()
    }

    @inlinable @inline(never)
    func _entry() -> ProbeToken {
        var token = ProbeToken()
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<R>(body: () throws -> R) rethrows -> R {
        let token = entry()
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf where Arguments: ProbeArgument {
    /// Fires `entry` with its 1 argument, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry(_ a: Arguments) -> ProbeToken {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a)
    }

    @inlinable @inline(never)
    func _entry(_ a: Arguments) -> ProbeToken {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<R>(_ a: Arguments, body: () throws -> R) rethrows -> R {
        let token = entry(a)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf {
    /// Fires `entry` with its 2 arguments, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument>(_ a: A, _ b: B) -> ProbeToken where Arguments == (A, B) {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a, b)
    }

    @inlinable @inline(never)
    func _entry<A: ProbeArgument, B: ProbeArgument>(_ a: A, _ b: B) -> ProbeToken where Arguments == (A, B) {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        token.record(b, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<A: ProbeArgument, B: ProbeArgument, R>(_ a: A, _ b: B, body: () throws -> R) rethrows -> R where Arguments == (A, B) {
        let token = entry(a, b)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf {
    /// Fires `entry` with its 3 arguments, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument>(_ a: A, _ b: B, _ c: C) -> ProbeToken where Arguments == (A, B, C) {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a, b, c)
    }

    @inlinable @inline(never)
    func _entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument>(_ a: A, _ b: B, _ c: C) -> ProbeToken where Arguments == (A, B, C) {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        token.record(b, keepingStrings: keep)
        token.record(c, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, R>(_ a: A, _ b: B, _ c: C, body: () throws -> R) rethrows -> R where Arguments == (A, B, C) {
        let token = entry(a, b, c)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf {
    /// Fires `entry` with its 4 arguments, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D) -> ProbeToken where Arguments == (A, B, C, D) {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a, b, c, d)
    }

    @inlinable @inline(never)
    func _entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D) -> ProbeToken where Arguments == (A, B, C, D) {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        token.record(b, keepingStrings: keep)
        token.record(c, keepingStrings: keep)
        token.record(d, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, R>(_ a: A, _ b: B, _ c: C, _ d: D, body: () throws -> R) rethrows -> R where Arguments == (A, B, C, D) {
        let token = entry(a, b, c, d)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf {
    /// Fires `entry` with its 5 arguments, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) -> ProbeToken where Arguments == (A, B, C, D, E) {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a, b, c, d, e)
    }

    @inlinable @inline(never)
    func _entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) -> ProbeToken where Arguments == (A, B, C, D, E) {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        token.record(b, keepingStrings: keep)
        token.record(c, keepingStrings: keep)
        token.record(d, keepingStrings: keep)
        token.record(e, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, R>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, body: () throws -> R) rethrows -> R where Arguments == (A, B, C, D, E) {
        let token = entry(a, b, c, d, e)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf {
    /// Fires `entry` with its 6 arguments, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) -> ProbeToken where Arguments == (A, B, C, D, E, F) {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a, b, c, d, e, f)
    }

    @inlinable @inline(never)
    func _entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) -> ProbeToken where Arguments == (A, B, C, D, E, F) {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        token.record(b, keepingStrings: keep)
        token.record(c, keepingStrings: keep)
        token.record(d, keepingStrings: keep)
        token.record(e, keepingStrings: keep)
        token.record(f, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, R>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, body: () throws -> R) rethrows -> R where Arguments == (A, B, C, D, E, F) {
        let token = entry(a, b, c, d, e, f)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf {
    /// Fires `entry` with its 7 arguments, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G) -> ProbeToken where Arguments == (A, B, C, D, E, F, G) {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a, b, c, d, e, f, g)
    }

    @inlinable @inline(never)
    func _entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G) -> ProbeToken where Arguments == (A, B, C, D, E, F, G) {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        token.record(b, keepingStrings: keep)
        token.record(c, keepingStrings: keep)
        token.record(d, keepingStrings: keep)
        token.record(e, keepingStrings: keep)
        token.record(f, keepingStrings: keep)
        token.record(g, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, R>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, body: () throws -> R) rethrows -> R where Arguments == (A, B, C, D, E, F, G) {
        let token = entry(a, b, c, d, e, f, g)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf {
    /// Fires `entry` with its 8 arguments, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H) -> ProbeToken where Arguments == (A, B, C, D, E, F, G, H) {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a, b, c, d, e, f, g, h)
    }

    @inlinable @inline(never)
    func _entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H) -> ProbeToken where Arguments == (A, B, C, D, E, F, G, H) {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        token.record(b, keepingStrings: keep)
        token.record(c, keepingStrings: keep)
        token.record(d, keepingStrings: keep)
        token.record(e, keepingStrings: keep)
        token.record(f, keepingStrings: keep)
        token.record(g, keepingStrings: keep)
        token.record(h, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, R>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, body: () throws -> R) rethrows -> R where Arguments == (A, B, C, D, E, F, G, H) {
        let token = entry(a, b, c, d, e, f, g, h)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf {
    /// Fires `entry` with its 9 arguments, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I) -> ProbeToken where Arguments == (A, B, C, D, E, F, G, H, I) {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a, b, c, d, e, f, g, h, i)
    }

    @inlinable @inline(never)
    func _entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I) -> ProbeToken where Arguments == (A, B, C, D, E, F, G, H, I) {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        token.record(b, keepingStrings: keep)
        token.record(c, keepingStrings: keep)
        token.record(d, keepingStrings: keep)
        token.record(e, keepingStrings: keep)
        token.record(f, keepingStrings: keep)
        token.record(g, keepingStrings: keep)
        token.record(h, keepingStrings: keep)
        token.record(i, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument, R>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, body: () throws -> R) rethrows -> R where Arguments == (A, B, C, D, E, F, G, H, I) {
        let token = entry(a, b, c, d, e, f, g, h, i)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}

extension FunctionProbeOf {
    /// Fires `entry` with its 10 arguments, and starts the clock for `return`. Disabled: two loads and a branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument, J: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, _ j: J) -> ProbeToken where Arguments == (A, B, C, D, E, F, G, H, I, J) {
        if _fastPath(!isEnabled) { return ProbeToken() }
        return _entry(a, b, c, d, e, f, g, h, i, j)
    }

    @inlinable @inline(never)
    func _entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument, J: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, _ j: J) -> ProbeToken where Arguments == (A, B, C, D, E, F, G, H, I, J) {
        var token = ProbeToken()
        let keep = returnSite.isEnabled
        token.record(a, keepingStrings: keep)
        token.record(b, keepingStrings: keep)
        token.record(c, keepingStrings: keep)
        token.record(d, keepingStrings: keep)
        token.record(e, keepingStrings: keep)
        token.record(f, keepingStrings: keep)
        token.record(g, keepingStrings: keep)
        token.record(h, keepingStrings: keep)
        token.record(i, keepingStrings: keep)
        token.record(j, keepingStrings: keep)
        _entry(&token)
        return token
    }

    /// Runs `body` between `entry` and `return` (`retval` is `body`'s result when it is an `Int`, else 0).
    @inlinable @inline(__always)
    public func around<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument, J: ProbeArgument, R>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, _ j: J, body: () throws -> R) rethrows -> R where Arguments == (A, B, C, D, E, F, G, H, I, J) {
        let token = entry(a, b, c, d, e, f, g, h, i, j)
        let result = try body()
        self.return(token, (result as? Int) ?? 0)
        return result
    }
}
