import Testing
@testable import TraceCore

/// `ustack()` on a declared probe: the stack starts at the function that fired the probe (the runtime's
/// own frames trimmed), each call path is its own key, and totals are exact.
@Suite struct StackKeyTests {
    let service = TestService("stackkeys")

    @inline(never) func firesFromA(_ n: Int) { service.tick.fire(n) }
    @inline(never) func firesFromB(_ n: Int) { service.tick.fire(n) }
    @inline(never) func pathA(_ n: Int) { firesFromA(n) }

    @Test func eachCallPathIsOneKeyNamedByItsFunctions() throws {
        let spec = try TraceLanguage.compile(name: "stk", source: "stackkeys:loop:step:tick { @s[ustack(2)] = count(); }")
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("stk") }
        for i in 0..<300 { pathA(i) }
        for i in 0..<200 { firesFromB(i) }
        try TraceRuntime.shared.disable("stk")
        let s = try TraceRuntime.shared.snapshot(program: "stk", aggregation: "s")
        var byTop: [String: Int64] = [:]
        for e in s.entries {
            guard case .stack(let frames)? = e.key.first, case .scalar(let n) = e.value else { continue }
            #expect(frames.count == 2, "\(frames)")
            byTop[frames.first.map { $0.contains("firesFromA") ? "A" : $0.contains("firesFromB") ? "B" : $0 } ?? "", default: 0] += n
            if frames.first?.contains("firesFromA") == true { #expect(frames[1].contains("pathA"), "\(frames)") }
        }
        #expect(byTop == ["A": 300, "B": 200], "\(s.entries)")
    }
}
