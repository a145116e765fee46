import CTraceCore
import TraceSystem

/// Turns return addresses into `module`symbol+0xoffset` names, off the firing path: the loaded modules
/// from `dl_iterate_phdr`, each module's ELF symbol table read once, Swift names demangled.
final class Symbolicator: Sendable {
    /// The process's symbolicator (its caches live as long as the process).
    static let shared = Symbolicator()

    /// What one address resolved to.
    struct Frame: Sendable, Equatable {
        /// The module's file name (`orderbook`, `libswiftCore.so`).
        var module: String
        /// The demangled function name, or nil if no symbol covers the address.
        var function: String?
        /// The mangled symbol (what decides whether a frame is the runtime's own).
        var symbol: String?
        /// Bytes from the function's start (from the module's start when the function is unknown).
        var offset: UInt64

        /// `module`function+0xoffset`, as DTrace prints a frame (`module`0xoffset` when unknown).
        var text: String {
            let hex = "0x" + String(offset, radix: 16)
            guard let function else { return "\(module)`\(hex)" }
            return offset == 0 ? "\(module)`\(function)" : "\(module)`\(function)+\(hex)"
        }
    }

    private struct Module {
        var name: String
        var path: String
        var bias: UInt64
        var low: UInt64
        var high: UInt64
        var symbols: ELFSymbols?
    }

    private struct State {
        var modules: [Module] = []
        var names: [UInt64: Frame] = [:]
    }
    private let state = Lock(State())

    /// Names one address. `isReturnAddress`: the address follows a call, so the call itself (one byte
    /// before) decides the function.
    func frame(_ address: UInt64, isReturnAddress: Bool) -> Frame {
        let key = isReturnAddress ? address : address | (1 << 63)
        return state.withLock { s in
            if let known = s.names[key] { return known }
            let probe = isReturnAddress && address > 0 ? address - 1 : address
            var index = s.modules.firstIndex { probe >= $0.low && probe < $0.high }
            if index == nil {
                s.modules = Symbolicator.loadedModules(keeping: s.modules)
                index = s.modules.firstIndex { probe >= $0.low && probe < $0.high }
            }
            guard let i = index else {
                let f = Frame(module: "?", function: nil, symbol: nil, offset: address)
                s.names[key] = f
                return f
            }
            if s.modules[i].symbols == nil { s.modules[i].symbols = ELFSymbols(path: s.modules[i].path) }
            let m = s.modules[i]
            let fileAddress = probe - m.bias
            let f: Frame
            if let sym = m.symbols?.symbol(containing: fileAddress) {
                f = Frame(module: m.name, function: SwiftDemangle.name(sym.name), symbol: sym.name,
                          offset: address - m.bias - sym.address)
            } else {
                f = Frame(module: m.name, function: nil, symbol: nil, offset: address - m.bias)
            }
            if s.names.count > 200_000 { s.names.removeAll() }
            s.names[key] = f
            return f
        }
    }

    /// The function symbols of the module that holds `address`, at their loaded addresses: [low, high) and
    /// the mangled name of each, sorted by address (empty if no module holds it).
    func functions(inModuleContaining address: UInt64) -> [(low: UInt64, high: UInt64, name: String)] {
        state.withLock { s in
            if !s.modules.contains(where: { address >= $0.low && address < $0.high }) {
                s.modules = Symbolicator.loadedModules(keeping: s.modules)
            }
            guard let i = s.modules.firstIndex(where: { address >= $0.low && address < $0.high }) else { return [] }
            if s.modules[i].symbols == nil { s.modules[i].symbols = ELFSymbols(path: s.modules[i].path) }
            let bias = s.modules[i].bias
            return (s.modules[i].symbols?.symbols ?? []).map { (bias + $0.address, bias + $0.address + $0.size, $0.name) }
        }
    }

    private static func loadedModules(keeping old: [Module]) -> [Module] {
        var buffer = [trace_module](repeating: trace_module(), count: 512)
        let n = Int(trace_modules_list(&buffer, 512))
        let executable = Syscall.readLink("/proc/self/exe") ?? "/proc/self/exe"
        var out: [Module] = []
        for m in buffer.prefix(min(n, 512)) {
            var raw = m
            let given = withUnsafeBytes(of: &raw.path) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            // The loader names the executable ""; the vDSO has a name but no file.
            let path = given.isEmpty ? executable : given
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if let same = old.first(where: { $0.path == path && $0.bias == m.bias }) {
                out.append(same)
            } else {
                out.append(Module(name: name, path: path, bias: m.bias, low: m.low, high: m.high, symbols: nil))
            }
        }
        return out
    }
}
