import Testing
@testable import TraceCore

/// Probes with every argument type and the largest arity a probe takes (10).
private struct TenArgumentService {
    let event: EventProbe<Int, Int8, UInt, UInt16, Int32, Bool, Double, Int64, String, Int>
    let function: FunctionProbe<Int, Int, Int, Int, Int, Int, Int, Int, String, Int>
    let lazy: EventProbe<String>
    let lazyFunction: FunctionProbe<Int, String>

    init() {
        let p = TraceProvider("typedargs")
        event = p.event("ten", "args", "fire", ("a0", Int.self), ("a1", Int8.self), ("a2", UInt.self), ("a3", UInt16.self),
                        ("a4", Int32.self), ("a5", Bool.self), ("a6", Double.self), ("a7", Int64.self), ("a8", String.self), ("a9", Int.self))
        function = p.function("ten", "call", ("a0", Int.self), ("a1", Int.self), ("a2", Int.self), ("a3", Int.self), ("a4", Int.self),
                              ("a5", Int.self), ("a6", Int.self), ("a7", Int.self), ("a8", String.self), ("a9", Int.self))
        lazy = p.event("lazy", "args", "fire", ("label", String.self))
        lazyFunction = p.function("lazy", "call", ("n", Int.self), ("label", String.self))
    }
}

@Suite(.serialized) struct TypedArgumentTests {
    private let service = TenArgumentService()

    @Test func aTenArgumentEventFiresWithAllTenValues() throws {
        try TraceRuntime.shared.define(try TraceLanguage.compile(name: "typed_ten_event", source: """
            typedargs:ten:args:fire { printf("%d %d %d %d %d %d %d %d %s %d", a0, a1, a2, a3, a4, a5, a6, a7, a8, a9); }
            """))
        defer { try? TraceRuntime.shared.delete("typed_ten_event") }
        service.event.fire(1, -2, 3, 4, -5, true, 7.9, 8_000_000_000, "nine", 10)
        #expect(drainedText("typed_ten_event") == ["1 -2 3 4 -5 1 7 8000000000 nine 10"])
    }

    @Test func aTenArgumentFunctionGivesAllTenValuesToEntryAndReturn() throws {
        try TraceRuntime.shared.define(try TraceLanguage.compile(name: "typed_ten_function", source: """
            typedargs:ten:call:entry { printf("entry %d %d %d %d %d %d %d %d %s %d", arg0, arg1, arg2, arg3, arg4, arg5, arg6, arg7, a8, arg9); }
            typedargs:ten:call:return { printf("return %d %d %d %d %d %d %d %d %s %d = %d", arg0, arg1, arg2, arg3, arg4, arg5, arg6, arg7, a8, arg9, retval); }
            """))
        defer { try? TraceRuntime.shared.delete("typed_ten_function") }
        let token = service.function.entry(10, 11, 12, 13, 14, 15, 16, 17, "eighteen", 19)
        service.function.return(token, 20)
        #expect(drainedText("typed_ten_function") == [
            "entry 10 11 12 13 14 15 16 17 eighteen 19",
            "return 10 11 12 13 14 15 16 17 eighteen 19 = 20",
        ])
    }

    @Test func isEnabledSaysWhetherAProgramListens() throws {
        #expect(!service.lazy.isEnabled && !service.lazyFunction.isEnabled)
        try TraceRuntime.shared.define(try TraceLanguage.compile(name: "typed_listening", source: """
            typedargs:lazy:args:fire { @fired[label] = count(); }
            typedargs:lazy:call:return { @returned[label] = count(); }
            """))
        #expect(service.lazy.isEnabled && service.lazyFunction.isEnabled)
        if service.lazy.isEnabled { service.lazy.fire("expensive") }
        service.lazyFunction.return(service.lazyFunction.entry(1, "expensive"))
        #expect(value(try TraceRuntime.shared.snapshot(program: "typed_listening", aggregation: "fired"), [.string("expensive")]) == 1)
        #expect(value(try TraceRuntime.shared.snapshot(program: "typed_listening", aggregation: "returned"), [.string("expensive")]) == 1)
        try TraceRuntime.shared.disable("typed_listening")
        #expect(!service.lazy.isEnabled && !service.lazyFunction.isEnabled)
        try TraceRuntime.shared.delete("typed_listening")
    }
}
