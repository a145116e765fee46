import Dispatch
import Glibc
import Synchronization

/// Why a headless demo run ended.
public enum ShutdownReason: Sendable, Equatable {
    case signal(Int32)
    case durationElapsed
}

/// Blocks the calling thread until SIGINT or SIGTERM arrives, or `duration` (ns) has passed.
public enum ShutdownSignal {
    /// Waits for SIGINT/SIGTERM or the duration; the signals' default action (death) is replaced
    /// for the rest of the process so the caller can shut down cleanly.
    public static func wait(duration: Int?) -> ShutdownReason {
        let done = DispatchSemaphore(value: 0)
        let queue = DispatchQueue(label: "shutdown-signals")
        let received = SignalBox()
        var sources: [DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                received.set(sig)
                done.signal()
            }
            source.resume()
            sources.append(source)
        }
        let timedOut: Bool
        if let duration {
            timedOut = done.wait(timeout: .now() + .nanoseconds(duration)) == .timedOut
        } else {
            done.wait()
            timedOut = false
        }
        for s in sources { s.cancel() }
        return timedOut ? .durationElapsed : .signal(received.value)
    }
}

/// The number of the first signal that arrived.
private final class SignalBox: Sendable {
    private let number = Atomic<Int32>(0)
    var value: Int32 { number.load(ordering: .acquiring) }
    func set(_ sig: Int32) { _ = number.compareExchange(expected: 0, desired: sig, ordering: .acquiringAndReleasing) }
}
