import CTraceCore

// `ustack(N)` as a key word: the stack captured (or, in a profile clause, the sample's), interned.

extension ExpressionCompiler {
    /// Frames captured beyond the asked depth on a probe's own stack. The walk starts at the frame that
    /// holds the probe's argument frame (the probe's entry point), so the clause and dispatcher frames are
    /// never recorded; what remains of the runtime (an inlinable entry point emitted in the caller's
    /// module) is trimmed when the stack is shown.
    static let runtimeFrameAllowance = 3

    func stackKey(depth: Int) -> IntCode {
        let table = context.program.stacks
        if context.sampled {
            let framesOffset = MemoryLayout<trace_sample>.offset(of: \trace_sample.frames)!
            return { _ throws(ClauseFault) in
                guard let sample = trace_current_sample_get() else { return -1 }
                let n = Swift.min(Int(sample.pointee.depth), depth)
                let frames = (UnsafeRawPointer(sample) + framesOffset).assumingMemoryBound(to: UInt64.self)
                let id = table.intern(frames, n, depth: depth, origin: .sample)
                if id < 0 { throw .stackTableFull(limit: StackTable.capacity) }
                return id
            }
        }
        let capture = Int32(Swift.min(depth + ExpressionCompiler.runtimeFrameAllowance, Int(TRACE_STACK_MAX_FRAMES)))
        return { f throws(ClauseFault) in
            let above = UInt64(UInt(bitPattern: f.frame))
            let id = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Int(TRACE_STACK_MAX_FRAMES)) { buffer in
                let base = buffer.baseAddress.unsafelyUnwrapped
                let n = Int(trace_stack_capture_above(base, capture, above))
                return table.intern(base, n, depth: depth, origin: .probe)
            }
            if id < 0 { throw .stackTableFull(limit: StackTable.capacity) }
            return id
        }
    }

    /// `tid` and `timestamp` in a profile clause: the sampled thread's, at the sample.
    func sampledBuiltin(_ b: BuiltinVariable) -> IntCode {
        if b == .tid { return { f in trace_current_sample_get()?.pointee.tid ?? f.thread.pointee.tid } }
        return { _ in trace_current_sample_get()?.pointee.timestamp ?? trace_monotonic_ns() }
    }
}
