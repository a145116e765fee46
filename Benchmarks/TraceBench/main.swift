import CTraceCore
import Console
import Foundation
import TraceCore

let json = CommandLine.arguments.contains("--json")
let quick = CommandLine.arguments.contains("--quick")
if isDebugBuild() {
    FileHandle.standardError.write("warning: trace-bench is a debug build; figures are meaningless. Use: swift run -c release trace-bench\n".data(using: .utf8)!)
}
let scale = quick ? 10 : 1
nonisolated(unsafe) var results: [Result] = []
func report(_ r: Result) {
    results.append(r)
    if json {
        var fields = ["\"case\": \"\(r.name)\"", "\"ns_per_op\": \(String(format: "%.3f", r.nsPerOp))"]
        for (k, v) in r.extra { fields.append("\"\(k)\": \(v)") }
        print("{" + fields.joined(separator: ", ") + "}")
    }
}

let bench = BenchProbes()
trace_floor_prepare()
let peers = PeerCounters()
let instructionCases = bench.instructionCases(peers: peers)
if let i = CommandLine.arguments.firstIndex(of: "--profile"), i + 1 < CommandLine.arguments.count {
    // Runs one case in a loop for a profiler: --profile CASE [N], CASE one of --instructions' cases, or kv|kvcount.
    let which = CommandLine.arguments[i + 1]
    let n = i + 2 < CommandLine.arguments.count ? Int(CommandLine.arguments[i + 2]) ?? 20_000_000 : 20_000_000
    if which == "kv" || which == "kvcount" {
        // The kvserver under load, with (kvcount) or without (kv) a count() per command.
        _ = try KVOverhead.profile(requestsPerConnection: n, withProgram: which == "kvcount")
    } else if let c = instructionCases.first(where: { $0.name == which }) {
        try c.run(iterations: n)
    } else {
        FileHandle.standardError.write("unknown case '\(which)'; the cases: \(instructionCases.map(\.name).joined(separator: ", ")), kv, kvcount\n".data(using: .utf8)!)
        exit(2)
    }
    exit(0)
}
if CommandLine.arguments.contains("--profile-cost") {
    // Only the sampling-cost case (below), for measuring it alone.
    let figures = try ProfileCost.run(rounds: quick ? 2 : 10, iterations: ProfileCost.roundIterations(seconds: quick ? 0.25 : 1))
    print(ProfileCost.describe(figures))
    exit(0)
}
if let i = CommandLine.arguments.firstIndex(of: "--instructions") {
    // Instructions per operation of every case (or of the cases named after the flag), checked against InstructionLimits.
    let only = Set(CommandLine.arguments[(i + 1)...].filter { !$0.hasPrefix("--") })
    let rows = try InstructionCounter.run(cases: instructionCases, only: only)
    print(json ? InstructionCounter.json(rows) : InstructionCounter.render(rows))
    let over = rows.filter(\.failed)
    if !over.isEmpty {
        FileHandle.standardError.write("trace-bench: over the instruction limit (Benchmarks/TraceBench/InstructionLimits.swift): \(over.map { "\($0.name) \($0.instructions) > \($0.limit!)" }.joined(separator: ", "))\n".data(using: .utf8)!)
        exit(1)
    }
    exit(0)
}

// --render: the console's render cases alone (budget 5 ms each).
if CommandLine.arguments.contains("--render") {
    renderCases()
    printResults()
    exit(0)
}

// --kv: the kvserver overhead cases alone, redis-benchmark with more rounds (the issue's A/B goals).
if CommandLine.arguments.contains("--kv") {
    try kvCases(redisRounds: 7)
    printResults()
    exit(0)
}

// Bare call and the disabled probe in it.
let baseline = measure(iterations: 20_000_000 / scale) { n in for i in 0..<n { bench.bare(i) } }
report(Result(name: "baseline_call", nsPerOp: baseline))

let before = allocatedBytes()
let disabled = measure(iterations: 20_000_000 / scale) { n in for i in 0..<n { bench.withDisabledProbe(i) } }
let allocated = allocatedBytes() - before
report(Result(name: "disabled_probe", nsPerOp: disabled, extra: [("over_baseline_ns", String(format: "%.3f", disabled - baseline)), ("allocated_bytes", "\(allocated)")]))

// Enabled count() with no key.
try bench.define(.countNoKey)
let countNoKey = measure(iterations: 10_000_000 / scale) { n in for i in 0..<n { bench.withCountProbe(i) } }
report(Result(name: "count_nokey", nsPerOp: countNoKey, extra: [("over_baseline_ns", String(format: "%.3f", countNoKey - baseline))]))

// Predicate + keyed count by probefunc.
try bench.define(.predicateKeyedCount)
for i in 0..<1000 { bench.withKeyedProbe(i) }
let keyedBefore = allocatedBytes()
let keyed = measure(iterations: 10_000_000 / scale) { n in for i in 0..<n { bench.withKeyedProbe(i) } }
let keyedAllocated = allocatedBytes() - keyedBefore
report(Result(name: "pred_keyed_count", nsPerOp: keyed, extra: [("over_baseline_ns", String(format: "%.3f", keyed - baseline)), ("allocated_bytes", "\(keyedAllocated)")]))

// Entry/return pair with quantize(elapsed).
try bench.define(.quantizePair)
let pair = measure(iterations: 5_000_000 / scale) { n in for i in 0..<n { bench.withFunctionProbe(i) } }
report(Result(name: "quantize_pair", nsPerOp: pair, extra: [("over_baseline_ns", String(format: "%.3f", pair - baseline))]))

// printf with three integers into the trace buffer (drained between samples): a ring of 1.6 samples' records of 10
// words (128 MiB, under the memory budget of 256 MiB: a ring the budget refuses is a minimal one, and every record a
// drop), its pages touched once before the samples, so no sample counts the page faults of a first write.
let printfIterations = 1_000_000 / scale
var limits = TraceRuntime.shared.limits
limits.traceBufferBytes = printfIterations * 128
TraceRuntime.shared.limits = limits
try bench.define(.printf3)
let printfCost = bench.onFreshThread {
    for i in 0..<(printfIterations * 8 / 5) { bench.withPrintfProbe(i) }
    _ = TraceRuntime.shared.drainOutput()
    return measure(iterations: printfIterations, samples: 5, { n in
        for i in 0..<n { bench.withPrintfProbe(i) }
    }, reset: { _ = TraceRuntime.shared.drainOutput() })
}
let printfDrops = TraceRuntime.shared.program(named: "bench_printf")?.totalDrops ?? -1
// The reader's side: formatting 100 000 drained records.
for i in 0..<100_000 { bench.withPrintfProbe(i) }
var drainStart = timespec(), drainEnd = timespec()
clock_gettime(CLOCK_MONOTONIC, &drainStart)
let drained = TraceRuntime.shared.drainOutput().count
clock_gettime(CLOCK_MONOTONIC, &drainEnd)
let drainNs = (Double(drainEnd.tv_sec - drainStart.tv_sec) * 1e9 + Double(drainEnd.tv_nsec - drainStart.tv_nsec)) / Double(max(1, drained))
report(Result(name: "printf_3int", nsPerOp: printfCost, extra: [("over_baseline_ns", String(format: "%.3f", printfCost - baseline)), ("drops", "\(printfDrops)"), ("reader_format_ns_per_record", String(format: "%.1f", drainNs))]))

// Keyed count from 1 thread, then 2 threads: throughput ratio and exact totals.
let scaling = try bench.keyedScaling(iterationsPerThread: 20_000_000 / scale)
report(Result(name: "keyed_count_2threads", nsPerOp: scaling.nsPerOpTwoThreads,
              extra: [("scaling", String(format: "%.3f", scaling.ratio)), ("exact", scaling.exact ? "true" : "false"), ("one_thread_ns_per_op", String(format: "%.3f", scaling.nsPerOpOneThread))]))

// The way most code would count by key: a lock around a dictionary.
let naive = measure(iterations: 5_000_000 / scale) { n in for i in 0..<n { bench.naiveCount(i) } }
report(Result(name: "naive_mutex_dict", nsPerOp: naive, extra: [("ratio_to_pred_keyed_count", String(format: "%.1f", naive / keyed))]))

// The peer a DTrace user reaches for: a bpftrace uprobe count() on a bare call (root and bpftrace needed).
if quick {
    FileHandle.standardError.write("trace-bench: bpftrace_uprobe_count skipped (a quick pass does not start bpftrace)\n".data(using: .utf8)!)
} else if let why = BpftracePeer.unavailable() {
    FileHandle.standardError.write("trace-bench: bpftrace_uprobe_count skipped (\(why))\n".data(using: .utf8)!)
} else {
    let bare = measure(iterations: 2_000_000 / scale) { n in for i in 0..<n { uprobeTarget(i) } }
    if let probed = BpftracePeer.run(iterations: 200_000 / scale) {
        let over = probed.nsPerOp - bare
        report(Result(name: "bpftrace_uprobe_count", nsPerOp: probed.nsPerOp, extra: [
            ("over_baseline_ns", String(format: "%.1f", over)), ("counted", "\(probed.counted)"),
            ("ratio_to_count_nokey", String(format: "%.0f", over / max(0.001, countNoKey - baseline)))]))
    } else {
        FileHandle.standardError.write("trace-bench: bpftrace_uprobe_count skipped (bpftrace did not attach its uprobe, or it counted fewer calls than were made)\n".data(using: .utf8)!)
    }
}

// The console side: merge and render a 1 000-key aggregation (show … desc and one watch frame); the views: a
// 60-column × 40-bucket heatmap frame, a 1 000-key `as rates` frame with sparklines (ViewRenderBenchmark).
func renderCases() {
    let render = RenderBenchmark.run(samples: quick ? 5 : 15)
    report(Result(name: "render_1000keys", nsPerOp: render, extra: [("ms", String(format: "%.2f", render / 1e6))]))
    for (name, ns) in [("render_heatmap_60x40", ViewRenderBenchmark.heatmap(samples: quick ? 5 : 15)),
                       ("render_1000keys_sparklines", ViewRenderBenchmark.sparklines(samples: quick ? 5 : 15))] {
        guard let ns else {
            FileHandle.standardError.write("error: \(name): the frame did not have the shape it measures\n".data(using: .utf8)!)
            continue
        }
        report(Result(name: name, nsPerOp: ns.wall, extra: [("ms", String(format: "%.2f", ns.wall / 1e6)), ("cpu_ms", String(format: "%.2f", ns.cpu / 1e6))]))
    }
}
renderCases()
// The metrics endpoint: one scrape of 10 000 exported series over TCP (budget 50 ms).
let metrics = try MetricsBenchmark.run(samples: quick ? 5 : 15)
report(Result(name: "metrics_10000_series", nsPerOp: metrics.ns, extra: [("ms", String(format: "%.2f", metrics.ns / 1e6)), ("series", "\(metrics.series)")]))

// Sampling's cost: profile-99 with a ustack() key on a CPU-bound thread, against no program, interleaved.
let profile = try ProfileCost.run(rounds: quick ? 2 : 10, iterations: ProfileCost.roundIterations(seconds: quick ? 0.25 : 1))
report(Result(name: "profile_99hz", nsPerOp: 1e9 / max(1, profile.samplesPerSecond), extra: [
    ("sampled_seconds", String(format: "%.1f", profile.sampledSeconds)),
    ("percent_of_a_core", String(format: "%.3f", profile.percentOfCore)),
    ("sampled_thread_percent", String(format: "%.3f", profile.handlerPercent)),
    ("sampler_thread_percent", String(format: "%.3f", profile.samplerPercent)),
    ("samples_per_second", String(format: "%.1f", profile.samplesPerSecond))]))

// Overhead under load: kvserver and its load generator in this process (skipped with --quick).
if !quick { try kvCases(redisRounds: 3) }

printResults()

/// The results as a table (unless --json printed them as they came).
func printResults() {
    guard !json else { return }
    print("trace-bench (release build, medians, ns per operation; ratios are within this run)")
    print(String(repeating: "-", count: 78))
    for r in results {
        let extras = r.extra.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        print("\(r.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(format: "%9.2f", r.nsPerOp))  \(extras)")
    }
}

/// The kvserver under load with no program, a count per command and a latency quantize per command,
/// interleaved: with the in-process load generator, then with redis-benchmark when it is installed.
func kvCases(redisRounds: Int) throws {
    let kv = try KVOverhead.run(requestsPerConnection: 50_000, rounds: 5)
    report(Result(name: "kv_no_program", nsPerOp: 1e9 / kv.none, extra: [("requests_per_second", String(format: "%.0f", kv.none))]))
    report(Result(name: "kv_count_program", nsPerOp: 1e9 / kv.count, extra: [
        ("requests_per_second", String(format: "%.0f", kv.count)),
        ("throughput_lost_percent", String(format: "%.2f", 100 * (1 - kv.count / kv.none)))]))
    report(Result(name: "kv_quantize_program", nsPerOp: 1e9 / kv.quantize, extra: [
        ("requests_per_second", String(format: "%.0f", kv.quantize)),
        ("throughput_lost_percent", String(format: "%.2f", 100 * (1 - kv.quantize / kv.none)))]))
    if let rb = try KVOverhead.runRedisBenchmark(requests: redisRounds > 3 ? 1_000_000 : 200_000, rounds: redisRounds) {
        report(Result(name: "kv_redis_benchmark_no_program", nsPerOp: 1e9 / rb.none, extra: [("requests_per_second", String(format: "%.0f", rb.none))]))
        report(Result(name: "kv_redis_benchmark_count_program", nsPerOp: 1e9 / rb.count, extra: [
            ("requests_per_second", String(format: "%.0f", rb.count)),
            ("throughput_lost_percent", String(format: "%.2f", 100 * (1 - rb.count / rb.none)))]))
        report(Result(name: "kv_redis_benchmark_quantize_program", nsPerOp: 1e9 / rb.quantize, extra: [
            ("requests_per_second", String(format: "%.0f", rb.quantize)),
            ("throughput_lost_percent", String(format: "%.2f", 100 * (1 - rb.quantize / rb.none)))]))
    }
}
