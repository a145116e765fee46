// The console's side of an attach: a TraceBackend whose every request is one frame to the agent and one frame
// back (the wire protocol in TraceAgent/Protocol), so the interpreter, completion, the output pump and watch
// work unchanged. Requests from the console's threads (the prompt, the pump, the watch) take turns on the
// connection. Each fails at most `responseTimeout` (5 s) after it was made — time spent waiting for its turn
// counts — or when Ctrl-C abandons it. A request that timed out leaves its answer owed: no later request is sent
// until that late answer has come (and been skipped), so a stopped service never finds a queue of requests the
// user was told had failed. Once the connection is lost (noticed at once by ConnectionWatch) every request fails
// with a message saying so.
import Glibc
import TraceAgent
import TraceSystem

/// A backend in another process, reached through its trace agent's socket.
public final class RemoteBackend: TraceBackend, @unchecked Sendable {   // the channel is used only by the request holding the turn (`State.busy`, set and cleared under `state`); the rest is set in init
    /// What the agent said about the service in its hello.
    public let server: ServerHello
    /// The socket path connected to.
    public let path: String
    /// How long an answer may take.
    public let responseTimeout: Duration
    private let channel: SocketChannel
    /// Who may use the channel, the next request number, the answer still owed, and why the connection was lost.
    private struct State {
        var nextID: UInt64 = 1
        /// Why the connection is over (nil while it works).
        var lost: String?
        /// A request holds the turn: it alone reads and writes the channel.
        var busy = false
        /// The id of a request that timed out or was abandoned and whose answer has not come yet.
        var owed: UInt64?
    }
    private let state = Lock(State())
    /// Lost and abandoned, seen by the watcher thread and Ctrl-C without waiting for `state`.
    let watch = ConnectionWatch()

    private init(channel: SocketChannel, server: ServerHello, path: String, responseTimeout: Duration) {
        self.channel = channel
        self.server = server
        self.path = path
        self.responseTimeout = responseTimeout
    }

    deinit { channel.close() }

    /// Connects to the agent of process `pid` (its socket found in the usual directories, in a directory that
    /// checks out, or at `path`) and performs the handshake. Throws the agent's refusal (`.refused`), what did not
    /// match (`.unusablePath`: AgentVerification), or why it cannot be reached.
    public static func connect(pid: Int32, path: String? = nil, timeout: Duration = .seconds(5),
                               responseTimeout: Duration = .seconds(5)) throws(AttachError) -> RemoteBackend {
        let socketPath: String
        if let path { socketPath = path } else { socketPath = try AgentVerification.find(pid: pid) }
        return try connect(path: socketPath, pid: pid, timeout: timeout, responseTimeout: responseTimeout)
    }

    /// Connects to the agent listening on `path` and performs the handshake, once the listening process is
    /// checked to be `pid` (default: the number in the socket's name, `PID.sock`) running as that process's uid.
    public static func connect(path: String, pid: Int32? = nil, timeout: Duration = .seconds(5),
                               responseTimeout: Duration = .seconds(5)) throws(AttachError) -> RemoteBackend {
        let channel = try SocketChannel.connect(path: path, timeout: timeout)
        do throws(AttachError) {
            let name = path.split(separator: "/").last ?? ""
            if let target = pid ?? (name.hasSuffix(".sock") ? Int32(name.dropLast(5)) : nil) {
                guard let uid = AgentVerification.uid(ofProcess: target) else {
                    throw AttachError.unusablePath("refusing \(path): no process \(target)")
                }
                if let problem = AgentVerification.problemWithPeer(channel.fd, pid: target, uid: uid) {
                    throw AttachError.unusablePath("refusing \(path): \(problem)")
                }
            }
            do throws(AttachError) {
                try channel.write(ClientFrame(hello: ClientHello(pid: getpid(), uid: getuid())))
            } catch {
                // An agent that refuses a peer answers at once and closes, so our hello can meet a
                // closed socket: its answer is already waiting to be read, and says why.
                guard let refusal = try? channel.read(AgentFrame.self, timeout: .milliseconds(500)),
                      let reason = refusal.error else { throw error }
                throw AttachError.refused(code: reason.code, message: AgentVerification.escapingControls(reason.message))
            }
            let answer = try channel.read(AgentFrame.self, timeout: timeout)
            if let error = answer.error { throw AttachError.refused(code: error.code, message: AgentVerification.escapingControls(error.message)) }
            guard var hello = answer.hello else { throw AttachError.malformedFrame("the agent's first frame is not a hello") }
            guard hello.version == AttachProtocol.version else {
                throw AttachError.incompatibleVersion(ours: AttachProtocol.version, theirs: hello.version)
            }
            hello.execname = AgentVerification.escapingControls(hello.execname)
            return RemoteBackend(channel: channel, server: hello, path: path, responseTimeout: responseTimeout)
        } catch {
            channel.close()
            throw error
        }
    }

    /// Performs one request in the service; a lost connection or protocol error is a `.failure`. `.detach` is
    /// sent as the protocol's detach frame.
    public func perform(_ request: BackendRequest) -> BackendResponse {
        if case .detach(let keep) = request {
            do throws(AttachError) {
                return .detached(try detach(keep: keep), pid: server.pid, execname: server.execname)
            } catch {
                return .failure(.message("detach failed: \(error)"))
            }
        }
        switch exchange(ClientFrame(request: request)) {
        case .success(let frame):
            if case .failure(.message(let text))? = frame.response {
                return .failure(.message(AgentVerification.escapingControls(text, keepLines: true)))
            }
            if let response = frame.response { return response }
            return .failure(.message("the agent answered a request with something else"))
        case .failure(let error):
            return .failure(.message(error))
        }
    }

    /// Leaves the service: with `keep`, this console's programs stay enabled; without, they are deleted now.
    func detach(keep: Bool) throws(AttachError) -> DetachResult {
        watch.markLeaving()
        switch exchange(ClientFrame(detach: DetachRequest(keep: keep))) {
        case .success(let frame):
            guard let result = frame.detached else { throw .malformedFrame("the agent answered a detach with something else") }
            return result
        case .failure(let message):
            throw .refused(code: "connection", message: message)
        }
    }

    /// Whether the connection still works.
    public var isConnected: Bool {
        state.withLock { $0.lost == nil }
    }

    /// Whether the service went away under the console (exited, or closed the connection), not the console leaving.
    public var serviceWentAway: Bool { watch.wentAway }

    /// Whether a request holds the connection now (sent, or about to be, and waiting for its answer).
    var isBusy: Bool { state.withLock { $0.busy } }

    /// Closes the connection (the agent then deletes this console's programs unless they were kept).
    public func close() {
        watch.markLeaving()
        state.withLock { s in
            if s.lost == nil { s.lost = "the console closed the connection" }
        }
        state.broadcast()
        Syscall.shutdownBoth(channel.fd)
    }

    private enum Outcome { case success(AgentFrame), failure(String) }

    /// How often a request waiting for its turn checks for Ctrl-C and a lost connection.
    static let turnCheck: Duration = .milliseconds(50)

    /// Takes the turn, sends a frame and reads its answer, all by one deadline.
    private func exchange(_ frame: ClientFrame) -> Outcome {
        let deadline = ContinuousClock.now + responseTimeout
        let turn: (id: UInt64, owed: UInt64?)
        switch takeTurn(by: deadline) {
        case .success(let t): turn = t
        case .failure(let message): return .failure(message)
        }
        var owed = turn.owed
        var lost: String?
        defer {
            state.withLock { s in
                s.busy = false
                s.owed = owed
                if let lost, s.lost == nil { s.lost = lost }
            }
            state.broadcast()
        }
        do throws(AttachError) {
            if let earlier = owed {
                // The answer to an earlier request is still to come: wait for it (skipping it) before sending.
                guard try skipAnswers(through: earlier, by: deadline) else {
                    return .failure(gaveUp(sent: false))
                }
                owed = nil
            }
            var frame = frame
            frame.id = turn.id
            try channel.write(frame)
            while true {
                guard let answer = try channel.read(AgentFrame.self, beginningBy: deadline, shouldStop: { watch.shouldStopWaiting }) else {
                    owed = turn.id
                    return .failure(gaveUp(sent: true))
                }
                if let answerID = answer.id, answerID < turn.id { continue }   // the late answer to an abandoned request
                if let error = answer.error { throw AttachError.refused(code: error.code, message: error.message) }
                guard answer.id == turn.id else { throw AttachError.malformedFrame("answer \(answer.id.map(String.init) ?? "without id") to request \(turn.id)") }
                return .success(answer)
            }
        } catch {
            let why: String
            switch error {
            case .connectionClosed, .truncatedFrame: why = "the service closed the connection (did it exit?)"
            default: why = error.description
            }
            lost = why
            watch.markLost(why, notice: lostNotice)
            Syscall.shutdownBoth(channel.fd)
            return .failure("lost the connection to pid \(server.pid) (\(server.execname)): \(why)")
        }
    }

    private enum Turn { case success((id: UInt64, owed: UInt64?)), failure(String) }

    /// Waits until no other request holds the connection, then holds it; fails at `deadline`, on Ctrl-C, or
    /// once the connection is lost.
    private func takeTurn(by deadline: ContinuousClock.Instant) -> Turn {
        while true {
            let slice = Swift.min(deadline, ContinuousClock.now + Self.turnCheck)
            let taken = state.withLock(waitingUntil: { !$0.busy || $0.lost != nil }, deadline: slice) { s -> Turn? in
                if let lost = s.lost ?? watch.lost { return .failure("not connected to pid \(server.pid): \(lost)") }
                guard !s.busy else { return nil }
                s.busy = true
                defer { s.nextID += 1 }
                return .success((id: s.nextID, owed: s.owed))
            }
            if let taken { return taken }
            if let lost = watch.lost { return .failure("not connected to pid \(server.pid): \(lost)") }
            if watch.isAbandoned || ContinuousClock.now >= deadline { return .failure(gaveUp(sent: false)) }
        }
    }

    /// Reads and drops answers until the one to request `id` has come; false at `deadline` or when stopped.
    private func skipAnswers(through id: UInt64, by deadline: ContinuousClock.Instant) throws(AttachError) -> Bool {
        while true {
            guard let answer = try channel.read(AgentFrame.self, beginningBy: deadline, shouldStop: { watch.shouldStopWaiting }) else {
                return false
            }
            if let answerID = answer.id, answerID >= id { return true }
        }
    }

    /// Why a request gave up without its answer: Ctrl-C, the lost connection, or the deadline. A request that was
    /// sent leaves its answer owed (skipped when it comes).
    private func gaveUp(sent: Bool) -> String {
        if watch.isAbandoned { return "interrupted while waiting for pid \(server.pid)" + (sent ? " (its late answer will be skipped)" : "") }
        if let lost = watch.lost { return "not connected to pid \(server.pid): \(lost)" }
        return "service \(server.pid) did not answer within \(Self.seconds(responseTimeout)) (stopped or hung?)"
            + (sent ? "; its late answer will be skipped" : "")
    }
}

extension RemoteBackend: LosableBackend {
    /// The line a console prints when the service is gone.
    var lostNotice: String { "service \(server.pid) (\(server.execname)) exited; programs gone" }

    func onLost(_ handler: @escaping @Sendable (String) -> Void) {
        watch.onLost(fd: channel.fd, notice: lostNotice, reason: "the service closed the connection (did it exit?)", handler)
    }

    func abandonRequest() { watch.abandon() }

    func resetAbandoned() { watch.resetAbandoned() }

    /// `5s`, `1.5s`, `500ms`.
    static func seconds(_ d: Duration) -> String {
        let ms = Int(d.components.seconds) * 1000 + Int(d.components.attoseconds / 1_000_000_000_000_000)
        return ms % 1000 == 0 ? "\(ms / 1000)s" : ms > 1000 ? "\(Double(ms) / 1000)s" : "\(ms)ms"
    }
}
