import TraceSystem

/// The key space: byte-string keys and values with optional expiry, in shards behind their own
/// locks so event loops on different cores rarely contend. Expired keys vanish on access (lazy)
/// and in `sweep` (active), which the event loops call a few times a second.
public final class KVStore: Sendable {
    /// One key's value and its absolute expiry (`MonotonicClock` ns; 0 = never).
    struct Entry {
        var value: [UInt8]
        var expiresAt: Int

        func isExpired(_ now: Int) -> Bool { expiresAt != 0 && expiresAt <= now }
    }

    /// One shard's keys, and which of them have an expiry (so sweeping skips the rest).
    struct ShardState {
        var entries: [[UInt8]: Entry] = [:]
        var expiring: Set<[UInt8]> = []

        /// The live entry of a key, removing it if it has expired.
        mutating func live(_ key: [UInt8], _ now: Int) -> Entry? {
            guard let e = entries[key] else { return nil }
            if e.isExpired(now) {
                remove(key)
                return nil
            }
            return e
        }

        mutating func put(_ key: [UInt8], _ entry: Entry) {
            entries[key] = entry
            if entry.expiresAt != 0 { expiring.insert(key) } else if !expiring.isEmpty { expiring.remove(key) }
        }

        @discardableResult
        mutating func remove(_ key: [UInt8]) -> Entry? {
            if !expiring.isEmpty { expiring.remove(key) }
            return entries.removeValue(forKey: key)
        }
    }

    private final class Shard: Sendable {
        let state = Lock(ShardState())
    }

    /// When `set` writes.
    public enum SetCondition: Sendable {
        case always
        /// NX
        case ifAbsent
        /// XX
        case ifPresent
    }

    /// Why INCR failed.
    public enum IncrementError: Error, Sendable, Equatable {
        case notAnInteger
        case overflow
    }

    /// A key's remaining time to live.
    public enum TimeToLive: Sendable, Equatable {
        case missing
        case persistent
        case nanoseconds(Int)
    }

    private let shards: [Shard]

    /// Creates an empty store with `shardCount` shards.
    public init(shardCount: Int = 16) {
        shards = (0..<max(shardCount, 1)).map { _ in Shard() }
    }

    /// Number of shards (for `sweep`).
    public var shardCount: Int { shards.count }

    private func shard(_ key: [UInt8]) -> Shard {
        shards[Int(UInt(bitPattern: key.hashValue) % UInt(shards.count))]
    }

    /// The value of a live key.
    public func get(_ key: [UInt8], now: Int = MonotonicClock.nanoseconds()) -> [UInt8]? {
        shard(key).state.withLock { $0.live(key, now)?.value }
    }

    /// Sets a key with an absolute expiry (0: none, which clears an old one); false if the condition failed.
    @discardableResult
    public func set(_ key: [UInt8], _ value: [UInt8], expiresAt: Int = 0, condition: SetCondition = .always,
                    now: Int = MonotonicClock.nanoseconds()) -> Bool {
        shard(key).state.withLock { s in
            let exists = s.live(key, now) != nil
            switch condition {
            case .ifAbsent where exists, .ifPresent where !exists: return false
            default: break
            }
            s.put(key, Entry(value: value, expiresAt: expiresAt))
            return true
        }
    }

    /// Removes a key; true if a live key was removed.
    @discardableResult
    public func delete(_ key: [UInt8], now: Int = MonotonicClock.nanoseconds()) -> Bool {
        shard(key).state.withLock { s in
            guard let e = s.remove(key) else { return false }
            return !e.isExpired(now)
        }
    }

    /// Whether a live key exists.
    public func exists(_ key: [UInt8], now: Int = MonotonicClock.nanoseconds()) -> Bool {
        shard(key).state.withLock { $0.live(key, now) != nil }
    }

    /// Adds `delta` to the integer value of a key (a missing key counts as 0), keeping its expiry.
    public func increment(_ key: [UInt8], by delta: Int, now: Int = MonotonicClock.nanoseconds()) -> Result<Int, IncrementError> {
        shard(key).state.withLock { s in
            var entry = s.live(key, now) ?? Entry(value: [UInt8(ascii: "0")], expiresAt: 0)
            guard let current = Self.strictInteger(entry.value) else { return .failure(.notAnInteger) }
            let (sum, overflow) = current.addingReportingOverflow(delta)
            if overflow { return .failure(.overflow) }
            entry.value = Array(String(sum).utf8)
            s.put(key, entry)
            return .success(sum)
        }
    }

    /// A key's remaining time to live.
    public func timeToLive(_ key: [UInt8], now: Int = MonotonicClock.nanoseconds()) -> TimeToLive {
        shard(key).state.withLock { s in
            guard let e = s.live(key, now) else { return .missing }
            return e.expiresAt == 0 ? .persistent : .nanoseconds(e.expiresAt - now)
        }
    }

    /// Number of keys, including expired ones not yet swept.
    public var count: Int { shards.reduce(0) { n, s in n + s.state.withLock { $0.entries.count } } }

    /// Removes every key.
    public func removeAll() {
        for s in shards { s.state.withLock { $0 = ShardState() } }
    }

    /// Removes the expired keys of one shard; returns how many.
    @discardableResult
    public func sweep(shard index: Int, now: Int = MonotonicClock.nanoseconds()) -> Int {
        guard index >= 0 && index < shards.count else { return 0 }
        return shards[index].state.withLock { s in
            let expired = s.expiring.filter { s.entries[$0]?.isExpired(now) ?? true }
            for key in expired { s.remove(key) }
            return expired.count
        }
    }

    /// The value as a 64-bit integer if it is exactly one in canonical decimal form (as Redis requires).
    static func strictInteger(_ bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let n = Int(text), String(n) == text else { return nil }
        return n
    }
}
