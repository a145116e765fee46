// The package's one way to start a thread: a named pthread running one closure. The owner may wait for it
// (`join`); one dropped without a join is detached and runs to its end on its own.
import Glibc

/// A named OS thread running one closure.
public final class WorkerThread: @unchecked Sendable {   // `thread` is set once in init; `joined` is behind a Lock
    private let thread: pthread_t
    private let joined = Lock(false)

    /// Starts `body` on a new thread named `name` (at most 15 bytes are kept: the kernel's limit), with
    /// `stackSize` bytes of stack (nil: the system's default).
    @discardableResult
    public init(name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        let start = Start(name: name, body: body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, max(stackSize, Int(PTHREAD_STACK_MIN))) }
        var thread = pthread_t()
        let rc = pthread_create(&thread, &attributes, { raw in
            let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
            start.run()
            return nil
        }, Unmanaged.passRetained(start).toOpaque())
        precondition(rc == 0, "pthread_create failed for thread '\(name)': \(String(cString: strerror(rc)))")
        self.thread = thread
    }

    deinit {
        joined.withLock { done in if !done { pthread_detach(thread) } }
    }

    /// Waits until the closure has returned (later joins return at once).
    public func join() {
        joined.withLock { done in
            guard !done else { return }
            pthread_join(thread, nil)
            done = true
        }
    }

    /// What the new thread runs: it names itself, then runs the closure.
    private final class Start {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) { self.name = name; self.body = body }

        func run() {
            var bytes = Array(name.utf8.prefix(15))
            while !bytes.isEmpty, String(validating: bytes, as: UTF8.self) == nil { bytes.removeLast() }
            bytes.append(0)
            bytes.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { _ = c_pthread_setname_np(pthread_self(), $0.baseAddress!) }
            }
            body()
        }
    }
}
