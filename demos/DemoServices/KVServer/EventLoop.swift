/// One event loop thread: an epoll set with the shared listening socket (EPOLLEXCLUSIVE, so one
/// loop wakes per new connection), an eventfd to be woken for shutdown, and the connections it
/// accepted, all non-blocking and level-triggered. It also sweeps its share of the store's shards.
import TraceSystem
final class EventLoop: @unchecked Sendable {   // once running, its state is touched only on its own thread (see below)
    // @unchecked: after `run()` starts, `connections` and the buffers are touched only on the loop's
    // own thread; other threads only call `requestStop()` (an atomic flag and an eventfd write).
    private let index: Int
    private let loopCount: Int
    private let epollFD: Int32
    private let wakeFD: Int32
    private let listenFD: Int32
    private let store: KVStore
    private let handler: CommandHandler
    private let probes: KVProbes
    private let inputBudget: InputBudget
    private let stopFlag = StopFlag()
    private var connections: [Int32: Connection] = [:]

    static let maxEvents = 256
    static let readChunk = 64 << 10
    static let sweepInterval = 100_000_000

    init(index: Int, loopCount: Int, listenFD: Int32, store: KVStore, probes: KVProbes, inputBudget: InputBudget) throws(SystemError) {
        self.index = index
        self.inputBudget = inputBudget
        self.loopCount = loopCount
        self.listenFD = listenFD
        self.store = store
        self.handler = CommandHandler(store: store, probes: probes)
        self.probes = probes
        epollFD = try Syscall.epollCreate()
        do {
            wakeFD = try Syscall.eventFD()
            try Syscall.epollControl(epollFD, 1, wakeFD, EpollEvent.readable)
            try Syscall.epollControl(epollFD, 1, listenFD, EpollEvent.readable | EpollEvent.exclusive)
        } catch {
            Syscall.close(epollFD)
            throw error
        }
    }

    /// Asks the loop to close its connections and return from `run()`.
    func requestStop() {
        stopFlag.raise()
        Syscall.signal(eventFD: wakeFD)
    }

    /// Runs until `requestStop()`.
    func run() {
        let events = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.maxEvents * EpollEvent.size, alignment: 8)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readChunk, alignment: 8)
        defer {
            events.deallocate()
            scratch.deallocate()
        }
        var nextSweep = MonotonicClock.nanoseconds() + Self.sweepInterval
        var sweepShard = index
        while !stopFlag.isRaised {
            let n: Int
            do {
                n = try Syscall.epollWait(epollFD, events, timeoutMilliseconds: 100)
            } catch {
                StandardError.print("kvserver: \(error)")
                break
            }
            for i in 0..<n {
                let (bits, fd) = Syscall.epollEvent(events, i)
                if fd == listenFD {
                    acceptAll()
                } else if fd == wakeFD {
                    Syscall.drain(eventFD: wakeFD)
                } else if let connection = connections[fd] {
                    if bits & (EpollEvent.readable | EpollEvent.hangUp | EpollEvent.error) != 0 {
                        connection.onReadable(scratch: scratch)
                    }
                    if bits & EpollEvent.writable != 0 && !connection.isFinished { connection.onWritable() }
                    update(connection)
                }
            }
            let now = MonotonicClock.nanoseconds()
            if let until = acceptPausedUntil, now >= until {
                acceptPausedUntil = nil
                try? Syscall.epollControl(epollFD, 1, listenFD, EpollEvent.readable | EpollEvent.exclusive)
            }
            if now >= nextSweep {
                store.sweep(shard: sweepShard % store.shardCount, now: now)
                sweepShard += loopCount
                nextSweep = now + Self.sweepInterval
            }
        }
        for connection in connections.values {
            connection.shutdown()
            update(connection)
        }
        Syscall.close(wakeFD)
        Syscall.close(epollFD)
    }

    /// Set while the listener is out of this loop's epoll set after an accept failure (e.g. EMFILE):
    /// level-triggered, it would otherwise wake the loop again at once, forever.
    private var acceptPausedUntil: Int?

    private func acceptAll() {
        while true {
            let accepted: Int32?
            do {
                accepted = try Syscall.accept(listenFD, nonBlocking: true)
            } catch {
                try? Syscall.epollControl(epollFD, 2, listenFD, 0)
                acceptPausedUntil = MonotonicClock.nanoseconds() + Self.sweepInterval
                return
            }
            guard let fd = accepted else { return }
            Syscall.setNoDelay(fd)
            let connection = Connection(fd: fd, handler: handler, probes: probes, inputBudget: inputBudget)
            do {
                try Syscall.epollControl(epollFD, 1, fd, EpollEvent.readable)
            } catch {
                Syscall.close(fd)
                continue
            }
            connection.registeredEvents = EpollEvent.readable
            connections[fd] = connection
            probes.accept.fire(Int(fd))
        }
    }

    /// Closes a finished connection, or re-registers its interest if it changed.
    private func update(_ connection: Connection) {
        if connection.isFinished {
            connections[connection.fd] = nil
            try? Syscall.epollControl(epollFD, 2, connection.fd, 0)
            connection.releaseInput()
            Syscall.close(connection.fd)
            probes.close.fire(Int(connection.fd), (connection.closeReason ?? .eof).rawValue)
            return
        }
        let wanted = connection.wantedEvents
        if wanted != connection.registeredEvents {
            try? Syscall.epollControl(epollFD, 3, connection.fd, wanted)
            connection.registeredEvents = wanted
        }
    }
}
