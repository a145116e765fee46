import Glibc

@_silgen_name("swift_demangle")
private func _swift_demangle(_ mangled: UnsafePointer<CChar>?, _ length: Int, _ out: UnsafeMutablePointer<CChar>?,
                             _ outLength: UnsafeMutablePointer<Int>?, _ flags: UInt32) -> UnsafeMutablePointer<CChar>?

/// Names as the user wrote them: Swift symbols demangled by the runtime's own demangler.
enum SwiftDemangle {
    /// The demangled form of a Swift symbol, or the symbol itself if it is not one (C, C++).
    static func name(_ symbol: String) -> String {
        guard symbol.hasPrefix("$s") || symbol.hasPrefix("_T") || symbol.hasPrefix("$S") else { return symbol }
        let result = symbol.withCString { _swift_demangle($0, strlen($0), nil, nil, 0) }
        guard let result else { return symbol }
        defer { free(result) }
        return String(cString: result)
    }
}
