import Dispatch
import Glibc
import Synchronization
import TraceSystem

/// An in-process load generator for the KV server: N connections, each on its own thread, each
/// sending a fixed number of pipelined SET/GET requests (alternating) and reading every reply.
/// Used to measure the cost of tracing under load: run it with and without programs enabled.
public enum LoadGenerator {
    /// The load to generate.
    public struct Configuration: Sendable {
        /// The server address.
        public var host = "127.0.0.1"
        /// The server port.
        public var port = 6380
        /// Concurrent connections (one thread each).
        public var connections = 4
        /// Requests each connection sends (rounded up to whole pipelines).
        public var requestsPerConnection = 10_000
        /// Requests written at once before reading their replies.
        public var pipeline = 16
        /// Distinct keys (`key:0` …).
        public var keySpace = 1_000
        /// Bytes per SET value.
        public var valueSize = 16

        /// The default load against `port`.
        public init(port: Int = 6380) { self.port = port }
    }

    /// What a run measured.
    public struct Result: Sendable, Equatable {
        /// Requests answered.
        public var requests: Int
        /// Replies that were errors.
        public var errors: Int
        /// Wall time from the first request to the last reply.
        public var seconds: Double
        /// `requests / seconds`.
        public var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    }

    /// Connects every connection, then sends the load on all of them at once; returns when all replies are in.
    public static func run(_ configuration: Configuration) throws -> Result {
        let batches = makeBatches(configuration)
        var fds: [Int32] = []
        do {
            for _ in 0..<max(configuration.connections, 1) {
                fds.append(try Syscall.connect(host: configuration.host, port: configuration.port))
            }
        } catch {
            for fd in fds { Syscall.close(fd) }
            throw error
        }
        defer { for fd in fds { Syscall.close(fd) } }
        let batchesPerConnection = (max(configuration.requestsPerConnection, 1) + configuration.pipeline - 1) / max(configuration.pipeline, 1)
        let totals = Totals()
        let group = DispatchGroup()
        let start = MonotonicClock.nanoseconds()
        for (i, fd) in fds.enumerated() {
            group.enter()
            _ = WorkerThread(name: "kv-load-\(i)") {
                let (replies, errors, failed) = drive(fd: fd, batches: batches, offset: i, count: batchesPerConnection,
                                                      pipeline: max(configuration.pipeline, 1))
                totals.add(replies: replies, errors: errors, failed: failed)
                group.leave()
            }
        }
        group.wait()
        let seconds = Double(MonotonicClock.nanoseconds() - start) / 1e9
        if let failure = totals.failure { throw failure }
        return Result(requests: totals.replies.load(ordering: .relaxed), errors: totals.errors.load(ordering: .relaxed), seconds: seconds)
    }

    /// Pre-built pipelines (RESP multibulk), so the generator spends its time on I/O, not formatting.
    static func makeBatches(_ c: Configuration) -> [[UInt8]] {
        let pipeline = max(c.pipeline, 1)
        let value = [UInt8](repeating: UInt8(ascii: "x"), count: max(c.valueSize, 0))
        let batchCount = max(1, min(64, max(c.keySpace, 1) / pipeline))
        var batches: [[UInt8]] = []
        var n = 0
        for _ in 0..<batchCount {
            var batch: [UInt8] = []
            for _ in 0..<pipeline {
                let key = Array("key:\(n % max(c.keySpace, 1))".utf8)
                if n % 2 == 0 { append(&batch, [Array("SET".utf8), key, value]) } else { append(&batch, [Array("GET".utf8), key]) }
                n += 1
            }
            batches.append(batch)
        }
        return batches
    }

    private static func append(_ out: inout [UInt8], _ arguments: [[UInt8]]) {
        RESPWriter.arrayHeader(arguments.count, to: &out)
        for a in arguments { RESPWriter.bulk(a, to: &out) }
    }

    /// Sends `count` batches on one connection, reading each batch's replies before the next.
    private static func drive(fd: Int32, batches: [[UInt8]], offset: Int, count: Int, pipeline: Int) -> (Int, Int, SystemError?) {
        var replies = 0, errors = 0
        var input: [UInt8] = []
        var index = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 8)
        defer { chunk.deallocate() }
        do {
            for b in 0..<count {
                let batch = batches[(b + offset) % batches.count]
                var sent = 0
                while sent < batch.count {
                    let n = try batch.withUnsafeBytes { try Syscall.sendSome(fd, UnsafeRawBufferPointer(rebasing: $0[sent...]), dontWait: false) }
                    sent += n ?? 0
                }
                var pending = pipeline
                while pending > 0 {
                    while pending > 0, let (reply, end) = RESPReply.parse(input, at: index) {
                        if case .error = reply { errors += 1 }
                        index = end
                        replies += 1
                        pending -= 1
                    }
                    if pending == 0 { break }
                    if index > 0 { input.removeFirst(index); index = 0 }
                    guard let n = try Syscall.receiveSome(fd, chunk, dontWait: false), n > 0 else { throw SystemError("read", code: ECONNRESET) }
                    input.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
                }
            }
        } catch let error as SystemError {
            return (replies, errors, error)
        } catch {
            return (replies, errors, SystemError("load", code: EIO))
        }
        return (replies, errors, nil)
    }

    private final class Totals: Sendable {
        let replies = Atomic<Int>(0)
        let errors = Atomic<Int>(0)
        private let failed = Lock<SystemError?>(nil)

        func add(replies r: Int, errors e: Int, failed f: SystemError?) {
            replies.wrappingAdd(r, ordering: .relaxed)
            errors.wrappingAdd(e, ordering: .relaxed)
            if let f { failed.withLock { $0 = $0 ?? f } }
        }

        var failure: SystemError? { failed.withLock { $0 } }
    }
}
