// One attached console, served on a thread of its own: the handshake, then request frames answered in order
// until the console leaves. Whatever way it ends — detach, EOF, reset, a malformed frame (answered with an
// error frame first), the agent stopping — the connection's programs are deleted unless it detached with
// --keep, its output cursor is closed and its socket closed.
import TraceSystem
import TraceSystem

/// A console attached to the agent.
final class AgentConnection: @unchecked Sendable {   // the channel is used on the connection's thread only; `requestStop` only shuts the socket down
    let id: UInt64
    let peer: PeerCredentials
    private let channel: SocketChannel
    private let backend: ConnectionBackend
    private let hello: ServerHello
    private let handshakeTimeout: Duration
    private let stopRequested = Lock(false)
    private let handshakeDone = Lock(false)

    /// Whether the console's hello was answered (until then the connection does not count as an attached console).
    var isAttached: Bool { handshakeDone.withLock { $0 } }

    /// How long a frame may take from its first byte to its last, and a new console to send its hello: a
    /// client that sends half a frame and stalls holds its connection slot no longer than this.
    static let frameTimeout: Duration = .seconds(3)

    init(id: UInt64, fd: Int32, peer: PeerCredentials, backend: ConnectionBackend, hello: ServerHello,
         budget: ReceiveBudget? = nil, handshakeTimeout: Duration = AgentConnection.frameTimeout) {
        self.id = id
        self.peer = peer
        self.channel = SocketChannel(fd: fd, maximumPayload: hello.limits.maximumFrameBytes, frameTimeout: Self.frameTimeout,
                                     writeTimeout: .seconds(5), budget: budget)
        self.backend = backend
        self.hello = hello
        self.handshakeTimeout = handshakeTimeout
    }

    /// Asks the connection to end: its thread stops reading, cleans up and closes the socket.
    func requestStop() {
        stopRequested.withLock { $0 = true }
        Syscall.shutdownBoth(channel.fd)
    }

    private var stopping: Bool {
        stopRequested.withLock { $0 }
    }

    /// Serves the connection until it ends, then cleans up. Runs on the connection's thread.
    func run() {
        defer {
            backend.end()
            channel.close()
        }
        guard handshake() else { return }
        handshakeDone.withLock { $0 = true }
        serve()
    }

    /// Reads the client's hello and answers; false if the connection must end.
    private func handshake() -> Bool {
        do throws(AttachError) {
            guard let payload = try channel.readFrame(idleDeadline: .now + handshakeTimeout, shouldStop: { stopping }) else {
                if !stopping { fail(ProtocolErrorInfo(code: "timeout", message: "no hello within \(AgentText.duration(handshakeTimeout))"), id: nil) }
                return false
            }
            let frame = try FrameCodec.decode(ClientFrame.self, from: payload)
            guard let clientHello = frame.hello else {
                fail(ProtocolErrorInfo(code: "protocol", message: "the first frame must be a hello: {\"hello\": {\"version\": \(AttachProtocol.version), \"pid\": …, \"uid\": …}}"), id: frame.id)
                return false
            }
            if let refusal = Handshake.check(clientHello) {
                fail(refusal, id: nil)
                return false
            }
            try channel.write(AgentFrame(hello: hello))
            return true
        } catch {
            if error != .connectionClosed { fail(.reading(error), id: nil) }
            return false
        }
    }

    private func serve() {
        while true {
            let payload: [UInt8]
            do throws(AttachError) {
                guard let p = try channel.readFrame(shouldStop: { stopping }) else { return }
                payload = p
            } catch {
                if error != .connectionClosed { fail(.reading(error), id: nil) }
                return
            }
            let frame: ClientFrame
            do throws(AttachError) { frame = try FrameCodec.decode(ClientFrame.self, from: payload) } catch {
                fail(.reading(error), id: nil)
                return
            }
            guard let id = frame.id else {
                fail(ProtocolErrorInfo(code: "protocol", message: "a request frame needs an 'id'"), id: nil)
                return
            }
            let answer: AgentFrame
            if let request = frame.request, frame.detach == nil, frame.hello == nil {
                answer = AgentFrame(id: id, response: backend.perform(request))
            } else if let detach = frame.detach, frame.request == nil, frame.hello == nil {
                answer = AgentFrame(id: id, detached: backend.detach(keep: detach.keep))
            } else {
                fail(ProtocolErrorInfo(code: "protocol", message: "a frame after the hello needs exactly one of 'request' or 'detach'"), id: id)
                return
            }
            do {
                try send(answer)
            } catch {
                return   // the console is gone or not reading: end the connection
            }
        }
    }

    /// Writes an answer; one too large for a frame becomes a failure response.
    private func send(_ answer: AgentFrame) throws(AttachError) {
        do throws(AttachError) {
            try channel.write(answer)
        } catch .frameTooLarge(let length, let maximum) {
            let failure = BackendResponse.failure(.message("the answer (\(length) bytes) is over the maximum frame size of \(maximum) bytes"))
            try channel.write(AgentFrame(id: answer.id, response: failure))
        }
    }

    /// Sends an error frame (best effort) before the connection ends.
    private func fail(_ error: ProtocolErrorInfo, id: UInt64?) {
        try? channel.write(AgentFrame(id: id, error: error))
    }
}
