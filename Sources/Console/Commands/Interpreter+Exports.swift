// export, unexport, exports: which aggregations the service publishes on its /metrics endpoint, and as what.
//
//   export PROGRAM.@AGG [as NAME] [labels K1,K2…] [unit seconds|bytes] [gauge]
//
// The service does the checking (LocalBackend+Exports): the aggregation must exist, the labels must name every
// key, a count has no unit, `gauge` is for a sum.
import TraceAgent
import TraceCore

extension Interpreter {
    func export(_ args: [String]) throws(CommandError) -> CommandResult {
        guard let word = args.first else { throw usage("export") }
        let list = try allPrograms()
        let ref = try resolveAggregation(word, in: list)
        var name: String?
        var labels: [String] = []
        var unit: MetricUnit?
        var gauge = false
        var i = 1
        func value(_ option: String) throws(CommandError) -> String {
            guard i + 1 < args.count else { throw CommandError("export: '\(option)' needs a value (\(CommandTable.command("export")!.usage))") }
            i += 2
            return args[i - 1]
        }
        while i < args.count {
            switch args[i] {
            case "as": name = try value("as")
            case "labels":
                labels = try value("labels").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if labels.contains("") { throw CommandError("export: an empty label name in '\(args[i - 1])' (write labels side,client)") }
            case "unit":
                let text = try value("unit")
                guard let u = MetricUnit(rawValue: text) else {
                    throw CommandError("export: unknown unit '\(text)' (seconds: the values are nanoseconds; bytes)")
                }
                unit = u
            case "gauge":
                gauge = true
                i += 1
            default:
                throw CommandError("export: unexpected '\(args[i])'" + Self.didYouMean(EditDistance.nearest(to: args[i], among: ["as", "labels", "unit", "gauge"]))
                                   + " (\(CommandTable.command("export")!.usage))")
            }
        }
        let export = MetricExport(program: ref.program, aggregation: ref.name,
                                  name: name ?? MetricNaming.defaultName(program: ref.program, aggregation: ref.name),
                                  labels: labels, unit: unit, gauge: gauge)
        guard case .exports(let infos) = try request(.export(export)), let info = infos.first else { throw unexpected() }
        return .notice("exported \(Self.exportedName(ref)) as \(info.type) \(info.samples[0].replacingOccurrences(of: "_bucket", with: ""))"
                       + (info.labels.isEmpty ? "" : " {" + info.labels.joined(separator: ", ") + "}"))
    }

    func unexport(_ args: [String]) throws(CommandError) -> CommandResult {
        guard args.count == 1 else { throw usage("unexport") }
        let ref = try resolveAggregation(args[0], in: try allPrograms())
        _ = try request(.unexport(program: ref.program, aggregation: ref.name))
        return .notice("\(Self.exportedName(ref)) is no longer exported")
    }

    func exports(_ args: [String]) throws(CommandError) -> CommandResult {
        try noArguments("exports", args)
        guard case .exports(let infos) = try request(.listExports) else { throw unexpected() }
        if infos.isEmpty { return .notice("nothing exported (export PROGRAM.@AGG publishes an aggregation on /metrics)") }
        let rows = infos.map { i -> [String] in
            [Self.exportedName(AggregationReference(program: i.export.program, name: i.export.aggregation)),
             i.type, i.samples.joined(separator: " "), i.labels.isEmpty ? "-" : i.labels.joined(separator: ","),
             i.type == "-" ? "gone" : String(i.keys)]
        }
        return CommandResult(output: TextTable.render(header: ["AGGREGATION", "TYPE", "METRICS", "LABELS", "KEYS"], rows: rows,
                                                      rightAligned: [4]))
    }

    private static func exportedName(_ ref: AggregationReference) -> String { "\(ref.program).@\(ref.name)" }
}
