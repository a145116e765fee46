// export, unexport, exports at the prompt: the confirmations, the listing, every refusal's text, and an
// export that follows its program through a redefinition and goes with its deletion.
import Foundation
import TestSupport
import Testing
import TraceCore
@testable import Console
@testable import TraceAgent

enum ExportProbes {
    static let provider = TraceProvider("cexp")
    static let event = provider.event("svc", "op", "done", ("n", Int.self), ("who", String.self))
}

@Suite(.serialized) struct ExportCommandTests {
    let exports = MetricExports()
    let interpreter: Interpreter

    init() {
        _ = ExportProbes.event
        interpreter = Interpreter(backend: LocalBackend(runtime: .shared, registry: .shared, exports: exports))
    }

    func run(_ entry: String) -> String { interpreter.execute(entry).text }

    func scrape() -> String { MetricsScrape.exposition(runtime: .shared, exports: exports, format: .prometheusText) }

    @Test func exportListAndUnexport() {
        defer { _ = run("delete cexp_a") }
        _ = run("program cexp_a { cexp:svc:op:done { @ops[who] = count(); @lat = quantize(n); @busy = sum(n); } }")
        #expect(run("export cexp_a.@ops as cexp_ops labels who") == "exported cexp_a.@ops as counter cexp_ops_total {who}\n")
        #expect(run("export cexp_a.@lat unit seconds") == "exported cexp_a.@lat as histogram cexp_a_lat_seconds\n")
        #expect(run("export cexp_a.@busy as cexp_busy_ns unit seconds gauge") == "exported cexp_a.@busy as gauge cexp_busy_seconds\n")
        ExportProbes.event.fire(1_000, "x")
        #expect(run("exports") == """
            AGGREGATION   TYPE       METRICS                                                                    LABELS  KEYS
            cexp_a.@ops   counter    cexp_ops_total                                                             who        1
            cexp_a.@lat   histogram  cexp_a_lat_seconds_bucket cexp_a_lat_seconds_sum cexp_a_lat_seconds_count  -          1
            cexp_a.@busy  gauge      cexp_busy_seconds                                                          -          1

            """)
        #expect(scrape().contains("cexp_ops_total{who=\"x\"} 1\n"))
        #expect(scrape().contains("cexp_busy_seconds 1e-06\n"))
        #expect(run("unexport cexp_a.@lat") == "cexp_a.@lat is no longer exported\n")
        #expect(run("unexport cexp_a.@lat") == "error: cexp_a.@lat is not exported\n")
        #expect(!scrape().contains("cexp_a_lat"))
    }

    @Test func refusals() {
        defer { _ = run("delete cexp_b") }
        _ = run("program cexp_b { cexp:svc:op:done { @ops[who, n] = count(); @lat = quantize(n); @top = max(n); } }")
        #expect(run("export") == "error: usage: export PROGRAM.@AGG [as NAME] [labels K1,K2…] [unit seconds|bytes] [gauge]\n")
        #expect(run("export cexp_b.@opz") == "error: program 'cexp_b' has no aggregation @opz (did you mean @ops, @top?)\n")
        #expect(run("export cexp_b.@ops labels who") == "error: cexp_b.@ops has 2 keys, so it takes 2 label names, not 1\n")
        #expect(run("export cexp_b.@ops labels who,who") == "error: label name 'who' is given twice\n")
        #expect(run("export cexp_b.@ops labels who,__n") == "error: invalid label name '__n': letters, digits and _, not starting with a digit or __\n")
        #expect(run("export cexp_b.@ops labels who,") == "error: export: an empty label name in 'who,' (write labels side,client)\n")
        #expect(run("export cexp_b.@ops unit seconds") == "error: cexp_b.@ops is a count(): a count has no unit\n")
        #expect(run("export cexp_b.@ops unit hours") == "error: export: unknown unit 'hours' (seconds: the values are nanoseconds; bytes)\n")
        #expect(run("export cexp_b.@top gauge") == "error: gauge is for a sum() that can go down; cexp_b.@top is max(), exported as a gauge\n")
        #expect(run("export cexp_b.@ops as Ops") == "error: invalid metric name 'Ops': lower-case letters, digits and _, not starting with a digit\n")
        #expect(run("export cexp_b.@ops as") == "error: export: 'as' needs a value (export PROGRAM.@AGG [as NAME] [labels K1,K2…] [unit seconds|bytes] [gauge])\n")
        #expect(run("export cexp_b.@ops lables a,b") == "error: export: unexpected 'lables' (did you mean 'labels'?) (export PROGRAM.@AGG [as NAME] [labels K1,K2…] [unit seconds|bytes] [gauge])\n")
        #expect(run("export cexp_b.@lat labels le") == "error: cexp_b.@lat has 0 keys, so it takes 0 label names, not 1\n")
        #expect(run("export cexp_b.@ops as cexp_same") == "exported cexp_b.@ops as counter cexp_same_total {key0, key1}\n")
        #expect(run("export cexp_b.@top as cexp_same_total") == "error: cexp_b.@ops publishes cexp_same_total already (choose another name with: as NAME)\n")
        #expect(run("export cexp_b.@lat as cexp_same") == "error: cexp_b.@ops publishes cexp_same already (choose another name with: as NAME)\n")
        #expect(run("export cexp_b.@top as cexp_top") == "exported cexp_b.@top as gauge cexp_top\n")
        #expect(exports.all.map(\.aggregation) == ["ops", "top"])
    }

    @Test func exportsFollowRedefinitionAndGoWithDeletion() {
        defer { _ = run("delete cexp_c") }
        _ = run("program cexp_c { cexp:svc:op:done { @ops = count(); } }")
        _ = run("export cexp_c.@ops as cexp_c_ops")
        ExportProbes.event.fire(1, "a")
        #expect(scrape().contains("cexp_c_ops_total 1\n"))
        #expect(run("program cexp_c { cexp:svc:op:done /n > 1/ { @ops = count(); } }") == "program 'cexp_c' redefined and enabled: matched 1 probe\n")
        ExportProbes.event.fire(1, "a")
        ExportProbes.event.fire(2, "a")
        #expect(scrape().contains("cexp_c_ops_total 1\n"))
        #expect(exports.all.count == 1)
        _ = run("delete cexp_c")
        #expect(exports.all.isEmpty)
        #expect(run("exports") == "nothing exported (export PROGRAM.@AGG publishes an aggregation on /metrics)\n")
    }

    @Test func histogramsKeepATrueSumThroughJSONAndTheWire() throws {
        defer { _ = run("delete cexp_d") }
        _ = run("program cexp_d { cexp:svc:op:done { @q = quantize(n); @l = lquantize(n, 0, 10, 5); } }")
        for n in [3, 5, 1_000, -7] { ExportProbes.event.fire(n, "a") }
        #expect(interpreter.execute("show cexp_d.@q --json").output.contains("\"count\": 4, \"sum\": 1001,"))
        #expect(interpreter.execute("show cexp_d.@l --json").output.contains("\"count\": 4, \"sum\": 1001,"))
        let snapshot = try TraceRuntime.shared.snapshot(program: "cexp_d", aggregation: "q")
        let decoded = try JSONDecoder().decode(AggregationSnapshot.self, from: try JSONEncoder().encode(snapshot))
        guard case .histogram(let h)? = decoded.entries.first?.value else { throw TestFailure("not a histogram") }
        #expect(h.sum == 1001)
        #expect(h.total == 4)
    }
}
