import CTraceCore
import Synchronization
import TraceSystem

/// An immutable snapshot of which compiled clauses fire at each probe site. A program change
/// publishes a new one; each thread keeps its own strong reference to the one it uses, so a firing
/// sees the old set or the new one, never a mix, and old sets are freed when the last thread moves on.
// @unchecked Sendable: immutable after init; threads take it from `published` under its lock.
final class Configuration: @unchecked Sendable {
    /// Clauses per site id: a raw table so a firing reads it without bounds checks or ARC.
    let table: UnsafeMutablePointer<UnsafeBufferPointer<Unmanaged<CompiledClause>>>
    let siteCount: Int
    /// Per site id: the site's clauses as plain ops (SitePlan), or nil when some clause needs the general path.
    let plans: UnsafeMutablePointer<UnsafeMutableBufferPointer<SiteOp>?>
    /// The site ids that have a plan, ascending, and how many ops their plans hold in all (ThreadPlans.rebuild).
    let plannedSiteIDs: UnsafeMutableBufferPointer<Int>
    let plannedOps: Int
    /// Keeps the clauses alive for as long as the table points at them.
    private let owned: [[CompiledClause]]

    init(clausesBySite: [[CompiledClause]]) {
        siteCount = clausesBySite.count
        owned = clausesBySite
        table = .allocate(capacity: max(1, siteCount))
        plans = .allocate(capacity: max(1, siteCount))
        plans.initialize(repeating: nil, count: max(1, siteCount))
        var plannedSites: [Int] = []
        var plannedOps = 0
        for (i, list) in clausesBySite.enumerated() {
            if list.isEmpty {
                (table + i).initialize(to: UnsafeBufferPointer(start: nil, count: 0))
            } else {
                let buffer = UnsafeMutableBufferPointer<Unmanaged<CompiledClause>>.allocate(capacity: list.count)
                for (j, c) in list.enumerated() { (buffer.baseAddress! + j).initialize(to: Unmanaged.passUnretained(c)) }
                (table + i).initialize(to: UnsafeBufferPointer(buffer))
                plans[i] = SitePlan.make(list)
                if let plan = plans[i] {
                    plannedSites.append(i)
                    plannedOps += plan.count
                }
            }
        }
        plannedSiteIDs = .allocate(capacity: plannedSites.count)
        _ = plannedSiteIDs.initialize(from: plannedSites)
        self.plannedOps = plannedOps
    }

    deinit {
        for i in 0..<siteCount {
            if let base = table[i].baseAddress { UnsafeMutableRawPointer(mutating: base).deallocate() }
            plans[i]?.deallocate()
        }
        table.deallocate()
        plans.deallocate()
        plannedSiteIDs.deallocate()
    }

    /// Whether some clause fires at `site`.
    func hasClauses(_ site: Int) -> Bool { site < siteCount && table[site].count > 0 }

    private static let published = Lock<(Int64, Configuration)>((1, Configuration(clausesBySite: [])))

    /// The current generation and configuration.
    static func current() -> (Int64, Configuration) { published.withLock { $0 } }

    /// Publishes a new configuration; returns its generation.
    @discardableResult
    static func publish(_ config: Configuration) -> Int64 {
        let (gen, old): (Int64, Configuration) = published.withLock { p in
            let old = p.1
            let gen = ThreadRegistry.bumpGeneration()
            p = (gen, config)
            return (gen, old)
        }
        withExtendedLifetime(old) {}
        return gen
    }
}
