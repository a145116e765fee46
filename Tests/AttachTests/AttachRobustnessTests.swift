// The service is never at a console's mercy: a console killed mid-watch, a connection reset in the middle of
// a request, malformed, truncated, oversized and random frames, and a thousand connect/disconnect cycles leave
// it serving, with the consoles' programs freed and no descriptor leaked.
import Foundation
import Glibc
import TestSupport
import Testing
@testable import Console
@testable import TraceAgent

@Suite(.serialized) struct AttachRobustnessTests {
    /// A fresh console can still attach and run a request.
    func stillServes(_ host: TestHost) throws -> Bool {
        let console = try host.attach()
        defer { console.close() }
        guard case .probes(let list) = console.perform(.listProbes(pattern: nil)) else { return false }
        return list.count == 3 && host.process.isRunning
    }

    @Test func killingAConsoleMidWatchFreesItsPrograms() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let client = try ChildProcess(path: try ChildProcess.executable("trace-console"),
                                      arguments: ["attach", String(host.pid), "--socket", host.socketPath, "--plain", "--no-history"])
        client.write("program w { attachtest:::tick { @n[n % 3] = count(); } }\n")
        client.write("watch w every 100ms\n")
        #expect(client.waitForOutput("@n:"), "the watch shows frames: \(client.output) \(client.errorOutput)")
        #expect(try host.programNames() == ["w"])
        client.killAndReap()
        #expect(waitUntil { (try? host.programNames()) == [] }, "the killed console's program is deleted")
        #expect(try stillServes(host))
    }

    @Test func connectionResetMidRequestFreesProgramsAndServiceGoesOn() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        let raw = try RawClient(path: host.socketPath)
        try raw.sendHello()
        #expect(try raw.readFrame().hello?.pid == host.pid)
        try raw.send(FrameCodec.encode(ClientFrame(id: 1, request: .define(name: "r", source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false))))
        #expect(try raw.readFrame().response == .defined(DefinitionInfo(name: "r", matchedProbes: 1, replaced: false, enabled: true)))
        #expect(try host.programNames() == ["r"])
        // Half a request, then a reset.
        let frame = try FrameCodec.encode(ClientFrame(id: 2, request: .listPrograms))
        try raw.send(Array(frame.prefix(frame.count / 2)))
        raw.reset()
        #expect(waitUntil { (try? host.programNames()) == [] })
        #expect(try stillServes(host))
    }

    @Test func badFramesAreAnsweredWithErrorsAndTheAgentKeepsServing() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)

        func expectError(_ code: String, after hello: Bool = true, _ send: (RawClient) throws -> Void) throws {
            let raw = try RawClient(path: host.socketPath)
            if hello {
                try raw.sendHello()
                _ = try raw.readFrame()
            }
            try send(raw)
            let answer = try raw.readFrame()
            #expect(answer.error?.code == code, "expected \(code), got \(String(describing: answer))")
            #expect(raw.closedByPeer(), "the agent closes a connection after an error frame")
        }

        // Not JSON, JSON of the wrong shape, a request without an id, a second hello.
        try expectError("malformed-frame") { try $0.sendFrame(json: "this is not json") }
        try expectError("malformed-frame") { try $0.sendFrame(json: "{\"id\": \"seven\"}") }
        try expectError("malformed-frame") { try $0.sendFrame(json: "{\"id\": 1, \"request\": {\"noSuchRequest\": {}}}") }
        try expectError("protocol") { try $0.sendFrame(json: "{\"request\": {\"listPrograms\": {}}}") }
        try expectError("protocol") { try $0.sendFrame(json: "{\"id\": 3}") }
        try expectError("protocol") { try $0.sendHello() }
        // Oversized: a length over 16 MiB is refused before anything is read.
        try expectError("frame-too-large") { try $0.send(FrameCodec.header(16 << 20 + 1) + [0x7B]) }
        try expectError("frame-too-large") { try $0.send([0xFF, 0xFF, 0xFF, 0xFF]) }
        // Truncated: the stream ends inside a frame.
        try expectError("truncated-frame") { raw in
            try raw.send(FrameCodec.header(100) + Array("{\"id\": 1,".utf8))
            raw.shutdownWrite()
        }
        // Handshake errors: a wrong version, a request before the hello.
        try expectError("incompatible-version", after: false) { try $0.sendHello(version: 99) }
        try expectError("protocol", after: false) { try $0.sendFrame(json: "{\"id\": 1, \"request\": {\"listPrograms\": {}}}") }
        try expectError("malformed-frame", after: false) { try $0.sendFrame(json: "[1, 2, 3]") }

        // Random bytes (seeded): whatever the agent makes of them, it answers with an error or closes, and lives.
        var generator = SplitMix(seed: 7)
        for round in 0..<40 {
            let raw = try RawClient(path: host.socketPath)
            if round % 2 == 0 {
                try raw.sendHello()
                _ = try raw.readFrame()
            }
            let count = Int(generator.next() % 300) + 1
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 4 == 1 { bytes = FrameCodec.header(count) + bytes }   // a well-formed length, garbage inside
            try? raw.send(bytes)
            raw.shutdownWrite()
            if let answer = try? raw.readFrame(timeout: .seconds(15)) {
                #expect(answer.error != nil, "round \(round): random bytes answered with \(answer)")
            }
            #expect(raw.closedByPeer(timeout: .seconds(15)), "round \(round)")
        }
        #expect(try stillServes(host))
    }

    @Test func thousandConnectDisconnectCyclesLeakNoDescriptors() throws {
        let dir = try TemporaryDirectory()
        let host = try TestHost(directory: dir)
        // One warm-up connection, so lazily opened descriptors (the runtime's, the router's) exist before counting.
        do {
            let warm = try host.attach()
            _ = warm.perform(.define(name: "warm", source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false))
            _ = warm.perform(.drainOutput)
            warm.close()
        }
        #expect(waitUntil { (try? host.programNames()) == [] })
        // The observer connection programNames() used closes on the agent's side a moment later.
        usleep(300_000)
        let before = host.openDescriptors
        for i in 0..<1000 {
            switch i % 4 {
            case 0:
                let c = try host.attach()
                _ = c.perform(.listPrograms)
                c.close()
            case 1:
                let c = try host.attach()
                _ = c.perform(.define(name: nil, source: "attachtest:::tick { @n = count(); }", allowZeroMatches: false))
                c.close()
            case 2:
                let raw = try RawClient(path: host.socketPath)
                raw.close()   // before the hello
            default:
                let raw = try RawClient(path: host.socketPath)
                try raw.sendHello()
                raw.reset()
            }
        }
        #expect(waitUntil(timeout: .seconds(30)) { host.openDescriptors == before },
                "descriptors before \(before), after \(host.openDescriptors)")
        #expect(waitUntil { (try? host.programNames()) == [] })
        #expect(try stillServes(host))
    }
}

/// A small deterministic generator for the random frames.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
