// probes, set, sleep and help.
import TraceCore

extension Interpreter {
    // MARK: probes

    func probes(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count <= 1 else { throw CommandError("probes takes at most one pattern (probes orders:book:*:entry)") }
        let pattern = args.first
        guard case .probes(let list) = try request(.listProbes(pattern: pattern)) else { throw unexpected() }
        if list.isEmpty {
            guard let pattern else { return .notice("no probes declared") }
            guard case .probes(let all) = try request(.listProbes(pattern: nil)) else { throw unexpected() }
            let nearest = EditDistance.nearest(to: pattern, among: all.map(\.fullName), limit: 3, matchSuffixes: true)
            throw CommandError("no probes match '\(pattern)'" + Self.didYouMean(nearest))
        }
        // ID first, right-aligned, as `dtrace -l` lists it: what the `id` built-in reads at the probe.
        let rows = list.map { p in
            [p.id.map(String.init) ?? "-", p.provider, p.module, p.function, p.name,
             p.arguments.map { "\($0.type) \($0.name)" }.joined(separator: ", "), p.enabled ? "enabled" : "disabled"]
        }
        return CommandResult(output: TextTable.render(header: ["ID", "PROVIDER", "MODULE", "FUNCTION", "NAME", "ARGUMENTS", "STATE"], rows: rows,
                                                      rightAligned: [0]))
    }

    // MARK: set

    /// The options `set` knows.
    static let setOptions = ["aggregation-keys", "array-entries", "string-size", "trace-buffer", "string-keys", "program-aggregations",
                             "memory", "threads", "refresh", "budget"]

    func set(_ args: [String]) throws(CommandError) -> CommandResult {
        guard let option = args.first else { return try showSettings() }
        guard Self.setOptions.contains(option) else {
            throw CommandError("unknown option '\(option)' for set" + Self.didYouMean(EditDistance.nearest(to: option, among: Self.setOptions)))
        }
        if option == "budget" { return try setBudget(Array(args.dropFirst())) }
        guard args.count == 2 else { throw CommandError("usage: set \(option) VALUE") }
        let text = args[1]
        if option == "refresh" {
            let d = try Self.refreshDuration(text, for: "refresh")
            state.withLock { $0.refresh = d }
            return .notice("refresh set to \(DurationText.format(d))")
        }
        guard case .limits(var limits) = try request(.limits) else { throw unexpected() }
        switch option {
        case "aggregation-keys":
            limits.aggregationKeys = try Self.count(text, for: option, max: 10_000_000)
        case "array-entries":
            limits.arrayEntries = try Self.count(text, for: option, max: 10_000_000)
        case "string-size":
            limits.stringSize = try Self.count(text, for: option, max: 65_536)
        case "string-keys":
            limits.stringKeys = try Self.count(text, for: option, max: 100_000_000)
        case "program-aggregations":
            limits.aggregationsPerProgram = try Self.count(text, for: option, max: 1_000_000)
        case "threads":
            limits.threads = try Self.count(text, for: option, max: TraceLimits.mostThreads)
        case "memory":
            guard let bytes = Self.byteSize(text), bytes >= 1 << 20, bytes <= 1 << 40 else {
                throw CommandError("invalid value '\(text)' for memory (bytes from 1m to 1024g: 256m, 1g)")
            }
            limits.memoryBytes = bytes
        default:
            guard let bytes = Self.byteSize(text), bytes >= 1024, bytes <= 1 << 30 else {
                throw CommandError("invalid value '\(text)' for trace-buffer (bytes from 1k to 1g: 65536, 64k, 1m)")
            }
            limits.traceBufferBytes = bytes
        }
        _ = try request(.setLimits(limits))
        let value = option == "trace-buffer" ? Self.bytesText(limits.traceBufferBytes)
            : option == "memory" ? Self.bytesText(limits.memoryBytes ?? 0) : text
        return .notice("\(option) set to \(value)")
    }

    private func showSettings() throws(CommandError) -> CommandResult {
        guard case .limits(let l) = try request(.limits) else { throw unexpected() }
        let budgets = try allPrograms().compactMap { p in p.budget.map { "\(p.name) \(Self.percent($0))" } }
        let rows: [[String]] = [
            ["aggregation-keys", String(l.aggregationKeys)],
            ["array-entries", String(l.arrayEntries)],
            ["string-size", String(l.stringSize)],
            ["trace-buffer", Self.bytesText(l.traceBufferBytes)],
            ["string-keys", l.stringKeys.map(String.init) ?? "?"],
            ["program-aggregations", l.aggregationsPerProgram.map(String.init) ?? "?"],
            ["memory", l.memoryBytes.map(Self.bytesText) ?? "?"],
            ["threads", l.threads.map(String.init) ?? "?"],
            ["refresh", DurationText.format(refreshInterval)],
            ["budget", budgets.isEmpty ? "none" : budgets.joined(separator: ", ")],
        ]
        return CommandResult(output: TextTable.render(header: nil, rows: rows))
    }

    private func setBudget(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count == 2 else { throw CommandError("usage: set budget PROGRAM PERCENT (5%, or off)") }
        let p = try program(args[0], in: try allPrograms())
        let text = args[1]
        if text == "off" || text == "none" {
            _ = try request(.setBudget(program: p.name, fraction: nil))
            return .notice("program '\(p.name)' has no budget")
        }
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(number), value > 0, value <= 100 else {
            throw CommandError("invalid budget '\(text)' (a share of one core, more than 0% and at most 100%: 5%; or off)")
        }
        _ = try request(.setBudget(program: p.name, fraction: value / 100))
        return .notice("program '\(p.name)' will be disabled if its clauses use more than \(Self.percent(value / 100)) of a core")
    }

    static func count(_ text: String, for option: String, max: Int) throws(CommandError) -> Int {
        guard let n = Int(text), n >= 1, n <= max else {
            throw CommandError("invalid value '\(text)' for \(option) (a whole number from 1 to \(max))")
        }
        return n
    }

    /// `65536`, `64k`, `64KiB`, `1m`, `1MiB`, `1g` as bytes.
    static func byteSize(_ text: String) -> Int? {
        let lower = text.lowercased()
        for (suffix, scale) in [("kib", 1024), ("k", 1024), ("mib", 1 << 20), ("m", 1 << 20), ("gib", 1 << 30), ("g", 1 << 30)]
        where lower.hasSuffix(suffix) {
            guard let n = Int(lower.dropLast(suffix.count)), n >= 0, n <= (1 << 40) / scale else { return nil }
            return n * scale
        }
        return Int(lower)
    }

    /// `65536 (64 KiB)`.
    static func bytesText(_ n: Int) -> String {
        if n >= 1 << 20 && n % (1 << 20) == 0 { return "\(n) (\(n >> 20) MiB)" }
        if n >= 1024 && n % 1024 == 0 { return "\(n) (\(n >> 10) KiB)" }
        return String(n)
    }

    // MARK: sleep

    func sleep(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count == 1 else { throw args.isEmpty ? usage("sleep") : CommandError("sleep takes one duration") }
        guard let d = DurationText.parse(args[0]) else {
            throw CommandError("invalid duration '\(args[0])' for sleep (a number and a unit: 500ms, 5s, 2m)")
        }
        return CommandResult(effects: [.sleep(d)])
    }

    // MARK: wait

    func wait(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count <= 1 else { throw CommandError("wait takes at most one duration (wait, wait 10s)") }
        var limit: Duration?
        if let text = args.first {
            guard let d = DurationText.parse(text) else {
                throw CommandError("invalid duration '\(text)' for wait (a number and a unit: 500ms, 5s, 2m)")
            }
            limit = d
        }
        let programs = try allPrograms()
        let waiting = programs.filter { $0.enabled && $0.canExit == true }
        // A program that already called exit() (before `wait` ran) is what the wait was for: the run ends now.
        if waiting.isEmpty && limit == nil && !programs.contains(where: { $0.exitStatus != nil }) {
            throw CommandError("nothing to wait for: no enabled program calls exit()")
        }
        return CommandResult(effects: [.waitForExit(limit)])
    }

    // MARK: help

    func help(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count <= 1 else { throw CommandError("help takes one topic (help show, help aggregations)") }
        guard let topic = args.first else { return CommandResult(output: Help.overview) }
        guard let text = Help.text(for: topic) else {
            throw CommandError("no help on '\(topic)'" + Self.didYouMean(EditDistance.nearest(to: topic, among: Help.topicNames + Help.aliasNames))
                               + "; type help for the topics")
        }
        return CommandResult(output: text)
    }
}
