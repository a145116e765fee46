/// Small shared rules of name resolution.
enum NameResolution {
    /// `arg0`…`arg9` → 0…9.
    static func argumentIndex(_ name: String) -> Int? {
        guard name.count == 4, name.hasPrefix("arg"), let last = name.last, let d = last.wholeNumberValue, last.isASCII else { return nil }
        return d
    }
}
