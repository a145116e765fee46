// Tab completion: commands, program and aggregation names, set options, help topics, probe descriptions
// field by field, and names inside a clause.
import Testing
import Terminal
import TraceCore
@testable import Console

enum CompletionProbes {
    static let provider = TraceProvider("cicomp")
    static let match = provider.function("book", "match", ("side", Int.self), ("qty", Int.self))
    static let cancel = provider.function("book", "cancel", ("order", Int.self))
    static let submit = provider.event("gateway", "submit", "fire", ("client", String.self))
    static func declare() { _ = match; _ = cancel; _ = submit }
}

@Suite(.serialized) struct CompletionTests {
    init() { CompletionProbes.declare() }

    func run(_ body: (CompletionProvider, Interpreter) -> Void) {
        withInterpreter(prefix: "cicomp_", provider: "cicomp") { i, backend in body(CompletionProvider(backend: backend), i) }
    }

    func candidates(_ p: CompletionProvider, _ entry: String) -> [String] { p.complete(entry, cursor: entry.count).candidates }

    @Test func commandsAndArguments() {
        run { p, i in
            #expect(candidates(p, "pro") == ["probes", "program", "programs"])
            #expect(p.complete("sh", cursor: 2) == Completion(candidates: ["show"], replaceStart: 0))
            _ = i.execute("program cicomp_lat { cicomp:book:match:entry { @calls = count(); @by[side] = sum(qty); } }")
            _ = i.execute("program cicomp_io { cicomp:book:cancel:entry { @calls = count(); } }")
            #expect(candidates(p, "disable cicomp_l") == ["cicomp_lat"])
            #expect(candidates(p, "enable ") == ["cicomp_io", "cicomp_lat"])
            #expect(candidates(p, "show @") == ["@by"])
            #expect(candidates(p, "show cicomp_lat.@") == ["cicomp_lat.@by", "cicomp_lat.@calls"])
            #expect(candidates(p, "clear cicomp_io") == ["cicomp_io.@calls"])
            #expect(candidates(p, "watch @by ev") == ["every"])
            #expect(candidates(p, "set agg") == ["aggregation-keys"])
            #expect(candidates(p, "set budget cicomp_i") == ["cicomp_io"])
            #expect(candidates(p, "help quan") == ["quantize"])
            #expect(candidates(p, "show --j") == ["--json"])
        }
    }

    @Test func probeDescriptionsFieldByField() {
        run { p, _ in
            #expect(candidates(p, "probes cicomp:") == ["cicomp:book:", "cicomp:gateway:"])
            #expect(candidates(p, "probes cicomp:book:") == ["cicomp:book:cancel:", "cicomp:book:match:"])
            #expect(candidates(p, "probes cicomp:book:match:") == ["cicomp:book:match:entry", "cicomp:book:match:return"])
            #expect(candidates(p, "probes cicomp:*:*:f") == ["cicomp:*:*:fire"])
            #expect(candidates(p, "cicomp:book:m") == ["cicomp:book:match:"])
            #expect(candidates(p, "program cicomp_x { cicomp:g") == ["cicomp:gateway:"])
            #expect(candidates(p, "program cicomp_x cicomp:book:match:entry { @n = count(); } cicomp:book:c") == ["cicomp:book:cancel:"])
            #expect(candidates(p, "BEG") == ["BEGIN"])
        }
    }

    @Test func namesInsideAClause() {
        run { p, _ in
            let inBody = candidates(p, "cicomp:book:match:entry { @q[s")
            #expect(inBody.contains("side"))
            #expect(inBody.contains("self"))
            #expect(!inBody.contains("client"))
            #expect(candidates(p, "cicomp:book:match:entry { @n = qu") == ["quantize("])
            #expect(candidates(p, "cicomp:book:match:entry /q") == ["qty", "quantize("])
            #expect(candidates(p, "cicomp:gateway:submit:fire, cicomp:book:cancel:entry { x = cl") == ["clear(", "client"])
            #expect(candidates(p, "program cicomp_y {\n cicomp:book:match:return { @lat = quantize(elapsed); }\n cicomp:book:match:entry { @l") == ["@lat"])
            #expect(candidates(p, "cicomp:book:match:entry { printf(\"s") == [])
            #expect(candidates(p, "cicomp:book:match:entry { @n = count(); } cicomp:book:match:entry { trace(probef") == ["probefunc"])
        }
    }
}
