import Testing
@testable import TraceCore

/// Every golden program compiles (the runs are in GoldenTests).
@Suite struct GoldenCompileTests {
    @Test func atLeastFortyPrograms() { #expect(GoldenPrograms.all.count >= 40) }

    @Test(arguments: GoldenPrograms.all) func compiles(_ program: GoldenProgram) {
        _ = OrderService.golden
        for (i, source) in program.sources.enumerated() {
            do { _ = try TraceLanguage.compile(name: "\(program.name)-\(i)", source: source) } catch {
                Issue.record("\(program.name):\n\(error)")
            }
        }
    }
}
