import CTraceCore

// `ustack(N)` and the symbol functions as key words: the stack captured (or, in a profile clause, the
// sample's), or one address, interned; `caller`; and the raw frames a printf/trace record carries.

extension ExpressionCompiler {
    /// Frames captured beyond the asked depth on a probe's own stack. The walk starts at the frame that
    /// holds the probe's argument frame (the probe's entry point), so the clause and dispatcher frames are
    /// never recorded; what remains of the runtime (an inlinable entry point emitted in the caller's
    /// module) is trimmed when the stack is shown. A debug build inlines nothing, so more of the runtime's frames lie
    /// between the argument frame and the service's (the plan loop and its general-path closure among them).
    #if DEBUG
    static let runtimeFrameAllowance = 6
    #else
    static let runtimeFrameAllowance = 3
    #endif

    func stackKey(depth: Int) -> IntCode {
        let table = context.program.stacks
        if context.sampled {
            let capture = stackCapture(depth: depth)
            return { f throws(ClauseFault) in
                let id = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Int(TRACE_STACK_MAX_FRAMES)) { buffer in
                    let base = buffer.baseAddress.unsafelyUnwrapped
                    return table.intern(base, capture(f, base), depth: depth, origin: .sample)
                }
                if id < 0 { throw .stackTableFull(limit: StackTable.capacity) }
                return id
            }
        }
        // A probe's own stack: the thread's last capture for this key site is compared first (trace_stack_key),
        // so a thread that fires one stack again and again neither walks it with checks nor looks it up.
        let owner = trace_stack_new_owner()
        let capture = Int32(Swift.min(depth + ExpressionCompiler.runtimeFrameAllowance, Int(TRACE_STACK_MAX_FRAMES)))
        return { f throws(ClauseFault) in
            let id = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Int(TRACE_STACK_MAX_FRAMES)) { buffer in
                let base = buffer.baseAddress.unsafelyUnwrapped
                var n: Int32 = 0
                var hash: UInt64 = 0
                let cached = trace_stack_key(owner, UInt64(UInt(bitPattern: f.frame)), capture, base, &n, &hash)
                if _fastPath(cached >= 0) { return cached }
                return ExpressionCompiler.internWalked(table, owner, base, Int(n), hash, depth)
            }
            if id < 0 { throw .stackTableFull(limit: StackTable.capacity) }
            return id
        }
    }

    /// A walked stack (trace_stack_key missed) interned, and its id given to the thread's cache.
    @inline(never)
    static func internWalked(_ table: StackTable, _ owner: UInt64, _ frames: UnsafePointer<UInt64>, _ n: Int,
                             _ hash: UInt64, _ depth: Int) -> Int64 {
        let id = table.intern(frames, n, framesHash: hash, depth: depth, origin: .probe)
        trace_stack_key_commit(owner, id)
        return id
    }

    /// Writes the firing's stack for `ustack(depth)` into a buffer of TRACE_STACK_MAX_FRAMES words and returns
    /// how many frames it wrote: the sample's frames in a profile clause, else the thread's own from the probe up
    /// (with `runtimeFrameAllowance` frames more, trimmed when shown). No allocation, no lock.
    func stackCapture(depth: Int) -> (Firing, UnsafeMutablePointer<UInt64>) -> Int {
        if context.sampled {
            let framesOffset = MemoryLayout<trace_sample>.offset(of: \trace_sample.frames)!
            return { _, out in
                guard let sample = trace_current_sample_get() else { return 0 }
                let n = Swift.min(Int(sample.pointee.depth), depth)
                let frames = (UnsafeRawPointer(sample) + framesOffset).assumingMemoryBound(to: UInt64.self)
                out.update(from: frames, count: n)
                return n
            }
        }
        let capture = Int32(Swift.min(depth + ExpressionCompiler.runtimeFrameAllowance, Int(TRACE_STACK_MAX_FRAMES)))
        return { f, out in Int(trace_stack_capture_above(out, capture, UInt64(UInt(bitPattern: f.frame)))) }
    }

    /// `ufunc(addr)` and the like as a key word: the address interned as a one-frame entry of its form, so the
    /// reader names it (and merges the addresses of one function or module into one row).
    func symbolKey(_ form: SymbolForm, _ address: Expression) -> IntCode {
        let table = context.program.stacks
        let origin = StackTable.Origin(rawValue: form.rawValue) ?? .address
        let a = int(address)
        return { f throws(ClauseFault) in
            let word = UInt64(bitPattern: try a(f))
            let id = withUnsafePointer(to: word) { table.intern($0, 1, depth: 1, origin: origin) }
            if id < 0 { throw .stackTableFull(limit: StackTable.capacity) }
            return id
        }
    }

    /// `caller`: the return address in the function that fired the probe — the first frame `ustack()` shows,
    /// found by stepping over the runtime's own frames by address (RuntimeCode); a profile sample's PC.
    func callerAddress() -> IntCode {
        if context.sampled { return { _ in Int64(bitPattern: trace_current_sample_get()?.pointee.frames.0 ?? 0) } }
        let runtime = RuntimeCode.shared   // read now, at definition, not on the firing path
        let capture = Int32(1 + ExpressionCompiler.runtimeFrameAllowance)
        return { f in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Int(capture)) { buffer in
                let base = buffer.baseAddress.unsafelyUnwrapped
                let n = Int(trace_stack_capture_above(base, capture, UInt64(UInt(bitPattern: f.frame))))
                var i = 0
                while i < n {
                    if !runtime.contains(returnAddress: base[i]) { return Int64(bitPattern: base[i]) }
                    i &+= 1
                }
                return 0
            }
        }
    }

    /// `tid` and `timestamp` in a profile clause: the sampled thread's, at the sample.
    func sampledBuiltin(_ b: BuiltinVariable) -> IntCode {
        if b == .tid { return { f in trace_current_sample_get()?.pointee.tid ?? f.thread.pointee.tid } }
        return { _ in trace_current_sample_get()?.pointee.timestamp ?? trace_timestamp_ns() }
    }
}
