// Processes the attach tests start: the test host (a service with the trace agent) and trace-console. The
// test process is multithreaded, so nothing is forked: posix_spawn starts them with pipes for standard input
// and output. Each is killed and reaped at the latest when it is deinitialised; every descriptor is closed.
import Foundation
import Glibc

/// glibc ≥ 2.34: close every descriptor from `from` up in the child. Hidden from Swift (a GNU extension).
/// pipe2(2): hidden behind _GNU_SOURCE.
@_silgen_name("pipe2")
private func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnActionsAddCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; whether it held.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        usleep(10_000)
    }
}

/// A child process with pipes to its standard input and from its standard output and error.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    private(set) var status: Int32?
    private var stdinFD: Int32
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private let lock = NSLock()
    private var out: [UInt8] = []
    private var err: [UInt8] = []

    /// An executable built next to the test binary (`AttachTestHost`, `trace-console`).
    static func executable(_ name: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { throw TestFailure("cannot read /proc/self/exe") }
        var directory = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        while let last = directory.last, last != "/" { directory.removeLast() }
        for candidate in [directory + name, directory + "../" + name, directory + "../../" + name] where access(candidate, X_OK) == 0 {
            return candidate
        }
        throw TestFailure("\(name) not found next to the test binary (\(directory)); run swift build first")
    }

    /// Starts `path` with `arguments` and `environment` (added to this process's).
    init(path: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe2(&inPipe, O_CLOEXEC) == 0 else { throw TestFailure("pipe2 failed") }
        guard pipe2(&outPipe, O_CLOEXEC) == 0 else {
            inPipe.forEach { _ = close($0) }
            throw TestFailure("pipe2 failed")
        }
        guard pipe2(&errPipe, O_CLOEXEC) == 0 else {
            (inPipe + outPipe).forEach { _ = close($0) }
            throw TestFailure("pipe2 failed")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        _ = spawnActionsAddCloseFrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        _ = close(inPipe[0]); _ = close(outPipe[1]); _ = close(errPipe[1])
        guard rc == 0 else {
            _ = close(inPipe[1]); _ = close(outPipe[0]); _ = close(errPipe[0])
            throw TestFailure("posix_spawn \(path): \(String(cString: strerror(rc)))")
        }
        pid = child
        stdinFD = inPipe[1]
        stdoutFD = outPipe[0]
        stderrFD = errPipe[0]
    }

    deinit {
        killAndReap()
        if stdinFD >= 0 { _ = close(stdinFD) }
        _ = close(stdoutFD)
        _ = close(stderrFD)
    }

    /// Writes to the child's standard input.
    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count, stdinFD >= 0 {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(stdinFD, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Closes the child's standard input (the test host then stops its agent and exits).
    func closeInput() {
        if stdinFD >= 0 { _ = close(stdinFD) }
        stdinFD = -1
    }

    /// Reads what is available from stdout and stderr without blocking longer than `milliseconds`.
    private func pump(milliseconds: Int32) {
        var fds = [pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0), pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 2, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        for (i, f) in fds.enumerated() where f.revents != 0 {
            let n = buffer.withUnsafeMutableBytes { read(f.fd, $0.baseAddress, $0.count) }
            guard n > 0 else { continue }
            lock.lock()
            if i == 0 { out += buffer[0..<n] } else { err += buffer[0..<n] }
            lock.unlock()
        }
    }

    /// Standard output so far.
    var output: String {
        pump(milliseconds: 0)
        lock.lock(); defer { lock.unlock() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Standard error so far.
    var errorOutput: String {
        pump(milliseconds: 0)
        lock.lock(); defer { lock.unlock() }
        return String(decoding: err, as: UTF8.self)
    }

    /// Waits until standard output contains `text`; false on timeout.
    func waitForOutput(_ text: String, timeout: Duration = .seconds(15)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if output.contains(text) { return true }
            pump(milliseconds: 50)
        }
        return output.contains(text)
    }

    /// Whether the process is still running (reaps it if it exited).
    var isRunning: Bool {
        if status != nil { return false }
        var s: Int32 = 0
        let r = waitpid(pid, &s, WNOHANG)
        if r == pid { status = s; return false }
        return true
    }

    /// Waits for the child to exit, collecting its output; its exit code (or 128+signal), nil on timeout.
    func waitForExit(timeout: Duration = .seconds(30)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning && ContinuousClock.now < deadline { pump(milliseconds: 20) }
        guard let status else { return nil }
        pump(milliseconds: 0)
        pump(milliseconds: 0)
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Kills the child if it is still running and reaps it.
    func killAndReap() {
        guard status == nil else { return }
        kill(pid, SIGKILL)
        var s: Int32 = 0
        while waitpid(pid, &s, 0) < 0 && errno == EINTR {}
        status = s
    }
}
