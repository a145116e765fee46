import Foundation

/// A named OS thread running one closure, which the owner can wait for (`join`).
public final class JoinableThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread named `name`.
    public init(name: String, stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) {
        let finished = self.finished
        let thread = Thread {
            body()
            finished.signal()
        }
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }

    /// Waits until the closure has returned.
    public func join() {
        finished.wait()
        finished.signal()   // later joins return at once
    }
}
