/// One client connection, owned by one event loop thread: buffered input, the resumable parser,
/// pipelined replies in an output buffer. Input stops being read while more than
/// `outputHighWater` bytes of replies wait, so a client that never reads cannot grow it without bound;
/// its unparsed input counts against the server's `InputBudget`, shared by every connection.
import TraceSystem
final class Connection {
    /// Why a connection ends (the `kv:net:socket:close` reason).
    enum CloseReason: String {
        case eof, quit, `protocol`, error, shutdown
    }

    static let outputHighWater = 4 << 20

    let fd: Int32
    private let handler: CommandHandler
    private let probes: KVProbes
    private var input: [UInt8] = []
    private let inputBudget: InputBudget
    /// Bytes of `input` counted in the budget.
    private var inputCharged = 0
    private var inputIndex = 0
    private var parser = RESPParser()
    private var output: [UInt8] = []
    private var outputIndex = 0
    /// Set when no more input will be read: the replies are flushed, then the connection closes.
    private(set) var closeReason: CloseReason?
    /// Set when the connection must close now.
    private(set) var isFinished = false
    /// The events registered with epoll.
    var registeredEvents: UInt32 = 0

    init(fd: Int32, handler: CommandHandler, probes: KVProbes, inputBudget: InputBudget) {
        self.fd = fd
        self.inputBudget = inputBudget
        self.handler = handler
        self.probes = probes
    }

    /// The epoll events this connection wants now.
    var wantedEvents: UInt32 {
        var events: UInt32 = 0
        if closeReason == nil && pendingOutput < Self.outputHighWater { events |= EpollEvent.readable }
        if pendingOutput > 0 { events |= EpollEvent.writable }
        return events
    }

    private var pendingOutput: Int { output.count - outputIndex }

    /// Reads what is available (through `scratch`), runs the complete commands, writes the replies.
    func onReadable(scratch: UnsafeMutableRawBufferPointer) {
        var total = 0
        reading: for _ in 0..<16 {
            do {
                guard let n = try Syscall.receiveSome(fd, scratch, dontWait: false) else { break reading }
                if n == 0 {
                    finishAfterFlush(.eof)
                    break reading
                }
                input.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
                total += n
                if n < scratch.count { break reading }
            } catch {
                isFinished = true
                closeReason = .error
                return
            }
        }
        if total > 0 { probes.read.fire(Int(fd), total) }
        guard chargeInput() else {
            RESPWriter.error(inputBudget.refusal, to: &output)
            probes.parseError.fire(Int(fd), inputBudget.refusal)
            closeReason = .protocol
            input = []
            inputIndex = 0
            _ = chargeInput()
            flush()
            settle()
            return
        }
        process()
        flush()
        settle()
    }

    /// Writes pending replies; once drained, runs input held back by the high-water mark.
    func onWritable() {
        flush()
        if pendingOutput == 0 {
            process()
            flush()
        }
        settle()
    }

    /// A closing connection is finished once its replies are out (process() has run every complete command).
    private func settle() {
        if pendingOutput == 0 && closeReason != nil { isFinished = true }
    }

    /// Brings the budget up to date with the input held now; false if the server's total is over its limit.
    @discardableResult
    private func chargeInput() -> Bool {
        let now = input.count - inputIndex
        let delta = now - inputCharged
        inputCharged = now
        return inputBudget.adjust(by: delta) || delta <= 0
    }

    /// Gives back what this connection's input held of the budget (it is closing).
    func releaseInput() {
        _ = inputBudget.adjust(by: -inputCharged)
        inputCharged = 0
    }

    /// Ends the connection because the server is stopping.
    func shutdown() {
        closeReason = closeReason ?? .shutdown
        isFinished = true
    }

    private func finishAfterFlush(_ reason: CloseReason) {
        if closeReason == nil { closeReason = reason }
    }

    /// Runs every complete command in the input, stopping at the output high-water mark.
    private func process() {
        while !isFinished && pendingOutput < Self.outputHighWater && (closeReason == nil || closeReason == .eof) {
            let result = input.withUnsafeBufferPointer { parser.next($0, &inputIndex) }
            switch result {
            case .incomplete:
                compactInput()
                return
            case .command(let arguments):
                probes.parseRequest.fire(Int(fd), arguments.count, parser.lastCommandBytes)
                if handler.execute(arguments, into: &output) == .close {
                    closeReason = .quit
                }
            case .failure(let message):
                RESPWriter.error("ERR Protocol error: \(message)", to: &output)
                probes.parseError.fire(Int(fd), message)
                closeReason = .protocol
                input = []
                inputIndex = 0
                return
            }
        }
        compactInput()
    }

    private func compactInput() {
        if inputIndex == input.count {
            if input.capacity > 1 << 20 { input = [] } else { input.removeAll(keepingCapacity: true) }
            inputIndex = 0
        } else if inputIndex > 0 {
            input.removeFirst(inputIndex)
            inputIndex = 0
        }
        chargeInput()
    }

    /// Writes as much pending output as the socket takes.
    private func flush() {
        var written = 0
        while pendingOutput > 0 {
            do {
                let n = try output.withUnsafeBytes { bytes in
                    try Syscall.sendSome(fd, UnsafeRawBufferPointer(rebasing: bytes[outputIndex...]), dontWait: false)
                }
                guard let n else { break }
                outputIndex += n
                written += n
            } catch {
                isFinished = true
                closeReason = .error
                break
            }
        }
        if written > 0 { probes.write.fire(Int(fd), written) }
        if pendingOutput == 0 {
            if output.capacity > 1 << 20 { output = [] } else { output.removeAll(keepingCapacity: true) }
            outputIndex = 0
        }
    }
}
