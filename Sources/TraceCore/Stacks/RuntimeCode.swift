import CTraceCore

/// Where TraceCore's own functions lie in the loaded image that holds them, so `caller` can step over the
/// runtime's frames on the firing path by address alone (a binary search, no lock, no allocation). Read once,
/// from the image's symbol table, when the first program that uses `caller` is defined; never freed.
// @unchecked Sendable: `bounds` is written once in init and only read afterwards.
final class RuntimeCode: @unchecked Sendable {
    /// The process's runtime code ranges.
    static let shared = RuntimeCode()

    /// [low, high) pairs of the runtime's functions, sorted by low.
    private let bounds: UnsafeMutablePointer<UInt64>
    private let count: Int

    private init() {
        let ranges = Symbolicator.shared.functions(inModuleContaining: trace_stack_runtime_anchor())
            .filter { $0.high > $0.low && StackNames.isRuntimeSymbol($0.name) }
        count = ranges.count
        bounds = .allocate(capacity: Swift.max(1, 2 * ranges.count))
        for (i, r) in ranges.enumerated() {
            bounds[2 * i] = r.low
            bounds[2 * i + 1] = r.high
        }
    }

    /// Whether the call before `returnAddress` was made from one of the runtime's functions.
    @inline(__always)
    func contains(returnAddress: UInt64) -> Bool {
        let a = returnAddress &- 1
        var low = 0, high = count
        while low < high {
            let mid = (low &+ high) >> 1
            if bounds[2 &* mid] <= a { low = mid &+ 1 } else { high = mid }
        }
        return low > 0 && a < bounds[2 &* (low &- 1) &+ 1]
    }
}
