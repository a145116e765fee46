/// How `ufunc`, `usym`, `umod` and `uaddr` name an address, as DTrace prints them.
public enum SymbolForm: Int64, Sendable, Equatable, Hashable {
    /// `ufunc(addr)`, `usym(addr)`: `module`function`; as a key, every address in a function is one row.
    case function = 2
    /// `umod(addr)`: `module`; as a key, every address in a module is one row.
    case module = 3
    /// `uaddr(addr)`, printf `%a`/`%A`: `module`function+0xoffset`.
    case address = 4
}
