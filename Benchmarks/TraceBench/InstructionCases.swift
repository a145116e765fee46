// The loops `trace-bench --instructions` counts with callgrind, one per case. Each case is run in a
// process of its own (`trace-bench --profile NAME N`): its set-up defines the programs from source
// text, as a user would, and its loop makes N direct calls of one non-inlined function.
import CTraceCore
import Synchronization
import TraceCore
import TraceSystem

/// One case of the instruction table: its set-up and the operation it repeats.
struct InstructionCase {
    /// The name in the table, in `--profile NAME` and in `InstructionLimits.table`.
    let name: String
    /// What one operation is, as the table shows it.
    let what: String
    /// Programs (source text) defined before the loop.
    let programs: [String]
    /// Whether the trace ring must hold every record of the run (so no firing takes the drop path).
    var largeTraceBuffer = false
    /// Operations of the smaller and the larger run, when a case's operation is too slow under callgrind for the default.
    var sizes = InstructionCounter.sizes
    /// Count only inside functions matching this callgrind pattern (nil: the whole run).
    var collectOnly: String? = nil
    /// The loop of N operations (written out in each case, so the call is direct, as a service makes it).
    let loop: (Int) -> Void

    /// Defines the programs and runs `iterations` operations.
    func run(iterations: Int) throws {
        if largeTraceBuffer {
            // 64 MiB, 8 Mi words: 800 000 records of 10 words, under the memory budget of 256 MiB (a ring the budget
            // refuses is a minimal one, and every record a drop).
            var limits = TraceRuntime.shared.limits
            limits.traceBufferBytes = 64 << 20
            TraceRuntime.shared.limits = limits
        }
        for (i, source) in programs.enumerated() {
            try TraceRuntime.shared.define(try TraceLanguage.compile(name: "\(name)_\(i)", source: source))
        }
        loop(iterations)
    }
}

/// The peers: what a service would otherwise write to count.
final class PeerCounters: Sendable {
    /// A dictionary behind a lock (`Synchronization.Mutex`, as a Swift service would write it).
    let dictionary = Mutex<[Int: Int]>([:])
    /// One shared counter.
    let atomic = Atomic<Int>(0)

    @inline(never) func mutexIncrement(_ i: Int) {
        dictionary.withLock { $0[i % 10, default: 0] += 1 }
        blackHole(i)
    }

    @inline(never) func atomicIncrement(_ i: Int) {
        atomic.wrappingAdd(1, ordering: .relaxed)
        blackHole(i)
    }

    @inline(never) func floorIncrement(_ i: Int) {
        trace_floor_increment()
        blackHole(i)
    }
}

extension BenchProbes {
    /// Every case, in table order.
    func instructionCases(peers: PeerCounters) -> [InstructionCase] {
        [
            InstructionCase(name: "baseline", what: "the bare loop and non-inlined call every case includes", programs: [],
                            loop: { n in for i in 0..<n { self.bare(i) } }),
            InstructionCase(name: "floor_tls_increment", what: "floor: C _Thread_local pointer increment from Swift", programs: [],
                            loop: { n in for i in 0..<n { peers.floorIncrement(i) } }),
            InstructionCase(name: "peer_mutex_dict", what: "peer: Mutex<[Int: Int]> increment", programs: [],
                            loop: { n in for i in 0..<n { peers.mutexIncrement(i) } }),
            InstructionCase(name: "peer_atomic", what: "peer: Atomic<Int>.wrappingAdd", programs: [],
                            loop: { n in for i in 0..<n { peers.atomicIncrement(i) } }),
            InstructionCase(name: "disabled_probe", what: "disabled probe", programs: [],
                            loop: { n in for i in 0..<n { self.withDisabledProbe(i) } }),
            InstructionCase(name: "disabled_string_probe", what: "disabled probe with a String argument", programs: [],
                            loop: { n in for i in 0..<n { self.withDisabledStringProbe(i) } }),
            InstructionCase(name: "count", what: "@c = count()",
                            programs: ["bench:loop:count:tick { @c = count(); }"],
                            loop: { n in for i in 0..<n { self.withCountProbe(i) } }),
            InstructionCase(name: "count_probefunc", what: "@[probefunc] = count()",
                            programs: ["bench:loop:keyed:tick { @[probefunc] = count(); }"],
                            loop: { n in for i in 0..<n { self.withKeyedProbe(i) } }),
            InstructionCase(name: "pred_count_probefunc", what: "/arg0 > 10/ { @[probefunc] = count(); }",
                            programs: ["bench:loop:keyed:tick /arg0 > 10/ { @[probefunc] = count(); }"],
                            loop: { n in for i in 0..<n { self.withKeyedProbe(i) } }),
            InstructionCase(name: "count_computed_key", what: "@[arg0 % 10] = count()",
                            programs: ["bench:loop:keyed:tick { @[arg0 % 10] = count(); }"],
                            loop: { n in for i in 0..<n { self.withKeyedProbe(i) } }),
            // A computed key the compact form does not take (it reads a variable): the compiled closures on the
            // general path, as every computed key ran before the compact form; count_ustack16 is shown over it.
            InstructionCase(name: "count_closure_key", what: "int g; @[g % 10] = count() (closures)",
                            programs: ["int g;\nbench:loop:keyed:tick { @[g % 10] = count(); }"],
                            loop: { n in for i in 0..<n { self.withKeyedProbe(i) } }),
            InstructionCase(name: "sum_arg", what: "@s = sum(arg0)",
                            programs: ["bench:loop:keyed:tick { @s = sum(arg0); }"],
                            loop: { n in for i in 0..<n { self.withKeyedProbe(i) } }),
            InstructionCase(name: "count_string_key", what: "@[name] = count() on a String argument",
                            programs: ["bench:loop:named:tick { @[name] = count(); }"],
                            loop: { n in for i in 0..<n { self.withNamedProbe(i) } }),
            InstructionCase(name: "quantize_pair", what: "entry/return pair, @ = quantize(elapsed)",
                            programs: ["bench:loop:work:return { @ = quantize(elapsed); }"],
                            loop: { n in for i in 0..<n { self.withFunctionProbe(i) } }),
            InstructionCase(name: "self_ts_pair", what: "self->ts = timestamp / quantize(timestamp - self->ts)",
                            programs: ["""
                                bench:loop:work:entry { self->ts = timestamp; }
                                bench:loop:work:return /self->ts/ { @ = quantize(timestamp - self->ts); self->ts = 0; }
                                """],
                            loop: { n in for i in 0..<n { self.withFunctionProbe(i) } }),
            InstructionCase(name: "printf_3int", what: "printf(\"%d %d %d\\n\", …) into the trace ring",
                            programs: ["bench:loop:printf:tick { printf(\"%d %d %d\\n\", arg0, 2, arg0); }"], largeTraceBuffer: true,
                            loop: { n in for i in 0..<n { self.withPrintfProbe(i) } }),
            // The kvserver's probe shape (a function probe of a String and two Ints, fired per command) with the
            // programs of its redis-benchmark cases (KVOverhead): none, a count per command, a latency quantize.
            InstructionCase(name: "kv_command_disabled", what: "kvserver command entry/return, no program", programs: [],
                            loop: { n in for i in 0..<n { self.withCommandProbe(i) } }),
            InstructionCase(name: "kv_command_count", what: "kvserver command, entry { @[name] = count(); }",
                            programs: ["bench:server:command:entry { @[name] = count(); }"],
                            loop: { n in for i in 0..<n { self.withCommandProbe(i) } }),
            InstructionCase(name: "kv_command_latency", what: "kvserver command, return { @[name] = quantize(elapsed); }",
                            programs: ["bench:server:command:return { @[name] = quantize(elapsed); }"],
                            loop: { n in for i in 0..<n { self.withCommandProbe(i) } }),
            InstructionCase(name: "count_two_programs", what: "two programs with a count() on the same probe",
                            programs: ["bench:loop:count:tick { @c = count(); }", "bench:loop:count:tick { @c = count(); }"],
                            loop: { n in for i in 0..<n { self.withCountProbe(i) } }),
            // Shown over count_closure_key (an integer key on the same path, the general one): what a 16-frame ustack() key adds.
            // The loop runs 20 frames deep, so the walk has its 16 frames (and the runtime's allowance) to read.
            InstructionCase(name: "count_ustack16", what: "@[ustack(16)] = count(), 20 frames deep",
                            programs: ["bench:loop:keyed:tick { @[ustack(16)] = count(); }"],
                            loop: { n in self.nested(20) { for i in 0..<n { self.withKeyedProbe(i) } } }),
            // The same, from two call paths in turn (they differ in one frame): every firing misses the thread's
            // last stack, so this is the walk with its checks and the stack table's look-up.
            InstructionCase(name: "count_ustack16_two_paths", what: "the same, two call paths in turn",
                            programs: ["bench:loop:keyed:tick { @[ustack(16)] = count(); }"],
                            loop: { n in self.nested(20) { for i in 0..<n { if i & 1 == 0 { self.keyedFromA(i) } else { self.keyedFromB(i) } } } }),
            InstructionCase(name: "thread_spawn", what: "a thread started, allocating once and calling the bare function, joined",
                            programs: [], sizes: InstructionCounter.threadSizes,
                            loop: { n in for i in 0..<n { WorkerThread(name: "bench") { self.allocate(i); self.bare(i) }.join() } }),
            InstructionCase(name: "new_thread_first_count", what: "the first firing of @c = count() on a new thread (registration included)",
                            programs: ["bench:loop:count:tick { @c = count(); }"], sizes: InstructionCounter.threadSizes,
                            collectOnly: "*ProbeSiteC6_fire*",
                            loop: { n in for i in 0..<n { WorkerThread(name: "bench") { self.allocate(i); self.withCountProbe(i) }.join() } }),
            InstructionCase(name: "new_thread_count", what: "a new thread: registration, one firing of @c = count(), exit",
                            programs: ["bench:loop:count:tick { @c = count(); }"], sizes: InstructionCounter.threadSizes,
                            loop: { n in for i in 0..<n { WorkerThread(name: "bench") { self.allocate(i); self.withCountProbe(i) }.join() } }),
        ]
    }
}
