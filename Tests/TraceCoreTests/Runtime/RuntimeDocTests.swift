import Foundation
import Testing
@testable import TraceCore

/// docs/runtime.md's table of limits names every limit the runtime has, its default, and every drop kind.
@Suite struct RuntimeDocTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/runtime.md").path

    @Test func theLimitsTableListsEveryLimitDefaultAndDropKind() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let table = try #require(text.components(separatedBy: "## Limits").dropFirst().first?.components(separatedBy: "\n## ").first)
        // Each limit with the default the table gives, and the default the runtime has.
        let defaults = TraceLimits()
        let rows: [(name: String, shown: String, isDefault: Bool)] = [
            ("`aggregation-keys`", "| 10 000 |", defaults.aggregationKeys == 10_000),
            ("`array-entries`", "| 10 000 |", defaults.arrayEntries == 10_000),
            ("`string-size`", "| 256 bytes |", defaults.stringSize == 256),
            ("`trace-buffer`", "| 64 KiB |", defaults.traceBufferBytes == 64 << 10),
            ("`string-keys`", "| 1 000 000 |", defaults.stringKeys == 1_000_000),
            ("`program-aggregations`", "| 1 000 |", defaults.aggregationsPerProgram == 1_000),
            ("`memory`", "| 256 MiB |", defaults.memoryBytes == 256 << 20),
            ("`threads`", "| 16 384 (also the most) |", defaults.threads == 16_384 && TraceLimits.mostThreads == 16_384),
        ]
        for row in rows {
            let line = table.split(separator: "\n").first { $0.contains(row.name) }
            #expect(line?.contains(row.shown) == true, "docs/runtime.md: no row for \(row.name) with \(row.shown)")
            #expect(row.isDefault, "the runtime's default for \(row.name) is not the documented \(row.shown)")
        }
        for kind in DropKind.allCases {
            #expect(table.contains("(`\(kind.rawValue)`)"), "docs/runtime.md does not name the \(kind.rawValue) drop")
        }
    }
}
