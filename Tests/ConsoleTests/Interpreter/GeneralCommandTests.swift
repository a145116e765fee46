// help, probes, set, sleep, quit, and unknown commands — each with its bad forms and their exact error text.
import Testing
import TraceCore
@testable import Console

enum GeneralProbes {
    static let provider = TraceProvider("citc")
    static let read = provider.function("io", "read", ("fd", Int.self), ("path", String.self))
    static let tick = provider.event("io", "poll", "wake")
    static func declare() { _ = read; _ = tick }
}

@Suite(.serialized) struct GeneralCommandTests {
    init() { GeneralProbes.declare() }

    func run<R>(_ body: (Interpreter) throws -> R) rethrows -> R {
        try withInterpreter(prefix: "citc_", provider: "citc") { i, _ in try body(i) }
    }

    @Test func unknownCommandsNameTheNearest() {
        run { i in
            #expect(i.execute("porbes") == .failure("unknown command 'porbes' (did you mean 'probes'?); type help for the list"))
            #expect(i.execute("porbes").messages == "error: unknown command 'porbes' (did you mean 'probes'?); type help for the list\n")
            #expect(i.execute("xyzzy").messages == "error: unknown command 'xyzzy'; type help for the list\n")
            #expect(i.execute("wtach @a").messages == "error: unknown command 'wtach' (did you mean 'detach', 'watch'?); type help for the list\n")
            #expect(i.execute("show 'unterminated").messages == "error: unterminated ' quote\n")
            #expect(i.execute("") == CommandResult())
            #expect(i.execute("   # a comment") == CommandResult())
        }
    }

    @Test func helpCoversEveryCommandAndTopic() {
        run { i in
            let overview = i.execute("help")
            #expect(overview.succeeded)
            for c in CommandTable.all { #expect(overview.output.contains("  " + c.usage), "help lists \(c.name)") }
            for topic in Help.topicNames {
                let r = i.execute("help \(topic)")
                #expect(r.succeeded && r.output.count > 40, "help \(topic)")
            }
            #expect(i.execute("help show").output.hasPrefix("usage: show [@AGG… | PROGRAM…] [desc] [--json | --folded | --tree] [by pid]\nprint aggregations once.\n"))
            #expect(i.execute("help quantize").output.contains("percentiles are estimated from the buckets"))
            #expect(i.execute("help exit").output.hasPrefix("usage: quit\n"))
            #expect(i.execute("help @lat").output == Help.text(for: "aggregations"))
            #expect(i.execute("help shwo").messages == "error: no help on 'shwo' (did you mean 'show'?); type help for the topics\n")
            #expect(i.execute("help a b").messages == "error: help takes one topic (help show, help aggregations)\n")
        }
    }

    @Test func probesTable() {
        run { i in
            // The ID column is what `id` reads at the probe; the numbers depend on what this test process
            // registered first, so they are read from the table and checked against `id` below.
            let table = i.execute("probes").output
            let lines = table.split(separator: "\n").map(String.init)
            let ids = lines.dropFirst().map { $0.split(separator: " ")[0] }.compactMap { Int($0) }
            #expect(ids.count == 3)
            let w = ids.map { String($0).count }.max() ?? 2
            func id(_ n: Int) -> String { String(repeating: " ", count: max(2, w) - String(ids[n]).count) + String(ids[n]) }
            let pad = String(repeating: " ", count: max(0, w - 2))
            #expect(table == """
                \(pad)ID  PROVIDER  MODULE  FUNCTION  NAME    ARGUMENTS            STATE
                \(id(0))  citc      io      read      entry   int fd, string path  disabled
                \(id(1))  citc      io      read      return  int fd, string path  disabled
                \(id(2))  citc      io      poll      wake                         disabled

                """)
            // A table of one row is as wide as that row's number (99 and 100 differ in width).
            func alone(_ n: Int) -> (pad: String, id: String) {
                let width = max(2, String(ids[n]).count)
                return (String(repeating: " ", count: width - 2), String(repeating: " ", count: width - String(ids[n]).count) + String(ids[n]))
            }
            _ = i.execute("program citc_p { citc:io:read:entry { @n = count(); } }")
            #expect(i.execute("probes read:entry").output == """
                \(alone(0).pad)ID  PROVIDER  MODULE  FUNCTION  NAME   ARGUMENTS            STATE
                \(alone(0).id)  citc      io      read      entry  int fd, string path  enabled

                """)
            #expect(i.execute("probes poll").output == "\(alone(2).pad)ID  PROVIDER  MODULE  FUNCTION  NAME  ARGUMENTS  STATE\n\(alone(2).id)  citc      io      poll      wake             disabled\n")
            // The `id` built-in reads the number the table shows (as with dtrace -l).
            _ = i.execute("program citc_id { citc:io:poll:wake { @at[id] = count(); } }")
            GeneralProbes.tick.fire()
            #expect(i.execute("show @at").output == "@at:\n  \(ids[2])  1\n")
            #expect(i.execute("probes citc:io:raed:entry").messages == "error: no probes match 'citc:io:raed:entry' (did you mean 'citc:io:read:entry', 'citc:io:read:return'?)\n")
            #expect(i.execute("probes a:b:c:d:e").messages == "error: invalid probe description 'a:b:c:d:e' (at most 4 fields: provider:module:function:name)\n")
            #expect(i.execute("probes a b").messages == "error: probes takes at most one pattern (probes orders:book:*:entry)\n")
        }
    }

    @Test func helpLimitsListsEveryLimitItsDefaultAndEveryDropKind() throws {
        let text = try #require(Help.text(for: "limits"))
        for option in Interpreter.setOptions where option != "refresh" && option != "budget" {
            #expect(text.contains("  \(option) "), "help limits does not list \(option)")
        }
        for value in ["10000", "256", "64k", "1000000", "1000", "256m", "16384"] {
            #expect(text.contains(" \(value) "), "help limits does not give the default \(value)")
        }
        for kind in DropKind.allCases {
            #expect(text.contains("\(kind.rawValue) drop"), "help limits does not name the \(kind.rawValue) drop")
        }
    }

    // The limits are the whole test process's: every change here raises a limit (or keeps it above what
    // the tests use), so the suites running beside this one are not refused anything.
    @Test func setShowsAndChangesLimits() {
        run { i in
            let before = TraceRuntime.shared.limits
            defer { TraceRuntime.shared.limits = before }
            #expect(i.execute("set").output == """
                aggregation-keys      10000
                array-entries         10000
                string-size           256
                trace-buffer          65536 (64 KiB)
                string-keys           1000000
                program-aggregations  1000
                memory                268435456 (256 MiB)
                threads               16384
                refresh               1s
                budget                none

                """)
            #expect(i.execute("set aggregation-keys 20000").messages == "aggregation-keys set to 20000\n")
            #expect(TraceRuntime.shared.limits.aggregationKeys == 20000)
            #expect(i.execute("set array-entries 20000").messages == "array-entries set to 20000\n")
            #expect(i.execute("set string-size 512").messages == "string-size set to 512\n")
            #expect(i.execute("set trace-buffer 128k").messages == "trace-buffer set to 131072 (128 KiB)\n")
            #expect(TraceRuntime.shared.limits.traceBufferBytes == 131072)
            #expect(i.execute("set string-keys 2000000").messages == "string-keys set to 2000000\n")
            #expect(TraceRuntime.shared.limits.stringKeys == 2_000_000)
            #expect(i.execute("set program-aggregations 2000").messages == "program-aggregations set to 2000\n")
            #expect(TraceRuntime.shared.limits.aggregationsPerProgram == 2000)
            #expect(i.execute("set memory 1g").messages == "memory set to 1073741824 (1024 MiB)\n")
            #expect(TraceRuntime.shared.limits.memoryBytes == 1 << 30)
            #expect(i.execute("set threads 8000").messages == "threads set to 8000\n")    // more than the tests run at once
            #expect(TraceRuntime.shared.limits.threads == 8000)
            #expect(i.execute("set refresh 250ms").messages == "refresh set to 250ms\n")
            #expect(i.refreshInterval == .milliseconds(250))
            _ = i.execute("program citc_b { citc:io:poll:wake { @n = count(); } }")
            #expect(i.execute("set budget citc_b 5%").messages == "program 'citc_b' will be disabled if its clauses use more than 5% of a core\n")
            #expect(i.execute("set").output.hasSuffix("refresh               250ms\nbudget                citc_b 5%\n"))
            #expect(i.execute("set budget citc_b off").messages == "program 'citc_b' has no budget\n")
            TraceRuntime.shared.limits = before

            #expect(i.execute("set agregation-keys 5").messages == "error: unknown option 'agregation-keys' for set (did you mean 'aggregation-keys'?)\n")
            #expect(i.execute("set aggregation-keys").messages == "error: usage: set aggregation-keys VALUE\n")
            #expect(i.execute("set aggregation-keys 0").messages == "error: invalid value '0' for aggregation-keys (a whole number from 1 to 10000000)\n")
            #expect(i.execute("set string-size lots").messages == "error: invalid value 'lots' for string-size (a whole number from 1 to 65536)\n")
            #expect(i.execute("set trace-buffer 12").messages == "error: invalid value '12' for trace-buffer (bytes from 1k to 1g: 65536, 64k, 1m)\n")
            #expect(i.execute("set memory 12k").messages == "error: invalid value '12k' for memory (bytes from 1m to 1024g: 256m, 1g)\n")
            #expect(i.execute("set threads 20000").messages == "error: invalid value '20000' for threads (a whole number from 1 to 16384)\n")
            #expect(i.execute("set program-aggregations 0").messages == "error: invalid value '0' for program-aggregations (a whole number from 1 to 1000000)\n")
            #expect(i.execute("set refresh fast").messages == "error: invalid duration 'fast' for refresh (a number and a unit: 500ms, 1s, 2m)\n")
            #expect(i.execute("set budget citc_b").messages == "error: usage: set budget PROGRAM PERCENT (5%, or off)\n")
            #expect(i.execute("set budget citc_b 500%").messages
                    == "error: invalid budget '500%' (a share of one core, more than 0% and at most 100%: 5%; or off)\n")
            #expect(i.execute("set budget citc_x 5%").messages == "error: no program named 'citc_x' (did you mean 'citc_b'?)\n")
            #expect(TraceRuntime.shared.limits == before)
        }
    }

    @Test func sleepAndQuit() {
        run { i in
            #expect(i.execute("sleep 1.5s") == CommandResult(effects: [.sleep(.milliseconds(1500))]))
            #expect(i.execute("sleep 20ms").effects == [.sleep(.milliseconds(20))])
            #expect(i.execute("sleep").messages == "error: usage: sleep DURATION\n")
            #expect(i.execute("sleep 1 2").messages == "error: sleep takes one duration\n")
            #expect(i.execute("sleep soon").messages == "error: invalid duration 'soon' for sleep (a number and a unit: 500ms, 5s, 2m)\n")
            #expect(i.execute("quit") == CommandResult(effects: [.quit]))
            #expect(i.execute("exit") == CommandResult(effects: [.quit]))
            #expect(i.execute("quit now").messages == "error: quit takes no arguments\n")
        }
    }
}
