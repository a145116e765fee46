// Process-wide signal handling for terminals in raw mode.
//
// Handlers are installed with raw `sigaction` (a DispatchSource signal source would suppress the default
// action on Linux) and only do async-signal-safe work:
// - SIGINT, SIGTERM, SIGHUP, SIGQUIT: restore every terminal that is raw, then re-raise with the previous action;
// - SIGTSTP (sent from outside; Ctrl-Z itself arrives as a byte): restore, then stop with the previous action;
// - SIGWINCH, SIGCONT: write the signal number to a self-pipe read by one watcher thread, which tells the
//   registered editors (resize, or re-enter raw mode and repaint after an external stop).
// An `atexit` hook restores raw terminals when the process exits normally.
import Glibc
import Foundation
import Synchronization
import TraceSystem

/// Something the signal watcher thread notifies.
protocol SignalObserver: AnyObject, Sendable {
    func windowDidResize()
    func processDidContinue()
}

enum SignalHandling {
    static let slotCount = 8
    private static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP]
    private static let watchedSignals: [Int32] = [SIGWINCH, SIGCONT]

    /// Per slot: the input fd + 1 while that terminal is raw, else 0.
    nonisolated(unsafe) static let slotFD: UnsafeMutablePointer<Atomic<Int32>> = {
        let p = UnsafeMutablePointer<Atomic<Int32>>.allocate(capacity: slotCount)
        for i in 0..<slotCount { (p + i).initialize(to: Atomic(0)) }
        return p
    }()
    nonisolated(unsafe) static let slotOutputFD: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: slotCount)
        p.initialize(repeating: -1, count: slotCount)
        return p
    }()
    nonisolated(unsafe) static let slotTermios: UnsafeMutablePointer<termios> = {
        let p = UnsafeMutablePointer<termios>.allocate(capacity: slotCount)
        p.initialize(repeating: termios(), count: slotCount)
        return p
    }()
    /// Previous actions, indexed by signal number.
    nonisolated(unsafe) static let previousActions: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        return p
    }()
    /// The bytes that undo our terminal modes: bracketed paste off, synchronized output off, cursor shown.
    nonisolated(unsafe) static let resetSequence: UnsafeMutableBufferPointer<UInt8> = {
        let bytes = Array("\u{1B}[?2004l\u{1B}[?2026l\u{1B}[?25h".utf8)
        let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = p.initialize(from: bytes)
        return p
    }()
    static let pipeWriteFD = Atomic<Int32>(-1)

    private static let state = Lock(State())
    private struct State {
        var installed = false
        var observers: [WeakObserver] = []
        var slotsInUse = Set<Int>()
    }
    private struct WeakObserver { weak var value: (any SignalObserver)? }

    // MARK: Raw slots

    /// Records that `fd` is raw with `saved` as its original mode; returns the slot to release later.
    static func claimSlot(inputFD: Int32, outputFD: Int32, saved: termios) -> Int? {
        installIfNeeded()
        let slot: Int? = state.withLock { s in
            guard let free = (0..<slotCount).first(where: { !s.slotsInUse.contains($0) }) else { return nil }
            s.slotsInUse.insert(free)
            return free
        }
        guard let slot else { return nil }
        slotTermios[slot] = saved
        slotOutputFD[slot] = outputFD
        slotFD[slot].store(inputFD + 1, ordering: .releasing)
        return slot
    }

    static func releaseSlot(_ slot: Int) {
        slotFD[slot].store(0, ordering: .releasing)
        _ = state.withLock { $0.slotsInUse.remove(slot) }
    }

    /// Restores every raw terminal; async-signal-safe (used by the handlers and `atexit`).
    static func restoreAllRawTerminals() {
        for i in 0..<slotCount {
            let fdPlusOne = slotFD[i].exchange(0, ordering: .acquiringAndReleasing)
            if fdPlusOne == 0 { continue }
            _ = tcsetattr(fdPlusOne - 1, TCSANOW, slotTermios + i)
            let out = slotOutputFD[i]
            if out >= 0 { _ = write(out, resetSequence.baseAddress, resetSequence.count) }
        }
    }

    // MARK: Observers

    static func addObserver(_ observer: any SignalObserver) {
        installIfNeeded()
        state.withLock { s in
            s.observers.removeAll { $0.value == nil }
            s.observers.append(WeakObserver(value: observer))
        }
    }

    private static func notify(_ signal: Int32) {
        let observers = state.withLock { s in s.observers.compactMap { $0.value } }
        for observer in observers {
            if signal == SIGWINCH { observer.windowDidResize() } else { observer.processDidContinue() }
        }
    }

    // MARK: Installation

    /// Installs the handlers, the self-pipe, its watcher thread and the atexit hook (once per process).
    static func installIfNeeded() {
        let first = state.withLock { s -> Bool in
            if s.installed { return false }
            s.installed = true
            return true
        }
        guard first else { return }
        // Touch the lazily initialised tables before any handler can run.
        _ = slotFD; _ = slotOutputFD; _ = slotTermios; _ = previousActions; _ = resetSequence
        if let pipe = try? Syscall.makePipe() {
            _ = fcntl(pipe.write, F_SETFL, fcntl(pipe.write, F_GETFL) | O_NONBLOCK)
            pipeWriteFD.store(pipe.write, ordering: .releasing)
            WorkerThread(name: "Terminal.signals") { watch(pipe.read) }
        }
        atexit { SignalHandling.restoreAllRawTerminals() }
        installHandlers()
    }

    /// (Re)installs our handlers; a signal whose previous action was "ignore" stays ignored.
    static func installHandlers() {
        for sig in terminationSignals { install(sig, handler: terminationHandler) }
        for sig in watchedSignals { install(sig, handler: forwardingHandler) }
    }

    private static func install(_ sig: Int32, handler: @convention(c) (Int32) -> Void) {
        var current = sigaction()
        guard sigaction(sig, nil, &current) == 0 else { return }
        let currentHandler = unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
        if currentHandler == unsafeBitCast(handler, to: Int.self) { return }  // already ours
        if currentHandler == 1 /* SIG_IGN */ && sig != SIGCONT && sig != SIGWINCH { return }
        previousActions[Int(sig)] = current
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        _ = sigaction(sig, &action, nil)
    }

    private static let terminationHandler: @convention(c) (Int32) -> Void = { sig in
        SignalHandling.restoreAllRawTerminals()
        // Hand the signal to whoever had it before (by default: terminate or stop) once we return.
        _ = sigaction(sig, SignalHandling.previousActions + Int(sig), nil)
        _ = raise(sig)
    }

    private static let forwardingHandler: @convention(c) (Int32) -> Void = { sig in
        let saved = errno
        var byte = UInt8(truncatingIfNeeded: sig)
        let fd = SignalHandling.pipeWriteFD.load(ordering: .acquiring)
        if fd >= 0 { _ = write(fd, &byte, 1) }
        errno = saved
    }

    private static func watch(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { b in (try? Syscall.read(fd, into: b)) ?? -1 }
            if n <= 0 { return }
            var sawResize = false, sawContinue = false
            for byte in buffer[0..<n] {
                if Int32(byte) == SIGWINCH { sawResize = true }
                if Int32(byte) == SIGCONT { sawContinue = true }
            }
            if sawContinue {
                installHandlers()  // SIGTSTP handed itself back to the previous action
                notify(SIGCONT)
            }
            if sawResize { notify(SIGWINCH) }
        }
    }
}
