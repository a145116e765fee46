import Foundation
import FoundationXML
import Testing
@testable import Console
import TraceCore

/// Stack aggregations as people read them: DTrace's layout, folded stacks, the call tree, the flame graph.
@Suite struct StackTextTests {
    /// Two stacks under `main`: `work` → `hot` 30 times (at two offsets of `hot`), `work` → `cold` 10 times.
    static let snapshot = AggregationSnapshot(
        program: "cpu", name: "s", function: .count, keyTypes: [.stack],
        entries: [
            AggregationEntry(key: [.stack(["app`hot+0x10", "app`work+0x20", "app`main+0x8"])], value: .scalar(20)),
            AggregationEntry(key: [.stack(["app`hot+0x18", "app`work+0x20", "app`main+0x8"])], value: .scalar(10)),
            AggregationEntry(key: [.stack(["libc.so.6`cold<T>&", "app`work+0x28", "app`main+0x8"])], value: .scalar(10)),
        ])

    /// Rows smallest first; equal values in key order.
    @Test func showPrintsOneFramePerLineAndTheCountBelow() {
        let text = AggregationFormatter.text(Self.snapshot)
        #expect(text == """
            @s:
                          app`hot+0x18
                          app`work+0x20
                          app`main+0x8
                           10

                          libc.so.6`cold<T>&
                          app`work+0x28
                          app`main+0x8
                           10

                          app`hot+0x10
                          app`work+0x20
                          app`main+0x8
                           20

            """)
    }

    @Test func foldedStacksMergeOffsetsOfOneFunction() {
        #expect(StackText.folded(Self.snapshot) == """
            app`main;app`work;app`hot 30
            app`main;app`work;libc.so.6`cold<T>& 10

            """)
    }

    @Test func theTreeGivesEachFunctionItsShare() {
        #expect(StackText.tree(Self.snapshot, width: 40) == """
            100.0% app`main
            100.0%   app`work
             75.0%     app`hot
             25.0%     libc.so.6`cold<T>&

            """)
        #expect(StackText.tree(Self.snapshot, width: 20).split(separator: "\n").allSatisfy { $0.count <= 20 })
    }

    @Test func theFlameGraphIsWellFormedXMLWithABoxPerFunction() throws {
        let svg = FlameGraphSVG.svg(Self.snapshot, title: "cpu.@s <profile>")
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        // all, main, work, hot, cold: one group, one rect and one title each.
        #expect(collector.count["g"] == 6)   // the frames group and five boxes
        #expect(collector.titles.contains("app`hot (30 samples, 75.00%)"))
        #expect(collector.titles.contains("libc.so.6`cold<T>& (10 samples, 25.00%)"))
        #expect(collector.count["script"] == 1)
        // Frames of one module share a colour.
        #expect(FlameGraphSVG.colour("app`hot") .hasPrefix("rgb("))
        #expect(FlameGraphSVG.colour("app`hot").split(separator: ",")[0] == FlameGraphSVG.colour("app`main").split(separator: ",")[0])
    }

    final class ElementCollector: NSObject, XMLParserDelegate {
        var count: [String: Int] = [:]
        var titles: [String] = []
        private var inTitle = false
        private var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            count[name, default: 0] += 1
            if name == "title" { inTitle = true; text = "" }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inTitle { text += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title" { inTitle = false; titles.append(text) }
        }
    }
}
