import Testing
import Foundation
@testable import Terminal

/// A fresh path in a temporary directory, removed at the end of the test.
struct TemporaryHistoryPath: ~Copyable {
    let path: String
    init(_ name: String = "history") {
        path = NSTemporaryDirectory() + "terminal-tests-\(UUID().uuidString)-\(name)"
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var contents: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
}

@Suite struct HistoryListTests {
    @Test func duplicatesCollapseToTheNewest() {
        var h = History(limit: 10)
        h.add("a"); h.add("b"); h.add("a")
        #expect(h.entries == ["b", "a"])
    }

    @Test func blankEntriesAreNotKept() {
        var h = History(limit: 10)
        let addedEmpty = h.add("")
        let addedBlank = h.add("   \n ")
        #expect(!addedEmpty && !addedBlank)
        #expect(h.entries.isEmpty)
    }

    @Test func theSizeCapDropsTheOldest() {
        var h = History(limit: 3)
        for e in ["1", "2", "3", "4", "5"] { h.add(e) }
        #expect(h.entries == ["3", "4", "5"])
        #expect(History(entries: ["1", "2", "1", "3", "4"], limit: 3).entries == ["1", "3", "4"])
        var none = History(entries: ["1"], limit: 0)
        none.add("2")
        #expect(none.entries.isEmpty)
    }

    @Test func searchFindsTheNearestMatchAndItsPosition() {
        let h = History(entries: ["show @lat", "probes x", "show @lat2"], limit: 10)
        #expect(h.search("@lat", from: 2, backward: true) == .init(index: 2, position: 5))
        #expect(h.search("@lat", from: 1, backward: true) == .init(index: 0, position: 5))
        #expect(h.search("probes", from: 0, backward: false) == .init(index: 1, position: 0))
        #expect(h.search("nothing", from: 2, backward: true) == nil)
        #expect(History(entries: ["漢字 show"], limit: 10).search("show", from: 0, backward: true) == .init(index: 0, position: 3))
    }
}

@Suite struct HistoryFileTests {
    @Test func escapingRoundTrips() {
        for entry in ["plain", "two\nlines", "back\\slash", "literal \\n not a newline", "cr\r", "ends with \\", "漢字 😀"] {
            let line = HistoryFile.escape(entry)
            #expect(!line.contains("\n"))
            #expect(HistoryFile.unescape(Substring(line)) == entry)
        }
    }

    @Test func appendedEntriesLoadBackIncludingMultiLine() throws {
        let tmp = TemporaryHistoryPath()
        let file = HistoryFile(path: tmp.path, limit: 100)
        #expect(try file.load() == [])  // no file yet
        try file.append("probes")
        try file.append("program p {\n  @n = count();\n}")
        try file.append("show @n")
        try file.append("probes")
        #expect(tmp.contents == "probes\nprogram p {\\n  @n = count();\\n}\nshow @n\nprobes\n")
        #expect(try file.load() == ["program p {\n  @n = count();\n}", "show @n", "probes"])
    }

    @Test func loadingKeepsTheNewestUpToTheLimit() throws {
        let tmp = TemporaryHistoryPath()
        let file = HistoryFile(path: tmp.path, limit: 3)
        for i in 1...6 { try file.append("cmd \(i)") }
        #expect(try file.load() == ["cmd 4", "cmd 5", "cmd 6"])
    }

    @Test func compactionRewritesAnOvergrownFile() throws {
        let tmp = TemporaryHistoryPath()
        let file = HistoryFile(path: tmp.path, limit: 4)
        for i in 1...40 { try file.append("cmd \(i % 5)") }
        try file.compactIfNeeded()
        #expect(tmp.contents == "cmd 2\ncmd 3\ncmd 4\ncmd 0\n")
        #expect(try file.load() == ["cmd 2", "cmd 3", "cmd 4", "cmd 0"])
    }

    @Test func twoConcurrentWritersBothKeepEveryEntry() async throws {
        let tmp = TemporaryHistoryPath()
        let path = tmp.path
        let perWriter = 300
        // Two independent writers (each open()s the file itself, as two processes would) appending at once.
        await withTaskGroup(of: Void.self) { group in
            for writer in ["A", "B"] {
                group.addTask {
                    let file = HistoryFile(path: path, limit: 10_000)
                    for i in 0..<perWriter { try? file.append("\(writer) entry \(i)\nsecond line \(i)") }
                }
            }
        }
        let loaded = try HistoryFile(path: path, limit: 10_000).load()
        #expect(loaded.count == 2 * perWriter)
        for writer in ["A", "B"] {
            let mine = loaded.filter { $0.hasPrefix(writer) }
            #expect(mine == (0..<perWriter).map { "\(writer) entry \($0)\nsecond line \($0)" })
        }
    }
}
