/// A defined program: its instance and its clauses compiled for every probe they fire at.
// @unchecked Sendable: `enabled` and `budget` are read and written only under TraceRuntime's state lock; the rest is immutable.
final class ProgramEntry: @unchecked Sendable {
    let instance: ProgramInstance
    let bySite: [ProbeID: [CompiledClause]]
    let begin: [CompiledClause]
    let end: [CompiledClause]
    let ticks: [(clause: CompiledClause, interval: Int64)]
    let clauseStats: [ClauseStats]
    /// Profile-provider clauses and their sampling periods.
    let profiles: [(clause: CompiledClause, interval: Int64)]
    var enabled = false
    var budget: Double?

    init(instance: ProgramInstance, bySite: [ProbeID: [CompiledClause]], begin: [CompiledClause], end: [CompiledClause],
         ticks: [(clause: CompiledClause, interval: Int64)], clauseStats: [ClauseStats],
         profiles: [(clause: CompiledClause, interval: Int64)] = []) {
        self.profiles = profiles
        self.instance = instance
        self.bySite = bySite
        self.begin = begin
        self.end = end
        self.ticks = ticks
        self.clauseStats = clauseStats
    }
}
