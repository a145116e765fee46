@testable import TraceCore

/// Probes of the provider `lang` used by the compile and error suites (the registry is process-wide,
/// so each test file family uses its own provider name).
enum LanguageFixture {
    static let provider = TraceProvider("lang")
    static let match = provider.function("book", "match", ("side", Int.self), ("price", Int.self), ("qty", Int.self))
    static let submit = provider.function("gateway", "submit", ("client", String.self), ("side", Int.self), ("qty", Int.self))
    static let cancel = provider.function("gateway", "cancel", ("client", String.self), ("order", Int.self))
    static let fill = provider.event("book", "match", "fill", ("price", Int.self), ("qty", Int.self), ("venue", String.self))
    static let reject = provider.event("risk", "check", "reject", ("client", String.self), ("reason", String.self))

    /// Declares every probe (globals are initialised lazily, so tests call this first).
    static func register() {
        _ = (match, submit, cancel, fill, reject)
    }

    static func compile(_ source: String, name: String = "t", allowZeroMatches: Bool = false) throws(DefinitionError) -> ProgramSpec {
        register()
        return try TraceLanguage.compile(name: name, source: source, allowZeroMatches: allowZeroMatches)
    }

    /// The rendered errors of a program that must not compile ("" if it compiled).
    static func errors(_ source: String) -> String {
        do {
            _ = try compile(source)
            return ""
        } catch {
            return error.description
        }
    }

    static func site(_ name: String) -> ProbeID {
        register()
        return ProbeRegistry.shared.allProbes.first { $0.fullName == name }!.id
    }
}
