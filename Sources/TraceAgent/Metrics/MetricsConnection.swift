// One client of the metrics endpoint: the request bytes read so far, the response being sent, and its deadline.
import TraceSystem

/// A metrics client's state, used only by the metrics server's thread.
final class MetricsConnection {
    /// Where the exchange is.
    enum Phase { case reading, writing, draining }
    /// What sending did.
    enum SendResult { case done, pending, failed }

    let fd: Int32
    var phase = Phase.reading
    var deadline: ContinuousClock.Instant
    private(set) var input: [UInt8] = []
    var output: [UInt8] = []
    private var sent = 0

    init(fd: Int32, deadline: ContinuousClock.Instant) {
        self.fd = fd
        self.deadline = deadline
    }

    /// Reads what is there, at most up to `limit` bytes in all; false at end of stream or on an error.
    func receive(limit: Int) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while input.count < limit {
            let want = min(chunk.count, limit - input.count)
            let n: Int?
            do {
                n = try chunk.withUnsafeMutableBytes { b throws(SystemError) in try Syscall.receiveSome(fd, UnsafeMutableRawBufferPointer(rebasing: b[..<want])) }
            } catch {
                return false
            }
            guard let n else { return true }
            if n == 0 { return false }
            input.append(contentsOf: chunk[..<n])
        }
        return true
    }

    /// Reads and drops what the client still sends; false at its end of stream or on an error.
    func discard() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n: Int?
            do {
                n = try chunk.withUnsafeMutableBytes { b throws(SystemError) in try Syscall.receiveSome(fd, b) }
            } catch {
                return false
            }
            guard let n else { return true }
            if n == 0 { return false }
        }
    }

    /// The index just past the head's last byte before the blank line (`\r\n\r\n`), if it has arrived.
    func headEnd() -> Int? {
        guard input.count >= 4 else { return nil }
        for i in 0...(input.count - 4) where input[i] == 13 && input[i + 1] == 10 && input[i + 2] == 13 && input[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// Sends as much of the response as the socket takes.
    func send() -> SendResult {
        while sent < output.count {
            let n: Int?
            do {
                n = try output.withUnsafeBytes { b throws(SystemError) in try Syscall.sendSome(fd, UnsafeRawBufferPointer(rebasing: b[sent...])) }
            } catch {
                return .failed
            }
            guard let n else { return .pending }
            sent += n
        }
        return .done
    }
}
