import CTraceCore

/// Stacks and symbols in printf/trace records: the firing writes raw addresses into the thread's ring, the
/// drain (off the firing path, in the service, which owns the address space) names them.
///
/// A value's words: a stack is [2 | origin << 8 | depth << 16, frame count, frames…]; a symbol
/// (`ufunc(x)`, `%A`) is [3 | form << 8, address]. Integers (tag 0) and strings (tag 1) are OutputCollector's.
enum StackRecords {
    /// Compiled code that produces one value's record words.
    typealias WordsCode = (Firing) throws(ClauseFault) -> [Int64]

    static let stackTag: Int64 = 2
    static let symbolTag: Int64 = 3

    /// The record words of a stack or symbol argument; nil for any other expression.
    static func words(_ e: Expression, _ expressions: ExpressionCompiler) -> WordsCode? {
        switch e {
        case .stack(let depth):
            let capture = expressions.stackCapture(depth: depth)
            let origin: StackTable.Origin = expressions.context.sampled ? .sample : .probe
            let head = stackTag | origin.rawValue << 8 | Int64(depth) << 16
            return { f in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Int(TRACE_STACK_MAX_FRAMES)) { buffer in
                    let base = buffer.baseAddress.unsafelyUnwrapped
                    let n = capture(f, base)
                    var words: [Int64] = [head, Int64(n)]
                    for i in 0..<n { words.append(Int64(bitPattern: base[i])) }
                    return words
                }
            }
        case .symbol(let form, let address):
            let a = expressions.int(address)
            let head = symbolTag | form.rawValue << 8
            return { f throws(ClauseFault) in [head, try a(f)] }
        default:
            return nil
        }
    }

    /// The value at `q` if its tag is a stack's or a symbol's, named now, and the words it took.
    static func value(_ tag: Int64, _ read: (Int64) -> Int64, at q: Int64) -> (TraceValue, Int64)? {
        switch tag & 0xFF {
        case stackTag:
            let n = Swift.max(0, Swift.min(Int(read(q + 1)), Int(TRACE_STACK_MAX_FRAMES)))
            let frames = (0..<n).map { UInt64(bitPattern: read(q + 2 + Int64($0))) }
            let entry = StackTable.Entry(frames: frames, depth: Int(tag >> 16), origin: StackTable.Origin(rawValue: (tag >> 8) & 0xFF) ?? .probe)
            return (.stack(StackNames.frames(entry)), 2 + Int64(n))
        case symbolTag:
            let form = SymbolForm(rawValue: (tag >> 8) & 0xFF) ?? .address
            return (.string(StackNames.symbol(UInt64(bitPattern: read(q + 1)), form)), 2)
        default:
            return nil
        }
    }
}
