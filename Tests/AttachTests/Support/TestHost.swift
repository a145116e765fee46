// The service under test: demos/AttachTestHost (or demos/CoHostTestHost), started in a directory of its own, with its agent's socket.
import Foundation
import Glibc
import TestSupport
@testable import Console
@testable import TraceAgent
import TraceSystem

/// A temporary directory removed (with what is in it) on deinit.
final class TemporaryDirectory {
    let path: String

    init(mode: mode_t = 0o700) throws {
        var template = Array("/tmp/attach-tests-XXXXXX".utf8CString)
        guard let p = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        path = String(cString: p)
        chmod(path, mode)
    }

    deinit { Self.remove(path) }

    /// Removes `path` and, if it is a real directory (never through a symlink), everything in it.
    private static func remove(_ path: String) {
        var s = stat()
        guard lstat(path, &s) == 0 else { return }
        if s.st_mode & S_IFMT == S_IFDIR {
            for name in Syscall.directoryEntries(path) { remove(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

/// A running AttachTestHost and where its agent listens.
final class TestHost {
    let process: ChildProcess
    let socketPath: String
    var pid: Int32 { process.pid }

    /// Starts the host (`AttachTestHost`, or `CoHostTestHost` for one co-hosting a console) with `arguments` and
    /// waits for its `ready` line.
    init(executable: String = "AttachTestHost", arguments: [String] = [], environment: [String: String] = [:]) throws {
        process = try ChildProcess(path: try ChildProcess.executable(executable), arguments: arguments, environment: environment)
        guard process.waitForOutput("\n") else {
            throw TestFailure("the test host did not start: \(process.output) \(process.errorOutput)")
        }
        let words = process.output.split(separator: "\n").first?.split(separator: " ") ?? []
        guard words.count == 3, words[0] == "ready", Int32(words[1]) == process.pid else {
            throw TestFailure("unexpected first line from the test host: \(process.output) \(process.errorOutput)")
        }
        socketPath = String(words[2])
    }

    /// Starts a host whose socket is in `directory`.
    convenience init(directory: TemporaryDirectory, executable: String = "AttachTestHost", extra: [String] = []) throws {
        try self.init(executable: executable, arguments: ["--socket-dir", directory.path + "/agents"] + extra)
    }

    /// Open file descriptors of the host (entries of /proc/PID/fd).
    var openDescriptors: Int { Syscall.directoryEntries("/proc/\(pid)/fd").count }

    /// A console connection.
    func attach() throws -> RemoteBackend {
        try RemoteBackend.connect(path: socketPath, timeout: .seconds(10), responseTimeout: .seconds(30))
    }

    /// The program names the service has now, seen from a fresh connection.
    func programNames() throws -> [String] {
        let observer = try attach()
        defer { observer.close() }
        guard case .programs(let list) = observer.perform(.listPrograms) else { throw TestFailure("listPrograms failed") }
        return list.map(\.name)
    }
}
