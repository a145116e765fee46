import CTraceCore

/// The slow path of every enabled firing: find the thread's state and configuration, run the clauses.
enum Dispatcher {
    /// Every 64th firing of a thread is timed, and its time scaled, for per-program cost accounting.
    @inline(__always) static var sampleMask: Int64 { 63 }

    @inline(__always)
    static func fire(_ site: ProbeSite, _ frame: inout ProbeFrame) {
        guard let t = ThreadRegistry.current() else { return ThreadRegistry.countOverflow(site) }
        // Depth first, then the generation: a writer that bumped the generation and then barriered either
        // sees this depth or this firing sees the new generation (ThreadRegistry.waitForQuiescence).
        trace_enter_firing(&t.pointee.depth)
        if _slowPath(t.pointee.gen != trace_generation_load()) { ThreadRegistry.refresh(t) }
        let config = Unmanaged<Configuration>.fromOpaque(t.pointee.config!)
        let clauses = config._withUnsafeGuaranteedRef { c in
            site.id < c.siteCount ? c.table[site.id] : UnsafeBufferPointer(start: nil, count: 0)
        }
        if !clauses.isEmpty {
            let n = t.pointee.firing_count &+ 1
            t.pointee.firing_count = n
            if _fastPath(n & sampleMask != 0) {
                for clause in clauses {
                    clause._withUnsafeGuaranteedRef { $0.run(&frame, t, site) }
                }
            } else {
                for clause in clauses {
                    let start = trace_rdtsc()
                    clause._withUnsafeGuaranteedRef { $0.run(&frame, t, site) }
                    let spent = Clock.ticksToNanoseconds(trace_rdtsc() &- start) &* (sampleMask + 1)
                    clause._withUnsafeGuaranteedRef { $0.program.addSampledTime(spent, thread: t) }
                }
            }
        }
        trace_store_release(&t.pointee.depth, 0)
        t.pointee.stash_count = 0
    }
}

/// Pushes a function probe's string argument on the thread's string stack until its `return`.
@inline(never)
public func _tracePushString(_ s: String) -> Int64 {
    guard let t = ThreadRegistry.current() else { return -1 }
    return ThreadRegistry.extras(t).pointee.push(s)
}

/// The string at a position of the thread's string stack ("" if gone).
@inline(never)
func _traceStackString(_ position: Int64) -> String {
    guard let t = ThreadRegistry.current() else { return "" }
    return ThreadRegistry.extras(t).pointee.stackString(position)
}

/// Pops the thread's string stack down to `position` (a `return` ends its entry's strings).
@inline(never)
func _tracePopStrings(to position: Int64) {
    guard let t = ThreadRegistry.current() else { return }
    ThreadRegistry.extras(t).pointee.pop(to: position)
}

/// Stashes a string argument for the current firing; returns its slot.
@inline(never)
public func _traceStashString(_ s: String) -> Int64 {
    guard let t = ThreadRegistry.current() else { return -1 }
    let slot = Int(t.pointee.stash_count)
    guard ThreadRegistry.extras(t).pointee.stash(s, at: slot) else { return -1 }
    t.pointee.stash_count = Int64(slot + 1)
    return Int64(slot)
}
