// Only the service's own user and root may attach. CI runs as root, so the other user is played by
// trace-console itself dropping to uid 65534 (`--as-uid`, root only) before it connects.
import Foundation
import Glibc
import TestSupport
import Testing
@testable import Console
@testable import TraceAgent

@Suite(.serialized) struct AttachSecurityTests {
    @Test(.enabled(if: getuid() == 0, "needs root to become another user"))
    func anotherUserIsRefusedByTheUidCheck() throws {
        // Open modes let uid 65534 reach the socket, so the refusal is the agent's SO_PEERCRED check.
        let dir = try TemporaryDirectory(mode: 0o755)
        let host = try TestHost(directory: dir, extra: ["--open-modes"])
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", String(host.pid), "--socket", host.socketPath, "--as-uid", "65534", "--plain", "--no-history"])
        client.closeInput()
        #expect(client.waitForExit() == 1)
        #expect(client.errorOutput.contains("cannot attach to pid \(host.pid): uid 65534 may not attach to pid \(host.pid) (only uid 0 and root may)"),
                "stderr: \(client.errorOutput)")
        // The service's own user (root here) still attaches.
        let console = try host.attach()
        console.close()
        #expect(host.process.isRunning)
    }

    @Test(.enabled(if: getuid() == 0, "needs root to become another user"))
    func theSocketModesKeepAnotherUserOut() throws {
        let dir = try TemporaryDirectory(mode: 0o755)
        let host = try TestHost(directory: dir)
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", String(host.pid), "--socket", host.socketPath, "--as-uid", "65534", "--plain"])
        client.closeInput()
        #expect(client.waitForExit() == 1)
        #expect(client.errorOutput.contains("Permission denied"), "stderr: \(client.errorOutput)")
    }

    @Test func asUIDNeedsRootAndAValidNumber() throws {
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", "1", "--as-uid", "nobody"])
        #expect(client.waitForExit() == 2)
        #expect(client.errorOutput.contains("invalid uid 'nobody' for --as-uid"))
    }

    @Test func peerCheckAdmitsOwnUserAndRootOnly() {
        #expect(PeerCredentials(pid: 1, uid: 1000, gid: 1000).mayAttach(toServiceOf: 1000))
        #expect(PeerCredentials(pid: 1, uid: 0, gid: 0).mayAttach(toServiceOf: 1000))
        #expect(!PeerCredentials(pid: 1, uid: 1001, gid: 1000).mayAttach(toServiceOf: 1000))
        #expect(!PeerCredentials(pid: 1, uid: 65534, gid: 65534).mayAttach(toServiceOf: 0))
    }

    @Test func socketDirectoryOfAnotherUserOrASymlinkIsRefused() throws {
        let dir = try TemporaryDirectory()
        let target = dir.path + "/target"
        #expect(mkdir(target, 0o700) == 0)
        let link = dir.path + "/link"
        #expect(symlink(target, link) == 0)
        #expect(throws: AttachError.self) { try SocketPath.prepareDirectory(link, mode: 0o700, uid: getuid()) }
        let other = dir.path + "/other"
        #expect(mkdir(other, 0o700) == 0)
        #expect(throws: AttachError.self) { try SocketPath.prepareDirectory(other, mode: 0o700, uid: getuid() + 1) }
        // Our own directory with wider access is narrowed.
        let wide = dir.path + "/wide"
        #expect(mkdir(wide, 0o777) == 0)
        chmod(wide, 0o777)
        try SocketPath.prepareDirectory(wide, mode: 0o700, uid: getuid())
        var s = stat()
        #expect(stat(wide, &s) == 0 && s.st_mode & 0o777 == 0o700)
        // A file where the socket goes is not replaced.
        let file = wide + "/1.sock"
        let fd = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        close(fd)
        #expect(throws: AttachError.self) { try SocketPath.clearStale(file) }
    }
}
