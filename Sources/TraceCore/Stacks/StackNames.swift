/// What a reader sees of an interned stack: frame names, the runtime's own frames trimmed, cut to the
/// depth the program asked for.
enum StackNames {
    /// The frames of a stack, outermost last, each as `module`function+0xoffset`.
    static func frames(_ entry: StackTable.Entry) -> [String] {
        let symbolicator = Symbolicator.shared
        var frames: [Symbolicator.Frame] = []
        for (i, address) in entry.frames.enumerated() {
            frames.append(symbolicator.frame(address, isReturnAddress: !(entry.origin == .sample && i == 0)))
        }
        if entry.origin == .probe {
            // A probe's stack starts inside the runtime (the clause, the dispatcher, the probe's entry point).
            while let first = frames.first, first.symbol.map(isRuntimeSymbol) ?? false { frames.removeFirst() }
        }
        return frames.prefix(entry.depth).map(\.text)
    }

    /// Whether a mangled symbol is one of TraceCore's own functions or closures.
    static func isRuntimeSymbol(_ symbol: String) -> Bool {
        symbol.hasPrefix("$s9TraceCore") || symbol.hasPrefix("trace_stack_capture")
    }
}
