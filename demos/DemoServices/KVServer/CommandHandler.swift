/// Runs one parsed command against the store and appends the RESP reply, with the replies and
/// error messages Redis gives (so `redis-cli` and `redis-benchmark` work). Fires `kv:server:command`.
public struct CommandHandler: Sendable {
    /// What the connection does after the reply.
    public enum Outcome: Equatable, Sendable {
        case keepOpen
        /// QUIT: flush the reply, then close.
        case close
    }

    /// The commands understood.
    enum Name: String {
        case PING, ECHO, GET, SET, DEL, EXISTS, INCR, INCRBY, DECR, DECRBY, MGET, MSET
        case TTL, PTTL, DBSIZE, FLUSHALL, FLUSHDB, SELECT, CONFIG, COMMAND, QUIT
    }

    let store: KVStore
    let probes: KVProbes

    /// Creates a handler over `store`.
    public init(store: KVStore, probes: KVProbes) {
        self.store = store
        self.probes = probes
    }

    /// Executes `arguments` (the name first) and appends the reply to `out`.
    public func execute(_ arguments: [[UInt8]], into out: inout [UInt8]) -> Outcome {
        guard let first = arguments.first else { return .keepOpen }
        let upper = Self.upper(first, limit: 32)
        let name = Name(rawValue: upper)
        let keySize = name.map { Self.hasKey($0) } == true && arguments.count > 1 ? arguments[1].count : 0
        let token = probes.command.entry(upper, keySize, Self.valueSize(name, arguments))
        let before = out.count
        var outcome = Outcome.keepOpen
        if let name {
            outcome = run(name, arguments, &out)
        } else {
            RESPWriter.error(Self.unknownCommandMessage(arguments), to: &out)
        }
        probes.command.return(token, out.count - before)
        return outcome
    }

    private func run(_ name: Name, _ a: [[UInt8]], _ out: inout [UInt8]) -> Outcome {
        guard Self.arityAccepts(name, a.count) else {
            RESPWriter.error("ERR wrong number of arguments for '\(name.rawValue.lowercased())' command", to: &out)
            return .keepOpen
        }
        switch name {
        case .PING:
            if a.count == 2 { RESPWriter.bulk(a[1], to: &out) } else { RESPWriter.simple("PONG", to: &out) }
        case .ECHO:
            RESPWriter.bulk(a[1], to: &out)
        case .GET:
            if let v = store.get(a[1]) { RESPWriter.bulk(v, to: &out) } else { RESPWriter.null(to: &out) }
        case .SET:
            set(a, &out)
        case .DEL:
            RESPWriter.integer(a.dropFirst().reduce(0) { $0 + (store.delete($1) ? 1 : 0) }, to: &out)
        case .EXISTS:
            RESPWriter.integer(a.dropFirst().reduce(0) { $0 + (store.exists($1) ? 1 : 0) }, to: &out)
        case .INCR, .DECR, .INCRBY, .DECRBY:
            increment(name, a, &out)
        case .MGET:
            RESPWriter.arrayHeader(a.count - 1, to: &out)
            for key in a.dropFirst() {
                if let v = store.get(key) { RESPWriter.bulk(v, to: &out) } else { RESPWriter.null(to: &out) }
            }
        case .MSET:
            let now = MonotonicClock.nanoseconds()
            for i in stride(from: 1, to: a.count, by: 2) { store.set(a[i], a[i + 1], now: now) }
            RESPWriter.simple("OK", to: &out)
        case .TTL, .PTTL:
            switch store.timeToLive(a[1]) {
            case .missing: RESPWriter.integer(-2, to: &out)
            case .persistent: RESPWriter.integer(-1, to: &out)
            case .nanoseconds(let ns):
                let ms = (ns + 999_999) / 1_000_000
                RESPWriter.integer(name == .TTL ? (ms + 500) / 1000 : ms, to: &out)
            }
        case .DBSIZE:
            RESPWriter.integer(store.count, to: &out)
        case .FLUSHALL, .FLUSHDB:
            store.removeAll()
            RESPWriter.simple("OK", to: &out)
        case .SELECT:
            if a[1] == [UInt8(ascii: "0")] { RESPWriter.simple("OK", to: &out) } else {
                RESPWriter.error("ERR DB index is out of range", to: &out)
            }
        case .CONFIG:
            config(a, &out)
        case .COMMAND:
            RESPWriter.arrayHeader(0, to: &out)
        case .QUIT:
            RESPWriter.simple("OK", to: &out)
            return .close
        }
        return .keepOpen
    }

    /// SET key value [NX|XX] [EX seconds|PX milliseconds]
    private func set(_ a: [[UInt8]], _ out: inout [UInt8]) {
        var condition = KVStore.SetCondition.always
        var ttl: Int? = nil
        var i = 3
        while i < a.count {
            switch Self.upper(a[i]) {
            case "NX" where condition == .always: condition = .ifAbsent
            case "XX" where condition == .always: condition = .ifPresent
            case let unit where (unit == "EX" || unit == "PX") && ttl == nil && i + 1 < a.count:
                i += 1
                guard let n = KVStore.strictInteger(a[i]) else {
                    return RESPWriter.error("ERR value is not an integer or out of range", to: &out)
                }
                let scale = unit == "EX" ? 1_000_000_000 : 1_000_000
                let (ns, overflow) = n.multipliedReportingOverflow(by: scale)
                guard n > 0, !overflow, ns < Int.max / 2 else {
                    return RESPWriter.error("ERR invalid expire time in 'set' command", to: &out)
                }
                ttl = ns
            default:
                return RESPWriter.error("ERR syntax error", to: &out)
            }
            i += 1
        }
        let now = MonotonicClock.nanoseconds()
        if store.set(a[1], a[2], expiresAt: ttl.map { now + $0 } ?? 0, condition: condition, now: now) {
            RESPWriter.simple("OK", to: &out)
        } else {
            RESPWriter.null(to: &out)
        }
    }

    private func increment(_ name: Name, _ a: [[UInt8]], _ out: inout [UInt8]) {
        var delta = 1
        if name == .INCRBY || name == .DECRBY {
            guard let d = KVStore.strictInteger(a[2]) else {
                return RESPWriter.error("ERR value is not an integer or out of range", to: &out)
            }
            delta = d
        }
        if name == .DECR || name == .DECRBY {
            guard delta != Int.min else { return RESPWriter.error("ERR decrement would overflow", to: &out) }
            delta = -delta
        }
        switch store.increment(a[1], by: delta) {
        case .success(let v): RESPWriter.integer(v, to: &out)
        case .failure(.notAnInteger): RESPWriter.error("ERR value is not an integer or out of range", to: &out)
        case .failure(.overflow): RESPWriter.error("ERR increment or decrement would overflow", to: &out)
        }
    }

    /// CONFIG GET answers what redis-benchmark and redis-cli ask (`save`, `appendonly`, …) as name/value pairs.
    private func config(_ a: [[UInt8]], _ out: inout [UInt8]) {
        let sub = Self.upper(a[1])
        switch sub {
        case "GET" where a.count >= 3:
            let known: [(String, String)] = [("save", ""), ("appendonly", "no"), ("maxmemory", "0"), ("databases", "1")]
            var pairs: [(String, String)] = []
            for pattern in a.dropFirst(2) {
                let p = String(decoding: pattern, as: UTF8.self).lowercased()
                for (k, v) in known where (p == "*" || p == k) && !pairs.contains(where: { $0.0 == k }) { pairs.append((k, v)) }
            }
            RESPWriter.arrayHeader(pairs.count * 2, to: &out)
            for (k, v) in pairs {
                RESPWriter.bulk(Array(k.utf8), to: &out)
                RESPWriter.bulk(Array(v.utf8), to: &out)
            }
        case "SET", "RESETSTAT":
            RESPWriter.simple("OK", to: &out)
        default:
            RESPWriter.error("ERR unknown subcommand or wrong number of arguments for '\(Self.printable(a[1]))'. Try CONFIG HELP.", to: &out)
        }
    }

    // MARK: tables

    /// Redis's arity rules: a positive number is exact, a negative one a minimum.
    static func arityAccepts(_ name: Name, _ count: Int) -> Bool {
        switch name {
        case .PING: return count == 1 || count == 2
        case .ECHO, .GET, .INCR, .DECR, .TTL, .PTTL, .SELECT: return count == 2
        case .INCRBY, .DECRBY: return count == 3
        case .SET: return count >= 3
        case .DEL, .EXISTS, .MGET: return count >= 2
        case .MSET: return count >= 3 && count % 2 == 1
        case .DBSIZE, .QUIT: return count == 1
        case .FLUSHALL, .FLUSHDB: return count <= 2
        case .CONFIG: return count >= 2
        case .COMMAND: return true
        }
    }

    static func hasKey(_ name: Name) -> Bool {
        switch name {
        case .PING, .ECHO, .DBSIZE, .FLUSHALL, .FLUSHDB, .SELECT, .CONFIG, .COMMAND, .QUIT: return false
        default: return true
        }
    }

    /// Bytes of the values a command writes (SET, MSET), else 0.
    static func valueSize(_ name: Name?, _ a: [[UInt8]]) -> Int {
        switch name {
        case .SET? where a.count >= 3: return a[2].count
        case .MSET?: return stride(from: 2, to: a.count, by: 2).reduce(0) { $0 + a[$1].count }
        default: return 0
        }
    }

    static func unknownCommandMessage(_ a: [[UInt8]]) -> String {
        var message = "ERR unknown command '\(printable(a[0].prefix(128)))', with args beginning with: "
        for arg in a.dropFirst().prefix(16) { message += "'\(printable(arg.prefix(128)))' " }
        return message
    }

    /// The first `limit` bytes in ASCII upper case, built in place (no heap allocation up to 15 bytes).
    static func upper(_ bytes: [UInt8], limit: Int = 16) -> String {
        let count = min(bytes.count, limit)
        let ascii = bytes.withUnsafeBufferPointer { src in
            String(unsafeUninitializedCapacity: count) { dst in
                for i in 0..<count {
                    let c = src[i]
                    dst[i] = c >= 97 && c <= 122 ? c - 32 : c
                }
                return count
            }
        }
        return ascii
    }

    /// Bytes as text safe inside an error line.
    static func printable<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes.map { $0 == 13 || $0 == 10 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
