// One console over several processes (`trace-console attach PID PID…`, `attach --all NAME`): every request goes to
// each attached service and the answers are merged as if one process had done it all — programs are defined,
// enabled, disabled, deleted and exported everywhere; aggregations come back merged exactly (AggregationMerge);
// trace output from all of them is printed. `show @x by pid` reads each process's part (`perProcess`).
//
// A process that leaves (its connection is lost) is reported once, as a notice in the trace output, and its last
// data is kept in the totals or dropped from them, as the console was told (`--departed keep|drop`).
import TraceAgent
import TraceCore
import TraceSystem

/// A backend that fans requests out to several attached services and merges their answers.
public final class FleetBackend: TraceBackend, Sendable {
    /// One attached service.
    public struct Member: Sendable {
        /// Its process id.
        public var pid: Int32
        /// Its executable's name.
        public var execname: String
        /// Its backend (a RemoteBackend in `trace-console`).
        public var backend: any TraceBackend
        /// Whether its connection still works; a failed request from a member no longer connected is a departure.
        public var isConnected: @Sendable () -> Bool

        /// Creates a member.
        public init(pid: Int32, execname: String, backend: any TraceBackend, isConnected: @escaping @Sendable () -> Bool) {
            self.pid = pid; self.execname = execname; self.backend = backend; self.isConnected = isConnected
        }
    }

    /// What happens to a departed process's last data.
    public enum Departure: String, Sendable, CaseIterable {
        /// Its last aggregations stay in the merged totals.
        case keep
        /// It leaves the totals.
        case drop
    }

    /// The attached services, in the order given.
    public let members: [Member]
    /// What a departure does to the totals.
    public let departure: Departure

    private struct State {
        /// Why each departed member left.
        var departed: [Int32: String] = [:]
        /// Notices not yet printed.
        var notices: [String] = []
        /// Each member's last answers: aggregations by program and name, and its program list.
        var lastSnapshots: [Int32: [String: [String: AggregationSnapshot]]] = [:]
        var lastPrograms: [Int32: [ProgramInfo]] = [:]
    }
    private let state = Lock(State())

    /// A backend over `members` (at least one).
    public init(members: [Member], departure: Departure = .keep) {
        precondition(!members.isEmpty, "a fleet of no processes")
        self.members = members
        self.departure = departure
    }

    /// Members still attached.
    public var live: [Member] {
        let gone = state.withLock { $0.departed }
        return members.filter { gone[$0.pid] == nil }
    }

    /// Performs a request in every attached service and merges the answers.
    public func perform(_ request: BackendRequest) -> BackendResponse {
        switch request {
        case .listProbes, .limits, .listExports:
            return first(request)
        case .global:
            let answers = ask(request)
            return answers.first { if case .value(let v) = $0.1, v != nil { return true } else { return false } }?.1
                ?? answers.first?.1 ?? noneLeft()
        case .define(let name, _, _):
            return define(request, name: name)
        case .defineLisp:
            return define(request, name: nil)
        case .listPrograms:
            var lists: [[ProgramInfo]] = []
            for (m, answer) in ask(request) {
                guard case .programs(let list) = answer else { return prefixed(m, answer) }
                lists.append(list)
                state.withLock { $0.lastPrograms[m.pid] = list }
            }
            lists += kept { $0.lastPrograms[$1] }
            return .programs(AggregationMerge.merge(lists))
        case .aggregations(let program):
            var byName: [String: [AggregationSnapshot]] = [:]
            var order: [String] = []
            var answered = false
            var firstFailure: BackendResponse?
            for part in parts(request, program: program) {
                guard case .snapshots(let list) = part else { firstFailure = firstFailure ?? part; continue }
                answered = true
                for s in list {
                    if byName[s.name] == nil { order.append(s.name) }
                    byName[s.name, default: []].append(s)
                }
            }
            guard answered else { return firstFailure ?? noneLeft() }
            return .snapshots(order.compactMap { AggregationMerge.merge(byName[$0]!) })
        case .aggregation(let program, _):
            var snapshots: [AggregationSnapshot] = []
            var firstFailure: BackendResponse?
            for part in parts(request, program: program) {
                guard case .snapshots(let list) = part else { firstFailure = firstFailure ?? part; continue }
                snapshots += list
            }
            guard let merged = AggregationMerge.merge(snapshots) else { return firstFailure ?? noneLeft() }
            return .snapshots([merged])
        case .drainOutput:
            var records: [TraceOutput] = []
            for (_, answer) in ask(request) {
                if case .output(let list) = answer { records += list }
            }
            let notices = state.withLock { s in
                defer { s.notices = [] }
                return s.notices
            }
            return .output(records + notices.map { TraceOutput(program: "", kind: .error($0)) })
        case .detach(let keep):
            var kept: [String] = [], removed: [String] = []
            for (m, answer) in ask(.detach(keep: keep)) {
                guard case .detached(let result, _, _) = answer else { return prefixed(m, answer) }
                kept += result.kept.filter { !kept.contains($0) }
                removed += result.removed.filter { !removed.contains($0) }
            }
            return .detached(DetachResult(kept: kept, removed: removed), pid: members[0].pid, execname: members[0].execname)
        case .export:
            return all(request, answer: { answers in answers.first?.1 ?? .done })
        case .enable, .disable, .delete, .clear, .trunc, .setLimits, .setBudget, .stopAll, .unexport:
            if case .delete(let program) = request { forget(program) }
            return all(request, answer: { _ in .done })
        }
    }

    /// One aggregation as each process has it (a departed one's last read, when its data is kept).
    public func perProcess(program: String, aggregation: String) -> [(pid: Int32, snapshot: AggregationSnapshot)] {
        var out: [(Int32, AggregationSnapshot)] = []
        for m in members {
            if state.withLock({ $0.departed[m.pid] }) != nil {
                if departure == .keep, let s = state.withLock({ $0.lastSnapshots[m.pid]?[program]?[aggregation] }) { out.append((m.pid, s)) }
                continue
            }
            if case .snapshots(let list) = call(m, .aggregation(program: program, name: aggregation)), let s = list.first {
                remember(m, program, [s])
                out.append((m.pid, s))
            }
        }
        return out
    }

    /// Processes that have left, with why.
    public var departed: [Int32: String] { state.withLock { $0.departed } }

    // MARK: fan-out

    /// Performs `request` in one member; a failure of a member no longer connected records its departure.
    private func call(_ m: Member, _ request: BackendRequest) -> BackendResponse {
        let answer = m.backend.perform(request)
        if case .failure(let error) = answer, !m.isConnected() { depart(m, error.description) }
        return answer
    }

    /// Each live member's answer, skipping members that left while being asked.
    private func ask(_ request: BackendRequest) -> [(Member, BackendResponse)] {
        var answers: [(Member, BackendResponse)] = []
        for m in live {
            let answer = call(m, request)
            if state.withLock({ $0.departed[m.pid] }) != nil { continue }
            answers.append((m, answer))
        }
        return answers
    }

    private func first(_ request: BackendRequest) -> BackendResponse {
        ask(request).first?.1 ?? noneLeft()
    }

    /// Every live member's aggregation answer for `program`, remembered for departures, plus the kept parts of
    /// departed members.
    private func parts(_ request: BackendRequest, program: String) -> [BackendResponse] {
        var out: [BackendResponse] = []
        for (m, answer) in ask(request) {
            if case .snapshots(let list) = answer { remember(m, program, list) }
            out.append(answer)
        }
        let name: String?
        if case .aggregation(_, let n) = request { name = n } else { name = nil }
        for list in kept({ s, pid in s.lastSnapshots[pid]?[program].map { Array($0.values) } }) {
            let selected = name.map { n in list.filter { $0.name == n } } ?? list
            if !selected.isEmpty { out.append(.snapshots(selected)) }
        }
        return out
    }

    /// The request done everywhere; a failure anywhere is the answer (naming the process when others succeeded).
    private func all(_ request: BackendRequest, answer: ([(Member, BackendResponse)]) -> BackendResponse) -> BackendResponse {
        let answers = ask(request)
        guard !answers.isEmpty else { return noneLeft() }
        let failures = answers.filter { if case .failure = $0.1 { return true } else { return false } }
        if let (m, f) = failures.first {
            return failures.count == answers.count ? f : prefixed(m, f)
        }
        return answer(answers)
    }

    /// A definition everywhere: a bare clause takes its name (`p3`) from the first process, and the others get
    /// that name too, so one name means one program in all of them. If it fails somewhere, a new program is
    /// deleted where it was defined, so the processes do not disagree about which programs exist.
    private func define(_ request: BackendRequest, name: String?) -> BackendResponse {
        var answers: [(Member, BackendResponse)] = []
        var request = request
        for m in live {
            let answer = call(m, request)
            if state.withLock({ $0.departed[m.pid] }) != nil { continue }
            answers.append((m, answer))
            if case .define(nil, let source, let allowZero) = request, case .defined(let info) = answer {
                request = .define(name: info.name, source: source, allowZeroMatches: allowZero)
            }
        }
        guard let firstAnswer = answers.first?.1 else { return noneLeft() }
        guard let failed = answers.first(where: { if case .failure = $0.1 { return true } else { return false } }) else {
            return firstAnswer
        }
        var undone = false
        for (m, answer) in answers {
            if case .defined(let info) = answer, !info.replaced {
                _ = call(m, .delete(program: info.name))
                undone = true
            }
        }
        guard undone, case .failure(let error) = failed.1 else { return failed.1 }
        return .failure(.message("pid \(failed.0.pid) (\(failed.0.execname)): \(error.description)\n(the program was not defined in any process)"))
    }

    private func prefixed(_ m: Member, _ answer: BackendResponse) -> BackendResponse {
        guard case .failure(let error) = answer else { return .failure(.message("pid \(m.pid) gave an unexpected answer")) }
        return .failure(.message("pid \(m.pid) (\(m.execname)): \(error.description)"))
    }

    private func noneLeft() -> BackendResponse {
        .failure(.message("every attached process has left: " + members.map { "pid \($0.pid)" }.joined(separator: ", ")))
    }

    // MARK: departures

    private func depart(_ m: Member, _ message: String) {
        // RemoteBackend says "lost the connection to pid N (name): why"; the notice names the process once.
        let prefix = "lost the connection to pid \(m.pid) (\(m.execname)): "
        let why = message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
        state.withLock { s in
            guard s.departed[m.pid] == nil else { return }
            s.departed[m.pid] = why
            let fate = departure == .keep ? "its last data stays in the totals" : "its data is dropped from the totals"
            s.notices.append("process \(m.pid) (\(m.execname)) left: \(why); \(fate)")
            if departure == .drop {
                s.lastSnapshots[m.pid] = nil
                s.lastPrograms[m.pid] = nil
            }
        }
    }

    private func remember(_ m: Member, _ program: String, _ snapshots: [AggregationSnapshot]) {
        guard departure == .keep else { return }
        state.withLock { s in
            for snapshot in snapshots { s.lastSnapshots[m.pid, default: [:]][program, default: [:]][snapshot.name] = snapshot }
        }
    }

    /// A deleted program's kept data goes too.
    private func forget(_ program: String) {
        state.withLock { s in
            for pid in s.lastSnapshots.keys { s.lastSnapshots[pid]?[program] = nil }
            for pid in s.lastPrograms.keys { s.lastPrograms[pid]?.removeAll { $0.name == program } }
        }
    }

    /// What `select` finds for each departed member whose data is kept.
    private func kept<T>(_ select: (State, Int32) -> T?) -> [T] {
        guard departure == .keep else { return [] }
        return state.withLock { s in s.departed.keys.sorted().compactMap { select(s, $0) } }
    }
}
