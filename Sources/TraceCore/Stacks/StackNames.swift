/// What a reader sees of an interned stack: frame names, the runtime's own frames trimmed, cut to the
/// depth the program asked for; and of an interned symbol (`ufunc` and the like), its one name.
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

    /// An interned entry as a key component: a stack's frames, a symbol's name.
    static func value(_ entry: StackTable.Entry) -> TraceValue {
        guard let form = SymbolForm(rawValue: entry.origin.rawValue) else { return .stack(frames(entry)) }
        return .string(symbol(entry.frames.first ?? 0, form))
    }

    /// An address as `ufunc` (`module`function`), `umod` (`module`) or `uaddr` (`module`function+0xoffset`)
    /// print it, as DTrace does; an address in no module prints as `0x…`.
    static func symbol(_ address: UInt64, _ form: SymbolForm) -> String {
        let f = Symbolicator.shared.frame(address, isReturnAddress: false)
        if f.module == "?" { return "0x" + String(address, radix: 16) }
        switch form {
        case .module: return f.module
        case .function: return f.function.map { "\(f.module)`\($0)" } ?? f.text
        case .address: return f.text
        }
    }

    /// Whether a mangled symbol is one of TraceCore's own functions or closures.
    static func isRuntimeSymbol(_ symbol: String) -> Bool {
        symbol.hasPrefix("$s9TraceCore") || symbol.hasPrefix("trace_stack_capture")
    }
}
