import CTraceCore

/// The slow path of every enabled firing: find the thread's state and configuration, run the clauses.
enum Dispatcher {
    /// Every 64th firing of a thread is timed, and its time scaled, for per-program cost accounting.
    @inline(__always) static var sampleMask: Int64 { 63 }

    @inline(__always)
    static func fire(_ site: ProbeSite, _ frame: inout ProbeFrame) {
        guard let t = beginFiring(site) else { return }
        runClauses(site, t, &frame)
    }

    /// The calling thread's state, marked as firing with its configuration current; nil (a counted
    /// drop) when the thread is over the thread limit.
    @inline(__always)
    private static func beginFiring(_ site: ProbeSite) -> UnsafeMutablePointer<trace_thread>? {
        guard let t = ThreadRegistry.current() else {
            ThreadRegistry.countOverflow(site)
            return nil
        }
        // Depth first, then the generation: a writer that bumped the generation and then barriered either
        // sees this depth or this firing sees the new generation (ThreadRegistry.waitForQuiescence).
        trace_enter_firing(&t.pointee.depth)
        if _slowPath(t.pointee.gen != trace_generation_load()) { ThreadRegistry.refresh(t) }
        return t
    }

    /// Ends a firing: no longer in flight, its stashed strings given up.
    @inline(__always)
    static func endFiring(_ t: UnsafeMutablePointer<trace_thread>) {
        trace_end_firing(t)
    }

    /// Runs the site's clauses of the thread's configuration (depth already set, generation current),
    /// timing them when the thread's countdown runs out, then ends the firing.
    @inline(__always)
    static func runClauses(_ site: ProbeSite, _ t: UnsafeMutablePointer<trace_thread>, _ frame: inout ProbeFrame) {
        let config = Unmanaged<Configuration>.fromOpaque(t.pointee.config!)
        let clauses = config._withUnsafeGuaranteedRef { c in
            site.id < c.siteCount ? c.table[site.id] : UnsafeBufferPointer(start: nil, count: 0)
        }
        if !clauses.isEmpty {
            let n = t.pointee.countdown &- 1
            if _fastPath(n > 0) {
                t.pointee.countdown = n
                for clause in clauses {
                    clause._withUnsafeGuaranteedRef { $0.run(&frame, t, site) }
                }
            } else {
                t.pointee.countdown = sampleMask + 1
                for clause in clauses {
                    let start = trace_rdtsc()
                    clause._withUnsafeGuaranteedRef { $0.run(&frame, t, site) }
                    let spent = Clock.ticksToNanoseconds(trace_rdtsc() &- start) &* (sampleMask + 1)
                    clause._withUnsafeGuaranteedRef { $0.program.addSampledTime(spent, thread: t) }
                }
            }
        }
        endFiring(t)
    }

    /// An event probe's firing with three or more argument words in `frame` (ProbeSite._fire3…_fire10): `planned`,
    /// the site's plan with the two words it names (the entry point found it and counted the countdown down); else
    /// `fireUnplanned`.
    @inline(never)
    static func fireFrame(_ site: ProbeSite, _ frame: inout ProbeFrame, planned: Bool) {
        let t = trace_thread_get()
        if planned, let ops = ThreadPlans.ops(t, site.id) {
            return runPlan(ops, t, &frame)
        }
        fireUnplanned(site, &frame)
    }

    /// An event probe's firing with at most two argument words that its entry point found no plan for
    /// (ProbeSite._fire0/1/2): `fireUnplanned` with a frame.
    @inline(never)
    static func fireSlow(_ w0: Int64, _ w1: Int64, _ site: ProbeSite, count: Int) {
        var frame = ProbeFrame()
        if count > 0 { frame.append(w0) }
        if count > 1 { frame.append(w1) }
        fireUnplanned(site, &frame)
    }

    /// A firing its entry point found no plan for (depth set): on a thread whose configuration is current, the
    /// general path (the site has no plan, or this firing is one of every 64th, which the general path times); else
    /// the slow path — a thread not yet registered, or whose configuration moved (the bump withdrew its plans) — which
    /// registers or refreshes it and then takes the site's plan or the general path.
    @inline(__always)
    private static func fireUnplanned(_ site: ProbeSite, _ frame: inout ProbeFrame) {
        let t = trace_thread_get()
        if t.pointee.gen == trace_generation_load() {
            return runClauses(site, t, &frame)
        }
        guard let t = beginFiring(site) else { return }
        if let ops = ThreadPlans.ops(t, site.id), ThreadPlans.untimedOnce(t) {
            return runPlan(ops, t, &frame)
        }
        runClauses(site, t, &frame)
    }

    /// Runs a site's ops with the two words of `frame` they name, and ends the firing.
    @inline(__always)
    private static func runPlan(_ ops: UnsafeMutablePointer<ThreadOp>, _ t: UnsafeMutablePointer<trace_thread>, _ frame: inout ProbeFrame) {
        let (a, b) = ReturnPlans.words(ops.pointee.sources, &frame)
        ThreadPlans.run(a, b, ops, t)
    }
}

/// Stashes a string argument for the current firing; returns its slot. A small or immortal string on a thread
/// with its scratch is stored as its 16 bits, with no retain and no register saved; anything else takes `_traceStashStringSlow`.
@inline(never)
public func _traceStashString(_ s: String) -> Int64 {
    let bits = unsafeBitCast(s, to: (UInt64, UInt64).self)
    // A thread not yet registered has the shared unregistered state, whose scratch is nil.
    let t = trace_thread_get()
    if let extras = t.pointee.extras, StringKeyCache.isIdentity(bits.1) {
        let slot = Int64(t.pointee.stash_count)
        if _fastPath(UInt64(bitPattern: slot) < UInt64(ThreadScratch.stashCapacity)) {
            let b = extras.assumingMemoryBound(to: ThreadScratch.self).pointee.stashBits + Int(slot) &* 2
            b[0] = bits.0
            b[1] = bits.1
            t.pointee.stash_count = Int32(truncatingIfNeeded: slot &+ 1)
            return slot
        }
        return -1
    }
    return _traceStashStringSlow(s)
}

/// `_traceStashString` for a heap string (retained in the stash until the firing's next strings replace it), a
/// thread not yet registered or without its scratch.
@inline(never)
func _traceStashStringSlow(_ s: String) -> Int64 {
    guard let t = ThreadRegistry.current() else { return -1 }
    let slot = Int(t.pointee.stash_count)
    guard ThreadRegistry.extras(t).pointee.stash(s, at: slot) else { return -1 }
    t.pointee.stash_count = Int32(slot + 1)
    return Int64(slot)
}
