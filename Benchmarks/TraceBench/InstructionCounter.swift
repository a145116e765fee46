// `trace-bench --instructions`: instructions per operation of every case, counted by valgrind's
// callgrind on a `strip --strip-debug` copy of this executable (valgrind 3.19 cannot read the DWARF 5
// that Swift 6.3 emits; the symbols stay). Each case runs at two sizes in processes of their own and
// the difference, divided by the extra operations, cancels start-up and the programs' definition.
import Foundation

enum InstructionCounter {
    /// Operations of the smaller and the larger run.
    static let sizes = (small: 100_000, large: 300_000)
    /// Operations of the cases that start a thread per operation.
    static let threadSizes = (small: 1_000, large: 3_000)

    struct Row {
        let name: String
        let what: String
        /// Instructions per operation (for a relative case, the difference to its reference).
        let instructions: Int
        let relative: Bool
        let goal: Int?
        let limit: Int?
        /// Whether the count exceeds its limit by more than the tolerance.
        var failed: Bool {
            guard let limit else { return false }
            return Double(instructions) > Double(limit) * (1 + InstructionLimits.tolerance)
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case missingTool(String)
        case noCount(String, String)
        var description: String {
            switch self {
            case .missingTool(let tool): return "\(tool) is not installed (apt-get install valgrind binutils)"
            case .noCount(let name, let output): return "callgrind printed no instruction count for \(name):\n\(output)"
            }
        }
    }

    /// Counts every case (or those named in `only`); returns the rows in table order.
    static func run(cases: [InstructionCase], only: Set<String>) throws -> [Row] {
        let valgrind = try tool("valgrind")
        let strip = try tool("strip")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trace-bench-callgrind-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("trace-bench").path
        let own = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        _ = try execute(strip, ["--strip-debug", "-o", copy, own])

        var measured: [String: Int] = [:]
        var rows: [Row] = []
        let selected = cases.filter { only.isEmpty || only.contains($0.name) || InstructionLimits.relativeCases[$0.name].map(only.contains) == true }
        func countPerOperation(_ c: InstructionCase) throws -> Int {
            let a = try count(valgrind, copy, c.name, c.sizes.small, only: c.collectOnly)
            let b = try count(valgrind, copy, c.name, c.sizes.large, only: c.collectOnly)
            return Int((Double(b - a) / Double(c.sizes.large - c.sizes.small)).rounded())
        }
        for c in selected {
            let perOperation = try countPerOperation(c)
            measured[c.name] = perOperation
            let row = InstructionLimits.row(c.name)
            if let reference = InstructionLimits.relativeCases[c.name] {
                let base = try measured[reference] ?? countPerOperation(cases.first { $0.name == reference }!)
                rows.append(Row(name: c.name, what: c.what, instructions: perOperation - base, relative: true, goal: row?.goal, limit: row?.limit))
            } else {
                rows.append(Row(name: c.name, what: c.what, instructions: perOperation, relative: false, goal: row?.goal, limit: row?.limit))
            }
            if only.isEmpty || only.contains(c.name) {
                FileHandle.standardError.write("  \(c.name): \(rows.last!.instructions)\n".data(using: .utf8)!)
            }
        }
        return rows.filter { only.isEmpty || only.contains($0.name) }
    }

    /// The table as text: case, what, instructions, goal, limit, and a mark on each case over its limit.
    static func render(_ rows: [Row]) -> String {
        func cell(_ v: Int?, _ relative: Bool) -> String { v.map { (relative ? "+" : "") + String($0) } ?? "—" }
        var lines = ["instructions per operation (callgrind; every figure includes the baseline's loop and call)"]
        let nameWidth = max(4, rows.map(\.name.count).max() ?? 0)
        let whatWidth = max(4, rows.map(\.what.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func left(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        lines.append("\(pad("case", nameWidth))  \(pad("what", whatWidth))  \(left("now", 5))  \(left("goal", 5))  \(left("limit", 5))")
        for r in rows {
            var line = "\(pad(r.name, nameWidth))  \(pad(r.what, whatWidth))  \(left(cell(r.instructions, r.relative), 5))  \(left(cell(r.goal, r.relative), 5))  \(left(cell(r.limit, r.relative), 5))"
            if r.failed { line += "  OVER LIMIT (+\(Int(InstructionLimits.tolerance * 100)) % allowed)" }
            else if let goal = r.goal, r.instructions > goal { line += "  goal not met" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// One JSON object per row.
    static func json(_ rows: [Row]) -> String {
        rows.map { r in
            "{\"case\": \"\(r.name)\", \"instructions_per_op\": \(r.instructions), \"relative\": \(r.relative), "
                + "\"goal\": \(r.goal.map(String.init) ?? "null"), \"limit\": \(r.limit.map(String.init) ?? "null"), \"over_limit\": \(r.failed)}"
        }.joined(separator: "\n")
    }

    /// Instructions callgrind counts for one run of a case.
    private static func count(_ valgrind: String, _ binary: String, _ name: String, _ iterations: Int, only: String? = nil) throws -> Int {
        let collect = only.map { ["--collect-atstart=no", "--toggle-collect=\($0)"] } ?? []
        let output = try execute(valgrind, ["--tool=callgrind", "--callgrind-out-file=/dev/null"] + collect + [binary, "--profile", name, String(iterations)])
        guard let line = output.split(separator: "\n").first(where: { $0.contains("Collected :") }),
              let value = Int(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) else {
            throw Failure.noCount(name, output)
        }
        return value
    }

    private static func tool(_ name: String) throws -> String {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw Failure.missingTool(name)
    }

    /// Runs a tool; returns its standard error (where valgrind reports), stdout discarded.
    private static func execute(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
