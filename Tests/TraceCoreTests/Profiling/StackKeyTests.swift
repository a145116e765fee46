import Testing
@testable import TraceCore

/// `ustack()` on a declared probe: the stack starts at the function that fired the probe (the runtime's
/// own frames trimmed), each call path is its own key, and totals are exact. Serialized: the tests share
/// one probe, and each counts every firing of it.
@Suite(.serialized) struct StackKeyTests {
    let service = TestService("stackkeys")

    @inline(never) func firesFromA(_ n: Int) { service.tick.fire(n) }
    @inline(never) func firesFromB(_ n: Int) { service.tick.fire(n) }
    @inline(never) func pathA(_ n: Int) { firesFromA(n) }

    /// Fires `levels` calls deep; the two entry points below differ in one frame only, far from the probe.
    @inline(never) func descend(_ levels: Int, _ n: Int) {
        if levels == 0 { service.tick.fire(n) } else { descend(levels - 1, n) }
    }
    @inline(never) func viaLeft(_ n: Int) { descend(10, n) }
    @inline(never) func viaRight(_ n: Int) { descend(10, n &+ 1) }

    /// Each stack of `@s` and its count after `fire` ran under the program `source` (then disabled).
    func stacks(_ name: String, _ source: String, _ fire: () -> Void) throws -> [(frames: [String], count: Int64)] {
        try TraceRuntime.shared.define(try TraceLanguage.compile(name: name, source: source))
        defer { try? TraceRuntime.shared.delete(name) }
        fire()
        try TraceRuntime.shared.disable(name)
        return try TraceRuntime.shared.snapshot(program: name, aggregation: "s").entries.compactMap { e in
            guard case .stack(let frames)? = e.key.first, case .scalar(let n) = e.value else { return nil }
            return (frames, n)
        }
    }

    @Test func eachCallPathIsOneKeyNamedByItsFunctions() throws {
        let s = try stacks("stk", "stackkeys:loop:step:tick { @s[ustack(2)] = count(); }") {
            for i in 0..<300 { pathA(i) }
            for i in 0..<200 { firesFromB(i) }
        }
        var byTop: [String: Int64] = [:]
        for (frames, n) in s {
            #expect(frames.count == 2, "\(frames)")
            byTop[frames.first.map { $0.contains("firesFromA") ? "A" : $0.contains("firesFromB") ? "B" : $0 } ?? "", default: 0] += n
            if frames.first?.contains("firesFromA") == true { #expect(frames[1].contains("pathA"), "\(frames)") }
        }
        #expect(byTop == ["A": 300, "B": 200], "\(s)")
    }

    /// A thread's last stack is compared before the table is: two stacks that differ in one frame (the 12th
    /// from the probe), fired alternately and in runs, from frames at the same addresses, stay two keys.
    @Test func twoStacksThatDifferInOneFrameStayTwoKeys() throws {
        let s = try stacks("stk1", "stackkeys:loop:step:tick { @s[ustack(16)] = count(); }") {
            for i in 0..<400 { if i % 2 == 0 { viaLeft(i) } else { viaRight(i) } }
            for i in 0..<300 { viaLeft(i) }
            for i in 0..<100 { viaRight(i) }
            for i in 0..<50 { viaLeft(i) }
        }
        var byEntry: [String: Int64] = [:]
        for (frames, n) in s {
            #expect(frames.count == 16, "\(frames)")
            #expect(frames.prefix(11).allSatisfy { $0.contains("descend") }, "\(frames)")
            let entry = frames.count > 11 ? frames[11] : ""
            byEntry[entry.contains("viaLeft") ? "left" : entry.contains("viaRight") ? "right" : entry, default: 0] += n
        }
        #expect(byEntry == ["left": 550, "right": 300], "\(s)")
    }
}
