// The tests' one way to start a process: the built demos and test hosts, trace-console, redis-cli. The test
// process is multithreaded, so nothing is forked: posix_spawn starts the child with default signal dispositions
// and an empty signal mask, either with pipes for its standard input, output and error (read by a thread of
// their own, so a chatty child never blocks), or on a pseudo-terminal in a new session (`PseudoTerminal.spawn`).
// Every wait has a deadline; the child is killed and reaped at the latest when it is deinitialised.
import Foundation
import Glibc
import TraceSystem

/// pipe2(2): hidden behind _GNU_SOURCE.
@_silgen_name("pipe2")
private func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

/// glibc ≥ 2.34: close every descriptor from `from` up in the child. Hidden from Swift (a GNU extension).
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnActionsAddCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

/// POSIX_SPAWN_SETSID (glibc ≥ 2.26), hidden behind __USE_GNU.
private let spawnSetSID: Int32 = 0x80

/// How a child process ended.
public enum Termination: Equatable, Sendable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// A signal killed it.
    case signaled(Int32)

    /// From a `waitpid` status.
    init(waitStatus s: Int32) {
        let signal = s & 0x7F
        self = signal == 0 ? .exited((s >> 8) & 0xFF) : .signaled(signal)
    }

    /// The exit status, or 128 + the signal (as a shell reports it).
    public var code: Int32 {
        switch self {
        case .exited(let status): status
        case .signaled(let signal): 128 + signal
        }
    }

    /// "exited with status N" or "killed by signal N".
    public var description: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}

/// A child process, with pipes to its standard input and from its standard output and error, or on a terminal.
public final class ChildProcess: @unchecked Sendable {
    // Safe: `status` and `stdinFD` are only used by the test's thread; the captured output is behind a lock.
    /// The child's process id.
    public let pid: pid_t
    /// Its `waitpid` status once it has been reaped.
    public private(set) var status: Int32?
    private var stdinFD: Int32
    private let pipes: OutputPipes?

    /// An executable built next to the test binary (`AttachTestHost`, `trace-console`, `orderbook`, …).
    public static func executable(_ name: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { throw TestFailure("cannot read /proc/self/exe") }
        var directory = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        while let last = directory.last, last != "/" { directory.removeLast() }
        // The test binary is …/debug/TraceConsolePackageTests.xctest (or a file inside a bundle on other layouts).
        for up in 0..<4 {
            let candidate = directory + String(repeating: "../", count: up) + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw TestFailure("\(name) is not built next to the test binary (\(directory)); run swift build first")
    }

    /// The full path of `name` on PATH, or nil.
    public static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    /// Starts `path` with `arguments`. `environment` is added to this process's, or is the whole environment if
    /// `inheritingEnvironment` is false. With `terminal`, the child runs in a new session with that descriptor
    /// as its standard input, output and error; otherwise it gets pipes (standard error into the output pipe
    /// with `errorToOutput`).
    public init(path: String, arguments: [String] = [], environment: [String: String] = [:],
                inheritingEnvironment: Bool = true, terminal: Int32? = nil, errorToOutput: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        func closeAll() { (inPipe + outPipe + errPipe).filter { $0 >= 0 }.forEach { _ = close($0) } }
        if let terminal {
            for target: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, terminal, target) }
        } else {
            guard pipe2(&inPipe, O_CLOEXEC) == 0, pipe2(&outPipe, O_CLOEXEC) == 0,
                  errorToOutput || pipe2(&errPipe, O_CLOEXEC) == 0 else {
                let text = errnoText()
                closeAll()
                throw TestFailure("pipe2 failed: \(text)")
            }
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errorToOutput ? outPipe[1] : errPipe[1], 2)
        }
        _ = spawnActionsAddCloseFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let session = terminal == nil ? 0 : spawnSetSID
        posix_spawnattr_setflags(&attributes, Int16(session | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var env = inheritingEnvironment ? ProcessInfo.processInfo.environment : [:]
        for (k, v) in environment { env[k] = v }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        // The child's ends.
        for fd in [inPipe[0], outPipe[1], errPipe[1]] where fd >= 0 { _ = close(fd) }
        inPipe[0] = -1; outPipe[1] = -1; errPipe[1] = -1
        guard rc == 0 else {
            closeAll()
            throw TestFailure("posix_spawn \(path): \(errnoText(rc))")
        }
        pid = child
        stdinFD = inPipe[1]
        pipes = terminal == nil ? OutputPipes(output: outPipe[0], error: errPipe[0]) : nil
    }

    deinit {
        killAndReap()
        if stdinFD >= 0 { _ = close(stdinFD) }
        pipes?.stop()
    }

    /// Writes to the child's standard input.
    public func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count, stdinFD >= 0 {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(stdinFD, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Closes the child's standard input (it reads end of file).
    public func closeInput() {
        if stdinFD >= 0 { _ = close(stdinFD) }
        stdinFD = -1
    }

    /// Standard output so far (with standard error, if it went there).
    public var output: String { String(decoding: pipes?.captured.out ?? [], as: UTF8.self) }

    /// Standard error so far.
    public var errorOutput: String { String(decoding: pipes?.captured.err ?? [], as: UTF8.self) }

    /// Waits until standard output contains `text`; false on timeout.
    public func waitForOutput(_ text: String, timeout: Duration = .seconds(15)) -> Bool {
        waitUntil(timeout: timeout, every: .milliseconds(10)) { output.contains(text) }
    }

    /// Waits until standard error contains `text`; false on timeout.
    public func waitForErrorOutput(_ text: String, timeout: Duration = .seconds(15)) -> Bool {
        waitUntil(timeout: timeout, every: .milliseconds(10)) { errorOutput.contains(text) }
    }

    /// Whether the process is still running (reaps it if it exited).
    public var isRunning: Bool {
        if status != nil { return false }
        var s: Int32 = 0
        let r = waitpid(pid, &s, WNOHANG)
        if r == pid { status = s; return false }
        return true
    }

    /// How it ended, once it has been reaped.
    public var termination: Termination? { status.map(Termination.init(waitStatus:)) }

    /// Waits for the child to exit, then for the rest of its output; its exit status (or 128 + signal), nil if
    /// it was still running after `timeout`.
    public func waitForExit(timeout: Duration = .seconds(60)) -> Int32? {
        guard waitUntil(timeout: timeout, every: .milliseconds(10), { !isRunning }) else { return nil }
        pipes?.waitForEnd(timeout: .seconds(5))
        return termination?.code
    }

    /// Waits until the child is stopped (by SIGSTOP, SIGTSTP …); false on timeout or if it exited.
    public func waitForStop(timeout: Duration = .seconds(10)) -> Bool {
        var stopped = false
        _ = waitUntil(timeout: timeout) {
            if status != nil { return true }
            var s: Int32 = 0
            let r = waitpid(pid, &s, WNOHANG | WUNTRACED)
            guard r == pid else { return false }
            if s & 0xFF == 0x7F { stopped = true } else { status = s }
            return true
        }
        return stopped
    }

    /// Sends `signal` to the child if it has not been reaped.
    public func send(signal: Int32) { if status == nil { kill(pid, signal) } }

    /// Kills the child if it is still running and reaps it.
    public func killAndReap() {
        guard status == nil else { return }
        kill(pid, SIGKILL)
        var s: Int32 = 0
        while waitpid(pid, &s, 0) < 0 && errno == EINTR {}
        status = s
    }
}

/// The read ends of a child's output and error pipes, drained by a thread of their own until both reach end of
/// file (or `stop`), then closed.
private final class OutputPipes: Sendable {
    struct Captured {
        var out: [UInt8] = []
        var err: [UInt8] = []
        var stop = false
        var done = false
    }
    private let state = Lock(Captured())

    init(output: Int32, error: Int32) {
        let thread = Thread { [state] in Self.readLoop(fds: [output, error], state: state) }
        thread.name = "child output"
        thread.start()
    }

    var captured: Captured { state.withLock { $0 } }

    private static func readLoop(fds: [Int32], state: Lock<Captured>) {
        var open = fds.map { $0 >= 0 }
        defer {
            for fd in fds where fd >= 0 { _ = close(fd) }
            state.withLock { $0.done = true }
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open.contains(true), !(state.withLock { $0.stop }) {
            var pfds = fds.enumerated().map { i, fd in pollfd(fd: open[i] ? fd : -1, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&pfds, nfds_t(pfds.count), 20)
            if ready < 0 && errno != EINTR { return }
            guard ready > 0 else { continue }
            for (i, p) in pfds.enumerated() where p.fd >= 0 && p.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    state.withLock { if i == 0 { $0.out += buffer[0..<n] } else { $0.err += buffer[0..<n] } }
                } else if n == 0 || errno != EINTR {
                    open[i] = false
                }
            }
        }
    }

    /// Waits (up to `timeout`) until both pipes reached end of file.
    func waitForEnd(timeout: Duration) {
        _ = waitUntil(timeout: timeout) { state.withLock { $0.done } }
    }

    /// Stops the reader and waits for it to close the pipes.
    func stop() {
        state.withLock { $0.stop = true }
        _ = waitUntil(timeout: .seconds(5)) { state.withLock { $0.done } }
    }
}
