import Foundation
import Testing
@testable import TraceCore

/// Many thousands of random and mutated programs are parsed and checked; none crashes or hangs.
@Suite struct LanguageFuzzTests {
    static func seeds() -> [String] {
        let golden = GoldenPrograms.all.flatMap(\.sources).map { $0.replacingOccurrences(of: "gsvc", with: "fzsvc") }
        let docs = DocExamplesTests.blocks.filter { $0.language == "d" }.map { $0.text.replacingOccurrences(of: "shop:", with: "fzsvc:") }
        return golden + docs
    }

    static let lispSeeds = [
        "(define-program slow-match\n  ((:entry fzsvc:book:match :when (= side 1))\n   (agg! counts fn-name :count)\n   (setvar :value t)))",
        "(define-program p ((:exit fzsvc:gateway:submit :when (and (> qty 10) (/= client \"x\"))) (agg! lat (list client side) :quantize elapsed) (print \"%s %d\\n\" client (* qty 2))))",
        "(getagg counts)",
        "(getvar :value)",
    ]

    @Test(.timeLimit(.minutes(10))) func mutatedAndRandomProgramsNeverCrash() {
        _ = OrderService.fuzz
        let seeds = Self.seeds()
        var corpus = FuzzCorpus(random: SplitMix64(seed: 0x7ace_c0de))
        var compiled = 0, refused = 0
        func attempt(_ source: String) {
            _ = TraceLanguage.isComplete(source)
            do {
                _ = try TraceLanguage.compile(name: "fuzz", source: source, allowZeroMatches: compiled % 2 == 0)
                compiled += 1
            } catch {
                refused += 1
                // Every refusal renders, and names a position inside (or just past) the source.
                let lines = Diagnostic.sourceLines(source).count
                #expect(error.diagnostics.allSatisfy { $0.line >= 1 && $0.line <= lines && $0.column >= 1 })
                #expect(!error.description.isEmpty)
            }
        }
        for i in 0..<4_000 {
            let seed = seeds[i % seeds.count]
            attempt(corpus.mutate(seed, splice: seeds[(i * 7 + 3) % seeds.count]))
        }
        for _ in 0..<1_500 { attempt(corpus.program()) }
        for _ in 0..<600 {
            var bytes = ""
            for _ in 0..<Int.random(in: 0..<80, using: &corpus.random) {
                bytes.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 9...126, using: &corpus.random)))
            }
            attempt(bytes)
        }
        for (i, _) in Self.lispSeeds.enumerated() {
            for _ in 0..<300 {
                let text = corpus.mutate(Self.lispSeeds[i], splice: Self.lispSeeds[(i + 1) % Self.lispSeeds.count])
                _ = TraceLanguage.isComplete(text)
                _ = try? TraceLanguage.compileLisp(text)
            }
        }
        for text in FuzzCorpus.pathological() {
            _ = TraceLanguage.isComplete(text)
            if text.hasPrefix("(") {
                #expect(throws: DefinitionError.self) { try TraceLanguage.compileLisp(text) }
            } else {
                attempt(text)
            }
        }
        #expect(compiled > 150, "too few valid programs to be a useful corpus: \(compiled)")
        #expect(refused > 2_000)
    }

    @Test func nestingCapsAreClearErrors() {
        let deep = "BEGIN { x = " + String(repeating: "(", count: 1000) + "1" + String(repeating: ")", count: 1000) + "; }"
        do { _ = try TraceLanguage.compile(name: "deep", source: deep); Issue.record("compiled") } catch {
            #expect(error.diagnostics.first?.message == "nesting is too deep (more than 64 levels)")
            #expect(error.diagnostics.first?.column == 13 + 64)
        }
        let long = "BEGIN { x = " + Array(repeating: "1", count: 1000).joined(separator: " + ") + "; }"
        do { _ = try TraceLanguage.compile(name: "long", source: long); Issue.record("compiled") } catch {
            #expect(error.diagnostics.first?.message == "expression is too complex (more than 256 levels deep)")
        }
        let sixtyFour = "BEGIN { x = " + String(repeating: "(", count: 63) + "1" + String(repeating: ")", count: 63) + "; }"
        #expect(throws: Never.self) { try TraceLanguage.compile(name: "ok", source: sixtyFour) }
    }
}
