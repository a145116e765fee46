// While the console runs a command the terminal stays raw, so Ctrl-C and Ctrl-Z arrive as keys and never as
// SIGINT or SIGTSTP (which would stop or kill a service that co-hosts the console). A watcher thread reads the
// keys and hands Ctrl-C and Ctrl-Z to the caller; anything else typed meanwhile is kept for the next entry.
import TraceSystem

/// The key watcher of one busy period.
final class BusyWatch: Sendable {
    private let stopped = Lock(false)
    /// The watcher thread, set once right after creation.
    let thread = Lock<WorkerThread?>(nil)

    var isStopped: Bool { stopped.withLock { $0 } }
    func stop() { stopped.withLock { $0 = true } }
}

extension LineEditor {
    /// Keeps the terminal raw while a command runs and calls `onInterrupt` (Ctrl-C) or `onSuspend` (Ctrl-Z) on
    /// a watcher thread; other keys wait for the next `readEvent()`. A no-op in plain mode. End with `endBusy()`.
    public func beginBusy(onInterrupt: @escaping @Sendable () -> Void, onSuspend: @escaping @Sendable () -> Void) {
        guard isTerminal else { return }
        let watch = BusyWatch()
        let started = locked { () -> Bool in
            guard busy == nil, (try? raw.enter()) != nil else { return false }
            busy = watch
            return true
        }
        guard started else { return }
        let fd = configuration.inputFD
        let worker = WorkerThread(name: "Terminal.busy-keys") { [weak self] in
            var chunk = [UInt8](repeating: 0, count: 256)
            while !watch.isStopped {
                guard (try? Syscall.waitReadable(fd, timeoutMilliseconds: 50)) == true, !watch.isStopped else { continue }
                let n = (try? chunk.withUnsafeMutableBytes { try Syscall.read(fd, into: $0) }) ?? 0
                if n <= 0 { return }   // the end of the input: the next readEvent() meets it too
                for byte in chunk[0..<n] {
                    switch byte {
                    case 0x03: onInterrupt()
                    case 0x1A: onSuspend()
                    default: self?.locked { self?.typeAhead.append(byte) }
                    }
                }
            }
        }
        watch.thread.withLock { $0 = worker }
    }

    /// Ends the busy period: the watcher stops and the terminal leaves raw mode until the next `readEvent()`.
    public func endBusy() {
        let watch = locked { () -> BusyWatch? in
            defer { busy = nil }
            return busy
        }
        guard let watch else { return }
        watch.stop()
        watch.thread.withLock { $0 }?.join()
        locked { raw.leave() }
    }

    /// Ctrl-Z while busy in a console that may stop: restores the terminal, stops the process, and on `fg`
    /// re-enters raw mode and redraws.
    public func suspendWhileBusy() {
        try? suspend()
    }

    /// Makes the current and every later `readEvent()` return `.endOfFile` (the session is over). Thread-safe.
    public func cancelRead() {
        locked { readCancelled = true }
    }
}
