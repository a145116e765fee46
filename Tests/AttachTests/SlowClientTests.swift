// Half-open clients cannot hurt the service: a frame that is not whole within the frame timeout closes its
// connection, incomplete frames are held within one budget across connections (never allocated from the length
// a client claims), and 16 clients each stalled in the middle of a 16 MiB frame do not keep a real console out.
import Foundation
import Glibc
import Testing
import TestSupport
@testable import Console
@testable import TraceAgent
import TraceSystem

@Suite(.serialized) struct SlowClientTests {
    @Test func sixteenHalfSentFramesDoNotLockAConsoleOut() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        var stalled: [RawClient] = []
        for _ in 0..<16 {
            let raw = try RawClient(path: host.socketPath)
            try raw.send(FrameCodec.header(16 << 20) + [UInt8](repeating: 0x20, count: 1 << 20))   // 1 of 16 MiB, then nothing
            stalled.append(raw)
        }
        // A real console gets in at its first try: stalled clients in their handshake do not hold its slot.
        let console = try RemoteBackend.connect(path: host.socketPath, timeout: .seconds(10))
        defer { console.close() }
        guard case .programs = console.perform(.listPrograms) else { Issue.record("the console cannot work"); return }
        for raw in stalled { #expect(raw.closedByPeer(timeout: .seconds(60)), "a stalled client is closed") }
        #expect(host.process.isRunning)
    }

    @Test func incompleteFramesStayWithinTheBudgetAndGrowAsBytesArrive() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let budget = ReceiveBudget(limit: 1 << 20)
        let reader = SocketChannel(fd: fds[0], maximumPayload: 16 << 20, frameTimeout: .seconds(60), writeTimeout: .seconds(5), budget: budget)
        let writer = SocketChannel(fd: fds[1])
        let seen = Lock<String?>(nil)
        let thread = WorkerThread(name: "reader") {
            do {
                _ = try reader.readFrame()
                seen.withLock { $0 = "a frame" }
            } catch {
                seen.withLock { $0 = "\(error)" }
            }
        }
        // Claims 16 MiB, sends 2 MiB: the reader stops at its 1 MiB budget, having held no more than that.
        try writer.writeFrame(FrameCodec.header(16 << 20) + [UInt8](repeating: 0x20, count: 1 << 20))
        _ = try? writer.writeFrame([UInt8](repeating: 0x20, count: 1 << 20))
        thread.join()
        #expect(seen.withLock { $0 }?.contains("the agent holds 1048576 bytes of incomplete frames already") == true, "\(seen.withLock { $0 } ?? "")")
        #expect(budget.inUse == 0, "the budget is given back")
    }
}
