import CTraceCore

/// What compiled code sees of one firing: the frame, the thread, the clause-local words. Trivial.
struct Firing {
    let frame: UnsafeMutablePointer<ProbeFrame>
    let thread: UnsafeMutablePointer<trace_thread>
    let locals: UnsafeMutablePointer<Int64>
}

/// Compiled code that evaluates to an integer.
typealias IntCode = (Firing) throws(ClauseFault) -> Int64

/// Compiled code that evaluates to a string.
typealias StringCode = (Firing) throws(ClauseFault) -> String

/// Compiled code that runs statements.
typealias ActionCode = (Firing) throws(ClauseFault) -> Void
