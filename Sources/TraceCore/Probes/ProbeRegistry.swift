import Synchronization
import TraceSystem

/// Every probe the process has declared: listed by the console, matched by programs.
public final class ProbeRegistry: Sendable {
    /// The process-wide registry.
    public static let shared = ProbeRegistry()

    private struct State {
        var sites: [ProbeSite] = []
        var byName: [String: ProbeSite] = [:]
    }
    private let state = Lock(State())

    init() {}

    /// Declares a probe, or returns the existing one with the same four-part name.
    func register(provider: String, module: String, function: String, name: String,
                  arguments: [ArgumentDeclaration], isReturn: Bool) -> ProbeSite {
        TraceRuntime.ensureStarted()
        return state.withLock { s in
            let full = "\(provider):\(module):\(function):\(name)"
            if let existing = s.byName[full] { return existing }
            let site = ProbeSite(id: s.sites.count, provider: provider, module: module, function: function,
                                 name: name, arguments: arguments, isReturn: isReturn)
            s.sites.append(site)
            s.byName[full] = site
            return site
        }
    }

    /// All declared probes, in declaration order.
    public var allProbes: [ProbeSite] { state.withLock { $0.sites } }

    /// Number of declared probes.
    public var count: Int { state.withLock { $0.sites.count } }

    /// The probe with this id.
    public func probe(id: ProbeID) -> ProbeSite? {
        state.withLock { id >= 0 && id < $0.sites.count ? $0.sites[id] : nil }
    }

    /// The probes a description matches, in declaration order.
    public func match(_ description: ProbeDescription) -> [ProbeSite] {
        allProbes.filter { description.matches($0) }
    }

    /// The probe names nearest to an unmatched description, best first (for error messages).
    public func nearest(to text: String, limit: Int = 3) -> [String] {
        let names = allProbes.map(\.fullName)
        return EditDistance.nearest(to: text, among: names, limit: limit, matchSuffixes: true)
    }
}
