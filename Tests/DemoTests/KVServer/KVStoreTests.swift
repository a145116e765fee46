import DemoServices
import Testing

/// The key space alone, with an explicit clock.
@Suite struct KVStoreTests {
    let store = KVStore(shardCount: 4)
    private func k(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func expiryIsLazyOnReadAndActiveOnSweep() {
        for i in 0..<100 { store.set(k("e\(i)"), k("v"), expiresAt: 1_000, now: 0) }
        store.set(k("keep"), k("v"), now: 0)
        #expect(store.get(k("e1"), now: 999) == k("v"))
        #expect(store.get(k("e1"), now: 1_000) == nil)         // lazily removed
        #expect(store.count == 100)
        var swept = 0
        for shard in 0..<store.shardCount { swept += store.sweep(shard: shard, now: 1_000) }
        #expect(swept == 99)
        #expect(store.count == 1)
        #expect(store.timeToLive(k("keep"), now: 5) == .persistent)
        #expect(store.timeToLive(k("e2"), now: 5) == .missing)
    }

    @Test func setConditionsAndIncrement() {
        #expect(store.set(k("a"), k("1"), condition: .ifPresent, now: 0) == false)
        #expect(store.set(k("a"), k("1"), condition: .ifAbsent, now: 0))
        #expect(store.set(k("a"), k("2"), condition: .ifAbsent, now: 0) == false)
        #expect(store.increment(k("a"), by: 41, now: 0) == .success(42))
        #expect(store.increment(k("new"), by: -3, now: 0) == .success(-3))
        store.set(k("pad"), k(" 1"), now: 0)
        #expect(store.increment(k("pad"), by: 1, now: 0) == .failure(.notAnInteger))
        store.set(k("max"), k(String(Int.max)), now: 0)
        #expect(store.increment(k("max"), by: 1, now: 0) == .failure(.overflow))
        store.set(k("t"), k("5"), expiresAt: 100, now: 0)
        #expect(store.increment(k("t"), by: 1, now: 10) == .success(6))
        #expect(store.timeToLive(k("t"), now: 10) == .nanoseconds(90))    // INCR keeps the expiry
        #expect(store.delete(k("t"), now: 10))
        #expect(!store.delete(k("t"), now: 10))
    }
}
