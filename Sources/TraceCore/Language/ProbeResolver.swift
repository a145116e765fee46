// Resolves a clause's probe descriptions, once, at definition: declared probes through the
// registry, and the special probes BEGIN, END, ERROR, `tick-N<unit>`, `interval:<unit>:N` and the
// profile provider's `profile-N<unit>` / `profile:<unit>:N`.

/// Where one clause fires, resolved.
struct ResolvedProbes {
    /// What the runtime gets.
    var probes: [ClauseProbe] = []
    /// Every declared probe matched, without repeats, in order.
    var sites: [ProbeSite] = []
    /// Names of the special probes of the clause (for "not declared by" messages).
    var specials: [String] = []

    /// Every probe's name: declared ones in full, then the special ones.
    var allNames: [String] { sites.map(\.fullName) + specials }
}

/// Resolves probe descriptions against a registry.
struct ProbeResolver {
    let registry: ProbeRegistry
    let allowZeroMatches: Bool

    func resolve(_ written: [SyntaxProbe], _ sink: inout DiagnosticSink) -> ResolvedProbes {
        var resolved = ResolvedProbes()
        var siteIndex: Int? = nil
        var seen = Set<ProbeID>()
        for probe in written {
            let text = probe.text
            if let special = ProbeResolver.special(text, probe.location, &sink) {
                if let special {
                    resolved.probes.append(special)
                    resolved.specials.append(text)
                }
                continue
            }
            guard let description = ProbeDescription(text) else {
                sink.report(probe.location, "probe description '\(text)' has more than four fields (provider:module:function:name)")
                continue
            }
            let matched = ProbeResolver.match(description, registry)
            if matched.isEmpty && !allowZeroMatches {
                let nearest = ProbeResolver.nearest(to: text, in: registry)
                let hint = nearest.isEmpty ? "" : " (nearest: \(nearest.joined(separator: ", ")))"
                sink.report(probe.location, "probe description '\(text)' matches no probes\(hint)")
                continue
            }
            if siteIndex == nil {
                siteIndex = resolved.probes.count
                resolved.probes.append(.sites([]))
            }
            for site in matched where seen.insert(site.id).inserted { resolved.sites.append(site) }
        }
        if let siteIndex { resolved.probes[siteIndex] = .sites(resolved.sites.map(\.id)) }
        return resolved
    }

    /// The nearest declared probes to an unmatched description: the closest by edit distance, those
    /// that share the typed provider (then module, function, name) first, so that a typo in one field
    /// suggests that provider's probes before another provider's look-alikes.
    static func nearest(to text: String, in registry: ProbeRegistry, limit: Int = 3) -> [String] {
        let pool = NearestNames.nearest(to: text, among: registry.allProbes.map(\.fullName), limit: 64, matchSuffixes: true)
        guard let typed = ProbeDescription(text)?.fields else { return Array(pool.prefix(limit)) }
        func score(_ name: String) -> Int {
            let fields = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else { return 0 }
            var total = 0
            for (i, weight) in [8, 4, 2, 1].enumerated() where !typed[i].isEmpty && Glob(typed[i]).matches(fields[i]) {
                total += weight
            }
            return total
        }
        let ranked = pool.enumerated().map { (score: score($0.element), order: $0.offset, name: $0.element) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
        return ranked.prefix(limit).map(\.name)
    }

    /// A special probe: `.some(probe)`, `.some(nil)` if it is special but wrong (reported), nil if not special.
    static func special(_ text: String, _ location: SourceLocation, _ sink: inout DiagnosticSink) -> ClauseProbe?? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let name: String
        if fields.count == 1 {
            name = fields[0]
        } else if fields.count == 4 && fields[1].isEmpty && fields[2].isEmpty {
            name = fields[3]
            let provider = fields[0]
            let isLifecycle = ["BEGIN", "END", "ERROR"].contains(name)
            if isLifecycle && !(provider.isEmpty || provider == "dtrace") { return nil }
            if !isLifecycle && !(provider.isEmpty || provider == "profile") { return nil }
        } else if fields.count == 3 && fields[0] == "interval" {
            let count = Int64(fields[2]) ?? 0
            return ProbeResolver.checked(TimeUnits.period(count: count, unit: fields[1]), text, location, &sink,
                                         usage: "interval:<unit>:<count>, as in interval:ms:500")
        } else if fields.count == 3 && fields[0] == "profile" {
            return ProbeResolver.profile(count: fields[2], unit: fields[1], text, location, &sink)
        } else {
            return nil
        }
        switch name {
        case "BEGIN": return .some(.begin)
        case "END": return .some(.end)
        case "ERROR": return .some(.error)
        default: break
        }
        if name.hasPrefix("profile-") { return ProbeResolver.profile(named: name, text, location, &sink) }
        guard name.hasPrefix("tick-") else { return nil }
        return checked(TimeUnits.period(name.dropFirst(5)), text, location, &sink, usage: "tick-<count><unit>, as in tick-1s")
    }

    /// A period the runtime's timer can run, or the error reported for it.
    private static func checked(_ period: Result<Int64, TimeUnits.PeriodError>, _ text: String, _ location: SourceLocation,
                                _ sink: inout DiagnosticSink, usage: String) -> ClauseProbe?? {
        switch period {
        case .success(let nanoseconds):
            return checked(nanoseconds, text, location, &sink)
        case .failure(.tooLong):
            sink.report(location, "period of '\(text)' is too long")
        case .failure(.malformed):
            let what = text.hasPrefix("interval") ? "interval" : "tick probe"
            sink.report(location, "invalid \(what) '\(text)': write \(usage) (units \(TimeUnits.spelled))")
        }
        return .some(nil)
    }

    /// `registry.match(description)`, with each field's glob built once and literal fields compared directly.
    static func match(_ description: ProbeDescription, _ registry: ProbeRegistry) -> [ProbeSite] {
        let globs: [Glob?] = description.fields.map { $0.isEmpty ? nil : Glob($0) }
        let literals: [String?] = zip(description.fields, globs).map { field, glob in glob?.isLiteral == true ? field : nil }
        func fieldMatches(_ i: Int, _ value: String) -> Bool {
            if let literal = literals[i] { return literal == value }
            return globs[i]?.matches(value) ?? true
        }
        return registry.allProbes.filter {
            fieldMatches(3, $0.name) && fieldMatches(2, $0.function) && fieldMatches(1, $0.module) && fieldMatches(0, $0.provider)
        }
    }

    /// The shortest period the runtime's timer runs.
    static let shortestPeriod: Int64 = TraceLimits.shortestTickNanoseconds

    private static func checked(_ nanoseconds: Int64, _ text: String, _ location: SourceLocation, _ sink: inout DiagnosticSink) -> ClauseProbe?? {
        guard nanoseconds >= shortestPeriod else {
            sink.report(location, "'\(text)' fires more often than once per millisecond, the fastest tick")
            return .some(nil)
        }
        return .some(.tick(nanoseconds: nanoseconds))
    }
}
