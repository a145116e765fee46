import CTraceCore

/// A function probe with the declared argument types: `FunctionProbe<Int, String>`'s `entry` takes
/// exactly an `Int` and a `String` (any other types or arity is a compile error).
public typealias FunctionProbe<each Argument: ProbeArgument> = FunctionProbeOf<(repeat each Argument)>

/// A function probe: an `entry` and a `return` site sharing typed arguments; `return` also sees `retval` and `elapsed`.
///
/// `Arguments` is the tuple of the declared types (a single type for one argument, `()` for none);
/// each arity's `entry` and `return` are available only when their parameter types are those types.
public final class FunctionProbeOf<Arguments>: @unchecked Sendable {   // immutable; the enabled words live as long as their sites (the process) and are read with atomic loads
    /// The `entry` site.
    public let entrySite: ProbeSite
    /// The `return` site.
    public let returnSite: ProbeSite
    /// The two sites' enabled words (ProbeSite.enabledWord), read here one load nearer than through the sites.
    @usableFromInline let entryWord: UnsafeMutablePointer<Int64>
    @usableFromInline let returnWord: UnsafeMutablePointer<Int64>

    init(entrySite: ProbeSite, returnSite: ProbeSite) {
        self.entrySite = entrySite
        self.returnSite = returnSite
        entryWord = entrySite.enabledWord
        returnWord = returnSite.enabledWord
    }

    /// Whether either site has an enabled clause: check it before computing an expensive argument.
    @inlinable @inline(__always)
    public var isEnabled: Bool { trace_load_enabled(entryWord) | trace_load_enabled(returnWord) != 0 }

    /// What `entry` hands to `return`: the entry time and the typed arguments, kept only when the return
    /// probe was enabled at the entry (else `return` fires nothing). A few words: an `Int` probe's token is
    /// two words and a tag, a `String`'s holds the string itself (retained while the return is enabled), so
    /// no argument waits on a per-thread stack and a `return` on another thread sees the entry's arguments.
    public struct Token {
        /// rdtsc after the entry firing, odd; 0 with `arguments` nil when the return probe was off (and only then).
        @usableFromInline let start: UInt64
        @usableFromInline let arguments: Arguments?

        /// A token for `return` to ignore.
        @inlinable @inline(__always)
        init() {
            start = 0
            arguments = nil
        }

        @inlinable @inline(__always)
        init(start: UInt64, arguments: Arguments) {
            self.start = start
            self.arguments = arguments
        }

        /// The token of an `entry` that found only the return site enabled, started now (inline: no call).
        @inlinable @inline(__always)
        static func started(_ arguments: Arguments) -> Token { Token(start: trace_rdtsc() | 1, arguments: arguments) }

        /// The token after the entry site fired: started now when the return site is enabled, else empty. `entry` fires
        /// and calls this inline for arguments of plain words (its caller keeps them in registers across the call anyway),
        /// in `_fireEntry` for retained ones, so a caller's disabled path releases nothing.
        @inlinable @inline(__always)
        static func afterEntry(_ returnWord: UnsafeMutablePointer<Int64>, _ arguments: Arguments) -> Token {
            trace_load_enabled(returnWord) != 0 ? started(arguments) : Token()
        }

        /// The arguments of a token `entry` started, or nil. Plain words are tested on `start` alone, so the optional's
        /// tag is not kept in a register across the traced function's body; retained arguments (a `String`) on the
        /// optional, so a disabled `entry`'s path knows there is nothing to release.
        @inlinable @inline(__always)
        var startedArguments: Arguments? {
            if _isPOD(Arguments.self) { return start == 0 ? nil : arguments.unsafelyUnwrapped }
            return arguments
        }
    }
}

extension FunctionProbeOf where Arguments == () {
    /// Fires `entry`, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry() -> Token {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started(()) }
        // No arguments is plain words: fired and started inline, as `afterEntry` says.
        entrySite._fire0()
        return Token.afterEntry(returnWord, ())
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`(_ token: Token, _ retval: Int = 0) {
        if _fastPath(token.start == 0) { return }
        returnSite._fireReturn(token.start, 0, 0, 0, Int64(retval), count: 0)
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
    /// Fires `entry` with its 1 argument, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry(_ a: Arguments) -> Token {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started(a) }
        if _isPOD(Arguments.self) {
            entrySite._fire1(a._traceWord)
            return Token.afterEntry(returnWord, a)
        }
        return _fireEntry(a)
    }

    @inlinable @inline(never)
    func _fireEntry(_ a: Arguments) -> Token {
        entrySite._fire1(a._traceWord)
        return Token.afterEntry(returnWord, a)
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`(_ token: Token, _ retval: Int = 0) {
        guard let a = token.startedArguments else { return }
        returnSite._fireReturn(token.start, a._traceWord, 0, 0, Int64(retval), count: 1)
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
    /// Fires `entry` with its 2 arguments, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument>(_ a: A, _ b: B) -> Token where Arguments == (A, B) {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started((a, b)) }
        if _isPOD(Arguments.self) {
            entrySite._fire2(a._traceWord, b._traceWord)
            return Token.afterEntry(returnWord, (a, b))
        }
        return _fireEntry(a, b)
    }

    @inlinable @inline(never)
    func _fireEntry<A: ProbeArgument, B: ProbeArgument>(_ a: A, _ b: B) -> Token where Arguments == (A, B) {
        entrySite._fire2(a._traceWord, b._traceWord)
        return Token.afterEntry(returnWord, (a, b))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`<A: ProbeArgument, B: ProbeArgument>(_ token: Token, _ retval: Int = 0) where Arguments == (A, B) {
        guard let (a, b) = token.startedArguments else { return }
        returnSite._fireReturn(token.start, a._traceWord, b._traceWord, 0, Int64(retval), count: 2)
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
    /// Fires `entry` with its 3 arguments, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument>(_ a: A, _ b: B, _ c: C) -> Token where Arguments == (A, B, C) {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started((a, b, c)) }
        if _isPOD(Arguments.self) {
            entrySite._fire3(a._traceWord, b._traceWord, c._traceWord)
            return Token.afterEntry(returnWord, (a, b, c))
        }
        return _fireEntry(a, b, c)
    }

    @inlinable @inline(never)
    func _fireEntry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument>(_ a: A, _ b: B, _ c: C) -> Token where Arguments == (A, B, C) {
        entrySite._fire3(a._traceWord, b._traceWord, c._traceWord)
        return Token.afterEntry(returnWord, (a, b, c))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument>(_ token: Token, _ retval: Int = 0) where Arguments == (A, B, C) {
        guard let (a, b, c) = token.startedArguments else { return }
        returnSite._fireReturn(token.start, a._traceWord, b._traceWord, c._traceWord, Int64(retval), count: 3)
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
    /// Fires `entry` with its 4 arguments, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D) -> Token where Arguments == (A, B, C, D) {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started((a, b, c, d)) }
        if _isPOD(Arguments.self) {
            entrySite._fire4(a._traceWord, b._traceWord, c._traceWord, d._traceWord)
            return Token.afterEntry(returnWord, (a, b, c, d))
        }
        return _fireEntry(a, b, c, d)
    }

    @inlinable @inline(never)
    func _fireEntry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D) -> Token where Arguments == (A, B, C, D) {
        entrySite._fire4(a._traceWord, b._traceWord, c._traceWord, d._traceWord)
        return Token.afterEntry(returnWord, (a, b, c, d))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ token: Token, _ retval: Int = 0) where Arguments == (A, B, C, D) {
        guard let (a, b, c, d) = token.startedArguments else { return }
        _return(token.start, a, b, c, d, retval)
    }

    @inlinable @inline(never)
    func _return<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument>(_ start: UInt64, _ a: A, _ b: B, _ c: C, _ d: D, _ retval: Int) where Arguments == (A, B, C, D) {
        var frame = ProbeFrame()
        frame.append(a._traceWord)
        frame.append(b._traceWord)
        frame.append(c._traceWord)
        frame.append(d._traceWord)
        returnSite._fireReturn(start, &frame, Int64(retval))
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
    /// Fires `entry` with its 5 arguments, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) -> Token where Arguments == (A, B, C, D, E) {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started((a, b, c, d, e)) }
        if _isPOD(Arguments.self) {
            entrySite._fire5(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord)
            return Token.afterEntry(returnWord, (a, b, c, d, e))
        }
        return _fireEntry(a, b, c, d, e)
    }

    @inlinable @inline(never)
    func _fireEntry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E) -> Token where Arguments == (A, B, C, D, E) {
        entrySite._fire5(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord)
        return Token.afterEntry(returnWord, (a, b, c, d, e))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ token: Token, _ retval: Int = 0) where Arguments == (A, B, C, D, E) {
        guard let (a, b, c, d, e) = token.startedArguments else { return }
        _return(token.start, a, b, c, d, e, retval)
    }

    @inlinable @inline(never)
    func _return<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument>(_ start: UInt64, _ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ retval: Int) where Arguments == (A, B, C, D, E) {
        var frame = ProbeFrame()
        frame.append(a._traceWord)
        frame.append(b._traceWord)
        frame.append(c._traceWord)
        frame.append(d._traceWord)
        frame.append(e._traceWord)
        returnSite._fireReturn(start, &frame, Int64(retval))
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
    /// Fires `entry` with its 6 arguments, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) -> Token where Arguments == (A, B, C, D, E, F) {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started((a, b, c, d, e, f)) }
        if _isPOD(Arguments.self) {
            entrySite._fire6(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord)
            return Token.afterEntry(returnWord, (a, b, c, d, e, f))
        }
        return _fireEntry(a, b, c, d, e, f)
    }

    @inlinable @inline(never)
    func _fireEntry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F) -> Token where Arguments == (A, B, C, D, E, F) {
        entrySite._fire6(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord)
        return Token.afterEntry(returnWord, (a, b, c, d, e, f))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ token: Token, _ retval: Int = 0) where Arguments == (A, B, C, D, E, F) {
        guard let (a, b, c, d, e, f) = token.startedArguments else { return }
        _return(token.start, a, b, c, d, e, f, retval)
    }

    @inlinable @inline(never)
    func _return<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument>(_ start: UInt64, _ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ retval: Int) where Arguments == (A, B, C, D, E, F) {
        var frame = ProbeFrame()
        frame.append(a._traceWord)
        frame.append(b._traceWord)
        frame.append(c._traceWord)
        frame.append(d._traceWord)
        frame.append(e._traceWord)
        frame.append(f._traceWord)
        returnSite._fireReturn(start, &frame, Int64(retval))
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
    /// Fires `entry` with its 7 arguments, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G) -> Token where Arguments == (A, B, C, D, E, F, G) {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started((a, b, c, d, e, f, g)) }
        if _isPOD(Arguments.self) {
            entrySite._fire7(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord)
            return Token.afterEntry(returnWord, (a, b, c, d, e, f, g))
        }
        return _fireEntry(a, b, c, d, e, f, g)
    }

    @inlinable @inline(never)
    func _fireEntry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G) -> Token where Arguments == (A, B, C, D, E, F, G) {
        entrySite._fire7(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord)
        return Token.afterEntry(returnWord, (a, b, c, d, e, f, g))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ token: Token, _ retval: Int = 0) where Arguments == (A, B, C, D, E, F, G) {
        guard let (a, b, c, d, e, f, g) = token.startedArguments else { return }
        _return(token.start, a, b, c, d, e, f, g, retval)
    }

    @inlinable @inline(never)
    func _return<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument>(_ start: UInt64, _ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ retval: Int) where Arguments == (A, B, C, D, E, F, G) {
        var frame = ProbeFrame()
        frame.append(a._traceWord)
        frame.append(b._traceWord)
        frame.append(c._traceWord)
        frame.append(d._traceWord)
        frame.append(e._traceWord)
        frame.append(f._traceWord)
        frame.append(g._traceWord)
        returnSite._fireReturn(start, &frame, Int64(retval))
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
    /// Fires `entry` with its 8 arguments, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H) -> Token where Arguments == (A, B, C, D, E, F, G, H) {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started((a, b, c, d, e, f, g, h)) }
        if _isPOD(Arguments.self) {
            entrySite._fire8(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord)
            return Token.afterEntry(returnWord, (a, b, c, d, e, f, g, h))
        }
        return _fireEntry(a, b, c, d, e, f, g, h)
    }

    @inlinable @inline(never)
    func _fireEntry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H) -> Token where Arguments == (A, B, C, D, E, F, G, H) {
        entrySite._fire8(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord)
        return Token.afterEntry(returnWord, (a, b, c, d, e, f, g, h))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ token: Token, _ retval: Int = 0) where Arguments == (A, B, C, D, E, F, G, H) {
        guard let (a, b, c, d, e, f, g, h) = token.startedArguments else { return }
        _return(token.start, a, b, c, d, e, f, g, h, retval)
    }

    @inlinable @inline(never)
    func _return<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument>(_ start: UInt64, _ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ retval: Int) where Arguments == (A, B, C, D, E, F, G, H) {
        var frame = ProbeFrame()
        frame.append(a._traceWord)
        frame.append(b._traceWord)
        frame.append(c._traceWord)
        frame.append(d._traceWord)
        frame.append(e._traceWord)
        frame.append(f._traceWord)
        frame.append(g._traceWord)
        frame.append(h._traceWord)
        returnSite._fireReturn(start, &frame, Int64(retval))
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
    /// Fires `entry` with its 9 arguments, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I) -> Token where Arguments == (A, B, C, D, E, F, G, H, I) {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started((a, b, c, d, e, f, g, h, i)) }
        if _isPOD(Arguments.self) {
            entrySite._fire9(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord, i._traceWord)
            return Token.afterEntry(returnWord, (a, b, c, d, e, f, g, h, i))
        }
        return _fireEntry(a, b, c, d, e, f, g, h, i)
    }

    @inlinable @inline(never)
    func _fireEntry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I) -> Token where Arguments == (A, B, C, D, E, F, G, H, I) {
        entrySite._fire9(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord, i._traceWord)
        return Token.afterEntry(returnWord, (a, b, c, d, e, f, g, h, i))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument>(_ token: Token, _ retval: Int = 0) where Arguments == (A, B, C, D, E, F, G, H, I) {
        guard let (a, b, c, d, e, f, g, h, i) = token.startedArguments else { return }
        _return(token.start, a, b, c, d, e, f, g, h, i, retval)
    }

    @inlinable @inline(never)
    func _return<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument>(_ start: UInt64, _ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, _ retval: Int) where Arguments == (A, B, C, D, E, F, G, H, I) {
        var frame = ProbeFrame()
        frame.append(a._traceWord)
        frame.append(b._traceWord)
        frame.append(c._traceWord)
        frame.append(d._traceWord)
        frame.append(e._traceWord)
        frame.append(f._traceWord)
        frame.append(g._traceWord)
        frame.append(h._traceWord)
        frame.append(i._traceWord)
        returnSite._fireReturn(start, &frame, Int64(retval))
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
    /// Fires `entry` with its 10 arguments, and starts the clock for `return`. Disabled: the two enabled words and one branch.
    @inlinable @inline(__always)
    public func entry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument, J: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, _ j: J) -> Token where Arguments == (A, B, C, D, E, F, G, H, I, J) {
        let entryOn = trace_load_enabled(entryWord)
        if _fastPath(entryOn | trace_load_enabled(returnWord) == 0) { return Token() }
        if entryOn == 0 { return Token.started((a, b, c, d, e, f, g, h, i, j)) }
        if _isPOD(Arguments.self) {
            entrySite._fire10(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord, i._traceWord, j._traceWord)
            return Token.afterEntry(returnWord, (a, b, c, d, e, f, g, h, i, j))
        }
        return _fireEntry(a, b, c, d, e, f, g, h, i, j)
    }

    @inlinable @inline(never)
    func _fireEntry<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument, J: ProbeArgument>(_ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, _ j: J) -> Token where Arguments == (A, B, C, D, E, F, G, H, I, J) {
        entrySite._fire10(a._traceWord, b._traceWord, c._traceWord, d._traceWord, e._traceWord, f._traceWord, g._traceWord, h._traceWord, i._traceWord, j._traceWord)
        return Token.afterEntry(returnWord, (a, b, c, d, e, f, g, h, i, j))
    }

    /// Fires `return` with the entry's arguments, `retval` and `elapsed` (ns since `entry`).
    @inlinable @inline(__always)
    public func `return`<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument, J: ProbeArgument>(_ token: Token, _ retval: Int = 0) where Arguments == (A, B, C, D, E, F, G, H, I, J) {
        guard let (a, b, c, d, e, f, g, h, i, j) = token.startedArguments else { return }
        _return(token.start, a, b, c, d, e, f, g, h, i, j, retval)
    }

    @inlinable @inline(never)
    func _return<A: ProbeArgument, B: ProbeArgument, C: ProbeArgument, D: ProbeArgument, E: ProbeArgument, F: ProbeArgument, G: ProbeArgument, H: ProbeArgument, I: ProbeArgument, J: ProbeArgument>(_ start: UInt64, _ a: A, _ b: B, _ c: C, _ d: D, _ e: E, _ f: F, _ g: G, _ h: H, _ i: I, _ j: J, _ retval: Int) where Arguments == (A, B, C, D, E, F, G, H, I, J) {
        var frame = ProbeFrame()
        frame.append(a._traceWord)
        frame.append(b._traceWord)
        frame.append(c._traceWord)
        frame.append(d._traceWord)
        frame.append(e._traceWord)
        frame.append(f._traceWord)
        frame.append(g._traceWord)
        frame.append(h._traceWord)
        frame.append(i._traceWord)
        frame.append(j._traceWord)
        returnSite._fireReturn(start, &frame, Int64(retval))
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
