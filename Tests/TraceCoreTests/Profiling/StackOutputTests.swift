import Testing
@testable import TraceCore

/// Stacks and symbols printed, not only keyed: `printf("%k", ustack())`, `trace(ustack())`, `ustack();`,
/// `ufunc`/`usym`/`umod`/`uaddr` as keys and in printf, `caller`; and the clear errors of their misuse.
@Suite(.serialized) struct StackOutputTests {
    let service = TestService("stackout")

    @inline(never) func firesFromA(_ n: Int) { service.tick.fire(n) }
    @inline(never) func firesFromB(_ n: Int) { service.tick.fire(n) }
    @inline(never) func pathA(_ n: Int) { firesFromA(n) }

    func run(_ source: String, _ body: () -> Void) throws {
        let spec = try TraceLanguage.compile(name: "stko", source: source)
        try TraceRuntime.shared.define(spec)
        defer { try? TraceRuntime.shared.delete("stko") }
        body()
        try TraceRuntime.shared.disable("stko")
    }

    /// The lines of a printed stack: a newline first, then one frame per line indented 14 columns, as DTrace prints.
    func frames(_ text: String) -> [String] {
        #expect(text.hasPrefix("\n"), "\(text)")
        let lines = text.dropFirst().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for l in lines { #expect(l.hasPrefix(String(repeating: " ", count: 14)) && l.dropFirst(14).first != " ", "\(text)") }
        return lines.map { String($0.dropFirst(14)) }
    }

    @Test func printfKAndTracePrintTheStackOneFramePerLine() throws {
        var texts: [String] = []
        try run("stackout:loop:step:tick { printf(\"%k\", ustack(2)); trace(ustack(2)); ustack(2); }") {
            pathA(1)
            texts = drainedText("stko")
        }
        #expect(texts.count == 3, "\(texts)")
        for t in texts {
            let f = frames(t)
            #expect(f.count == 2, "\(t)")
            #expect(f.first?.contains("StackOutputTests.firesFromA(Swift.Int) -> ()+0x") == true, "\(t)")
            #expect(f.last?.contains("StackOutputTests.pathA(Swift.Int) -> ()+0x") == true, "\(t)")
        }
        #expect(Set(texts).count == 1, "\(texts)")
    }

    @Test func symbolKeysMergeTheAddressesOfOneFunctionOrModule() throws {
        var functions: AggregationSnapshot?, modules: AggregationSnapshot?, stacks: AggregationSnapshot?
        try run("""
            stackout:loop:step:tick { @f[ufunc(caller)] = count(); @u[usym(caller)] = count(); @m[umod(caller)] = count();
                                      @s[ustack(1)] = count(); }
            """) {
            for i in 0..<300 { pathA(i) }
            for i in 0..<200 { firesFromB(i) }
            functions = try? TraceRuntime.shared.snapshot(program: "stko", aggregation: "f")
            modules = try? TraceRuntime.shared.snapshot(program: "stko", aggregation: "m")
            stacks = try? TraceRuntime.shared.snapshot(program: "stko", aggregation: "s")
            #expect(Set(try! TraceRuntime.shared.snapshot(program: "stko", aggregation: "u").entries.map(\.key))
                    == Set(functions!.entries.map(\.key)))
        }
        let f = try #require(functions), m = try #require(modules), s = try #require(stacks)
        #expect(f.keyTypes == [.string] && m.keyTypes == [.string])
        // caller names the function ustack() shows first, without its offset.
        var byFunction: [String: Int64] = [:]
        for e in s.entries {
            guard case .stack(let frames) = e.key.first, let top = frames.first, case .scalar(let n) = e.value else { continue }
            byFunction[String(top[..<top.range(of: "+0x", options: .backwards)!.lowerBound]), default: 0] += n
        }
        #expect(byFunction.count == 2 && byFunction.values.sorted() == [200, 300], "\(s.entries)")
        for (name, n) in byFunction { #expect(value(f, [.string(name)]) == n, "\(f.entries) \(name)") }
        // One module: the test bundle's executable.
        #expect(m.entries.count == 1, "\(m.entries)")
        #expect(m.entries.first.map { value(m, $0.key) } == 500)
        guard case .string(let module)? = m.entries.first?.key.first else { Issue.record("\(m.entries)"); return }
        #expect(byFunction.keys.allSatisfy { $0.hasPrefix(module + "`") }, "\(module) \(byFunction.keys)")
    }

    @Test func printfNamesAnAddressWithPercentAAndASymbolWithPercentS() throws {
        var texts: [String] = []
        try run("stackout:loop:step:tick { printf(\"%a|%A|%s|%s|%s|%k\", caller, caller, uaddr(caller), ufunc(caller), umod(caller), ustack(1)); }") {
            firesFromB(7)
            texts = drainedText("stko")
        }
        let parts = try #require(texts.first).split(separator: "|").map(String.init)
        #expect(parts.count == 6, "\(texts)")
        guard parts.count == 6 else { return }
        let function = parts[3]
        #expect(function.hasSuffix("`TraceCoreTests.StackOutputTests.firesFromB(Swift.Int) -> ()"), "\(parts)")
        #expect(function.hasPrefix(parts[4] + "`"), "\(parts)")
        #expect(parts[0] == parts[1] && parts[1] == parts[2], "\(parts)")
        #expect(parts[0].hasPrefix(function + "+0x"), "\(parts)")
        // The stack's frame is the same return address, so the same name and offset.
        #expect(frames(parts[5]) == [parts[0]], "\(parts)")
    }

    @Test func misusesAreRefusedWithAClearError() {
        LanguageFixture.register()
        func errors(_ source: String) -> String { LanguageFixture.errors(source) }
        #expect(errors("lang:book:match:entry { x = ufunc(caller); }").contains("can only be aggregation keys, as in @[ustack()] = count(), or printed whole, as in printf(\"%k\", ustack()) or trace(ufunc(caller))"))
        #expect(errors("lang:book:match:entry { x = ucaller; @[x] = count(); }") == "")
        #expect(errors("lang:book:match:entry /ufunc(caller) == 1/ { trace(1); }").contains("cannot compare"))
        #expect(errors("lang:book:match:entry { trace(ufunc(\"x\")); }").contains("the argument of 'ufunc' must be an integer address, as in ufunc(caller) or ufunc(arg0), not a string"))
        #expect(errors("lang:book:match:entry { trace(umod()); }").contains("'umod' takes 1 argument, an address, as in umod(caller); got 0"))
        #expect(errors("lang:book:match:entry { printf(\"%d\", ustack()); }").contains("conversion '%d' expects an integer, but this argument is a stack"))
        #expect(errors("lang:book:match:entry { printf(\"%k\", caller); }").contains("conversion '%k' expects a stack, but this argument is an integer"))
        #expect(errors("lang:book:match:entry { @[side] = count(); printa(\"%a %@d\", @); }").contains("printa conversion '%a' expects a symbol, but key 1 of '@' is an integer"))
        #expect(errors("lang:book:match:entry { @[ufunc(caller)] = count(); printa(\"%a %@d\\n\", @); }") == "")
        #expect(errors("lang:book:match:entry { @[ustack()] = count(); printa(\"%k %@d\\n\", @); }") == "")
    }
}
