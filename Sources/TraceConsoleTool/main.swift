// trace-console: attach a console to a running service's trace agent, or list the services one can attach to.
import Console
import TraceAgent
import Foundation
import Glibc

private func printError(_ text: String) {
    let bytes = Array(("trace-console: " + text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

private func printOut(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

/// Drops to user `uid` (root only): group list, gid, then uid.
private func becomeUser(_ uid: UInt32) -> Bool {
    guard getuid() == 0 else {
        printError("--as-uid works only when run as root")
        return false
    }
    guard setgroups(0, nil) == 0, setgid(uid) == 0, setuid(uid) == 0 else {
        printError("cannot become uid \(uid): \(String(cString: strerror(errno)))")
        return false
    }
    return true
}

private func list() -> Int32 {
    let processes = AttachableProcess.list()
    if processes.isEmpty {
        printOut("no trace agents found (looked in \(SocketPath.candidateDirectories().joined(separator: ", ")))\n")
        return 0
    }
    let rows = processes.map { p -> [String] in
        let state: String
        switch p.state {
        case .live: state = "live" + (p.probes.map { ", \($0) probes" } ?? "")
        case .stale(let why): state = "stale (\(why))"
        case .unreachable(let why): state = "unreachable (\(why))"
        }
        return [String(p.pid), p.execname, state, p.socketPath]
    }
    let header = ["PID", "EXECNAME", "STATE", "SOCKET"]
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  ") + "\n"
    }
    printOut(line(header) + rows.map(line).joined())
    return 0
}

private func attach(pid: Int32, socket: String?, asUID: UInt32?, options: ConsoleOptions) -> Int32 {
    if let asUID, !becomeUser(asUID) { return 2 }
    let remote: RemoteBackend
    do {
        remote = try RemoteBackend.connect(pid: pid, path: socket)
    } catch {
        printError("cannot attach to pid \(pid): \(error)")
        return 1
    }
    defer { remote.close() }
    let s = remote.server
    let banner = "attached to pid \(s.pid) (\(s.execname)), \(s.probes) probes; detach or quit leaves and deletes your programs, detach --keep leaves them enabled\n"
    let bytes = Array(banner.utf8)
    _ = bytes.withUnsafeBytes { write(options.errorFD, $0.baseAddress, $0.count) }
    let status = Console.run(options: options, backend: remote)
    if remote.serviceWentAway {
        let hint = Array(AttachableProcess.reattachHint(execname: s.execname, gonePID: s.pid).utf8)
        _ = hint.withUnsafeBytes { write(options.errorFD, $0.baseAddress, $0.count) }
    }
    return status
}

/// One console over several processes: each attached (all or none), their answers merged (FleetBackend).
private func attachMany(pids: [Int32], all: String?, departed: FleetBackend.Departure, options: ConsoleOptions) -> Int32 {
    var targets = pids
    if let all {
        targets = AttachableProcess.list().filter { $0.execname == all && $0.state == .live }.map(\.pid)
        guard !targets.isEmpty else {
            printError("no live trace agent of a process named '\(all)' (trace-console list shows them)")
            return 1
        }
    }
    var remotes: [RemoteBackend] = []
    defer { for r in remotes { r.close() } }
    for pid in targets {
        do {
            remotes.append(try RemoteBackend.connect(pid: pid))
        } catch {
            printError("cannot attach to pid \(pid): \(error)")
            return 1
        }
    }
    let members = remotes.map { r in
        FleetBackend.Member(pid: r.server.pid, execname: r.server.execname, backend: r, isConnected: { r.isConnected })
    }
    let names = members.map { "pid \($0.pid) (\($0.execname))" }.joined(separator: ", ")
    let banner = "attached to \(members.count) processes: \(names); programs are defined in each and their aggregations merged "
        + "(show @AGG by pid breaks them down); detach or quit leaves and deletes your programs\n"
    let bytes = Array(banner.utf8)
    _ = bytes.withUnsafeBytes { write(options.errorFD, $0.baseAddress, $0.count) }
    return Console.run(options: options, backend: FleetBackend(members: members, departure: departed))
}

let command: ToolCommand
do {
    command = try ToolCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError("\(error)")
    printError("try trace-console help")
    exit(2)
}

switch command {
case .help:
    printOut(ToolCommand.usage)
    exit(0)
case .list:
    exit(list())
case .attach(let pid, let socket, let asUID, let options):
    if options.showUsage {
        printOut(ToolCommand.usage)
        exit(0)
    }
    exit(attach(pid: pid, socket: socket, asUID: asUID, options: options))
case .attachMany(let pids, let all, let departed, let options):
    if options.showUsage {
        printOut(ToolCommand.usage)
        exit(0)
    }
    exit(attachMany(pids: pids, all: all, departed: departed, options: options))
}
