import Foundation
import Testing
@testable import TraceCore

/// The `shop` probes that docs/language.md uses.
enum DocFixture {
    static let provider = TraceProvider("shop")
    static let match = provider.function("book", "match", ("side", Int.self), ("price", Int.self), ("qty", Int.self), ("client", String.self))
    static let submit = provider.function("gateway", "submit", ("client", String.self), ("side", Int.self), ("qty", Int.self))
    static let fill = provider.event("book", "match", "fill", ("price", Int.self), ("qty", Int.self), ("venue", String.self))
    static let reject = provider.event("risk", "check", "reject", ("client", String.self), ("reason", String.self))
    static func register() { _ = (match, submit, fill, reject) }
}

/// One fenced block of the reference.
struct DocBlock: Sendable, CustomTestStringConvertible {
    var language: String
    var text: String
    /// For a `d-error` block: the `text` block that follows it.
    var expected: String?
    var line: Int
    var testDescription: String { "\(language) block at docs/language.md:\(line)" }
}

/// Every example in docs/language.md compiles (```d, ```lisp) or fails with exactly the text shown (```d-error).
@Suite struct DocExamplesTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/language.md").path

    static let blocks: [DocBlock] = {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var blocks: [DocBlock] = []
        var current: (language: String, lines: [String], line: Int)? = nil
        for (number, line) in text.components(separatedBy: "\n").enumerated() {
            if var open = current {
                if line == "```" {
                    let body = open.lines.joined(separator: "\n")
                    if open.language == "text", let last = blocks.indices.last, blocks[last].language == "d-error", blocks[last].expected == nil {
                        blocks[last].expected = body
                    } else {
                        blocks.append(DocBlock(language: open.language, text: body, expected: nil, line: open.line))
                    }
                    current = nil
                } else {
                    open.lines.append(line)
                    current = open
                }
            } else if line.hasPrefix("```") {
                current = (String(line.dropFirst(3)), [], number + 2)
            }
        }
        return blocks.filter { ["d", "d-error", "lisp"].contains($0.language) }
    }()

    @Test func theReferenceHasExamples() {
        #expect(Self.blocks.filter { $0.language == "d" }.count >= 20)
        #expect(Self.blocks.filter { $0.language == "d-error" }.count >= 5)
    }

    @Test(arguments: blocks) func example(_ block: DocBlock) {
        DocFixture.register()
        switch block.language {
        case "d":
            do { _ = try TraceLanguage.compile(name: "doc", source: block.text) } catch {
                Issue.record("docs/language.md:\(block.line) does not compile:\n\(error)")
            }
        case "d-error":
            do {
                _ = try TraceLanguage.compile(name: "doc", source: block.text)
                Issue.record("docs/language.md:\(block.line) compiled but should fail")
            } catch {
                #expect(error.description == block.expected, "docs/language.md:\(block.line)")
            }
        default:
            do { _ = try TraceLanguage.compileLisp(block.text) } catch {
                Issue.record("docs/language.md:\(block.line) does not compile:\n\(error)")
            }
        }
    }
}
