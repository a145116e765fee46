// After the attached service went away: how to attach again. A service that was restarted has a new pid, so the
// hint names the live processes of the same name (`trace-console list` finds them), or says there is none.
import TraceAgent

extension AttachableProcess {
    /// The line printed when the service `pid` named `execname` went away under an attached console.
    public static func reattachHint(execname: String, gonePID pid: Int32,
                                    among processes: [AttachableProcess] = list()) -> String {
        let others = processes.filter { $0.execname == execname && $0.state == .live && $0.pid != pid }.map(\.pid).sorted()
        switch others.count {
        case 0:
            return "no other \(execname) can be attached to now; trace-console list shows the services that can\n"
        case 1:
            return "\(execname) is running again as pid \(others[0]): trace-console attach \(others[0]) attaches to it\n"
        default:
            return "\(execname) is running as pids " + others.map(String.init).joined(separator: ", ")
                + ": trace-console attach PID attaches to one\n"
        }
    }
}
