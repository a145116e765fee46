// The pieces without a second process: frames, a connection's bounded output, socket paths, the handshake check.
import Foundation
import Glibc
import Testing
import TraceCore
@testable import Console
@testable import TraceAgent
import TraceSystem

@Suite struct WireFormatTests {
    @Test func framesAreBigEndianLengthThenJSON() throws {
        let frame = try FrameCodec.encode(ClientFrame(id: 5, request: .listPrograms))
        let payload = Array(frame.dropFirst(4))
        #expect(FrameCodec.length(ofHeader: Array(frame.prefix(4))) == payload.count)
        #expect(String(decoding: payload, as: UTF8.self) == #"{"id":5,"request":{"listPrograms":{}}}"#)
        #expect(FrameCodec.header(0x0102_0304) == [1, 2, 3, 4])
        #expect(try FrameCodec.decode(ClientFrame.self, from: payload) == ClientFrame(id: 5, request: .listPrograms))
    }

    @Test func helloRoundTripsAndVersionIsChecked() throws {
        let hello = ClientHello(pid: 12, uid: 1000)
        let frame = try FrameCodec.encode(ClientFrame(hello: hello))
        let back = try FrameCodec.decode(ClientFrame.self, from: Array(frame.dropFirst(4)))
        #expect(back.hello == hello)
        #expect(Handshake.check(hello) == nil)
        #expect(Handshake.check(ClientHello(version: 2, pid: 1, uid: 1))?.code == "incompatible-version")
    }

    @Test func malformedPayloadsSayWhy() {
        #expect(throws: AttachError.malformedFrame("the payload is not valid JSON")) {
            try FrameCodec.decode(ClientFrame.self, from: Array("{".utf8))
        }
        do {
            _ = try FrameCodec.decode(ClientHello.self, from: Array("{\"version\": 1}".utf8))
            Issue.record("decoded a hello without pid")
        } catch {
            #expect(error == .malformedFrame("missing field 'pid'"))
        }
    }

    @Test func encodingOverTheMaximumIsRefused() {
        #expect(throws: AttachError.frameTooLarge(length: 38, maximum: 10)) {
            try FrameCodec.encode(ClientFrame(id: 5, request: .listPrograms), maximumPayload: 10)
        }
    }

    @Test func socketChannelReadsFramesSplitAnyhowAndRefusesOversized() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0)
        let a = SocketChannel(fd: fds[0], maximumPayload: 1000, frameTimeout: .seconds(2))
        let b = SocketChannel(fd: fds[1])
        defer { a.close(); b.close() }
        let frame = try FrameCodec.encode(ClientFrame(id: 9, request: .limits))
        for byte in frame { try b.writeFrame([byte]) }
        #expect(try a.read(ClientFrame.self, timeout: .seconds(2)) == ClientFrame(id: 9, request: .limits))
        // Nothing more: the read times out rather than hanging.
        #expect(throws: AttachError.timedOut("waiting for an answer")) { try a.read(ClientFrame.self, timeout: .milliseconds(50)) }
        try b.writeFrame(FrameCodec.header(1001))
        #expect(throws: AttachError.frameTooLarge(length: 1001, maximum: 1000)) { try a.read(ClientFrame.self, timeout: .seconds(2)) }
    }

    @Test func aConnectionsOutputIsBoundedAndDropsAreReportedOnce() throws {
        // In this process: a connection's backend on the runtime, its own program printing ten lines. Other
        // suites' programs print in this process at the same time: the backend takes its own programs' output only.
        let tick = TraceProvider("cursortest").event("loop", "work", "tick", ("n", Int.self))
        var limits = ConnectionLimits()
        limits.outputRecords = 3
        let hello = ServerHello(pid: getpid(), execname: "test", probes: 1, uid: getuid(), limits: limits)
        let backend = ConnectionBackend(runtime: .shared, registry: .shared, limits: limits, hello: hello, unclaimedOutput: false)
        defer {
            backend.end()
            try? TraceRuntime.shared.delete("cursor_p")
        }
        guard case .defined = backend.perform(.define(name: "cursor_p", source: "cursortest:::tick { printf(\"%d\\n\", n); }", allowZeroMatches: false)) else {
            Issue.record("define failed"); return
        }
        for n in 0..<10 { tick.fire(n) }
        guard case .output(let first) = backend.perform(.drainOutput) else { Issue.record("drainOutput"); return }
        #expect(first.prefix(3).map(\.kind) == [.text("0\n"), .text("1\n"), .text("2\n")])
        #expect(first.last == TraceOutput(program: "", kind: .error("7 output records dropped: this console was not reading fast enough")))
        #expect(first.count == 4)
        #expect(backend.perform(.drainOutput) == .output([]))
        #expect(TraceRuntime.shared.drainOutput(program: "cursor_p").isEmpty, "the connection's program's output went to it alone")

        // A drain is bounded in size but always makes progress.
        let cursor = TraceRuntime.shared.openOutputCursor(limits: OutputCursor.Limits(records: 100, bytes: 1 << 20), unclaimedOutput: false)
        defer { cursor.close() }
        cursor.claim("cursor_p")
        tick.fire(1_000_000_000)
        tick.fire(2)
        #expect(cursor.drain(limitBytes: 10).records.count == 1)
        #expect(cursor.drain(limitBytes: 10).records.count == 1)
        #expect(cursor.drain(limitBytes: 10).records.isEmpty)
    }

    @Test func defaultSocketDirectory() throws {
        let dir = try TemporaryDirectory()
        #expect(SocketPath.defaultDirectory(environment: ["XDG_RUNTIME_DIR": dir.path], uid: 42) == dir.path + "/trace-console")
        #expect(SocketPath.defaultDirectory(environment: [:], uid: 42) == "/tmp/trace-console-42")
        #expect(SocketPath.defaultDirectory(environment: ["XDG_RUNTIME_DIR": "relative"], uid: 42) == "/tmp/trace-console-42")
        #expect(SocketPath.defaultDirectory(environment: ["XDG_RUNTIME_DIR": dir.path + "/missing"], uid: 42) == "/tmp/trace-console-42")
        #expect(SocketPath.socketPath(directory: "/run/user/1000/trace-console", pid: 77) == "/run/user/1000/trace-console/77.sock")
        #expect(SocketPath.candidateDirectories(environment: [:], uid: 1000).prefix(2) == ["/tmp/trace-console-1000", "/run/user/1000/trace-console"])
    }

    @Test func staleSocketIsRecognisedAndCleared() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/999999.sock"
        let fd = try Syscall.unixStreamSocket()
        try Syscall.bind(fd, path: path)
        Syscall.close(fd)   // bound, never listened on, closed: what a killed process leaves
        #expect(SocketPath.probe(path) == .stale)
        #expect(AttachableProcess.list(directories: [dir.path]).map(\.state) == [.stale("process gone")])
        try SocketPath.clearStale(path)
        #expect(access(path, F_OK) != 0)
        #expect(AttachableProcess.list(directories: [dir.path]).isEmpty)
    }

    @Test func detachOutsideAnAttachedConsoleSaysSo() {
        let i = Interpreter(backend: LocalBackend())
        #expect(i.execute("detach").messages
                == "error: this console is not attached to another process (detach is for trace-console attach; use quit)\n")
        #expect(i.execute("detach --force").messages == "error: usage: detach [--keep]\n")
    }
}
