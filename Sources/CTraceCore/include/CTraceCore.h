// CTraceCore: the few things Swift cannot express on the probe hot path.
//  - a _Thread_local pointer to the calling thread's tracing state (1 ns, vs 7.5 ns for pthread_getspecific)
//  - rdtsc, and the monotonic clock
//  - relaxed / acquire / release loads and stores on raw memory (single-writer counters that a reader merges)
//  - GNU-only libc calls (gettid)
#ifndef CTRACECORE_H
#define CTRACECORE_H

#include <stdint.h>
#include <time.h>

/// Per-thread tracing state. Owned and written by its thread; the fields read by
/// other threads (gen, depth) are accessed through the atomic helpers below.
typedef struct trace_thread {
    int64_t gen;          // generation of the cached configuration
    void *config;         // retained Unmanaged<Configuration> (owned by this thread)
    int32_t depth;        // 1 while a firing is in progress
    int32_t stash_count;  // string arguments stashed by the current firing (next to depth: a firing's end zeroes both in one store)
    int64_t index;        // small recycled index: the slot of this thread in every shard table
    int64_t tid;          // kernel thread id
    int64_t countdown;    // firings left until the next one timed for clause-time sampling
    void *extras;         // ThreadScratch* (Swift-side string storage of the firing path)
    int64_t live;         // 1 while the owning thread is alive
    void *plan_sites;     // ThreadPlans: per site id, this thread's resolved site plan (one allocation, reused)
    int64_t plan_count;   // site ids plan_sites has a slot for (0: none, or plans a generation bump made stale)
    int64_t plan_bytes;   // bytes of the plan_sites allocation
} trace_thread;

/// What the slot of a thread that is not registered points at: a state block whose generation (0) is never the
/// current one (the global generation starts at 1), so a firing needs no nil test — the generation compare sends
/// it to the slow path, which registers the thread. Its depth is written by such firings and read by nobody.
extern trace_thread trace_unregistered_thread __attribute__((visibility("hidden")));
/// Initial-exec: the library is part of the executable or loaded with it, so the slot is at a fixed offset
/// from the thread pointer and a firing reaches it in two instructions. Never null: `trace_unregistered_thread`
/// until the thread registers, and again from its exit.
extern _Thread_local trace_thread *_Nonnull trace_current_thread __attribute__((tls_model("initial-exec")));
/// Hidden: reached from TraceCore's own code only, with one instruction rather than through the GOT.
extern int64_t trace_global_generation __attribute__((visibility("hidden")));

static inline trace_thread *_Nonnull trace_thread_get(void) { return trace_current_thread; }
static inline void trace_thread_set(trace_thread *_Nonnull t) { trace_current_thread = t; }
/// The registry's slot epoch at which the calling thread was last refused a state (the thread limit was reached),
/// or -1: the thread asks again only once the epoch moves (a slot freed, the limit changed), not at every firing.
extern _Thread_local int64_t trace_refused_epoch __attribute__((tls_model("initial-exec")));
static inline int64_t trace_refused_epoch_get(void) { return trace_refused_epoch; }
static inline void trace_refused_epoch_set(int64_t epoch) { trace_refused_epoch = epoch; }
/// Whether the calling thread has registered (its slot is not `trace_unregistered_thread`).
static inline int trace_thread_registered(void) { return trace_current_thread != &trace_unregistered_thread; }

static inline int64_t trace_generation_load(void) {
    return __atomic_load_n(&trace_global_generation, __ATOMIC_ACQUIRE);
}
/// Moves the generation (sequentially consistent: ordered with `trace_publish_plans` on every thread). The caller
/// then makes every thread's plans stale (`trace_plans_invalidate`, ThreadRegistry.bumpGeneration).
static inline int64_t trace_generation_bump(void) {
    return __atomic_add_fetch(&trace_global_generation, 1, __ATOMIC_SEQ_CST);
}

/// A writer's half of the plan handshake, after `trace_generation_bump`: the thread's plans are stale, so its next
/// firing finds none and takes the slow path, which compares the generation (the entry points do not).
static inline void trace_plans_invalidate(trace_thread *t) {
    __atomic_store_n(&t->plan_count, 0, __ATOMIC_SEQ_CST);
}

/// The owning thread's half: publishes plans built for generation `gen` (`count` site ids), then reads the
/// generation again and withdraws them when it moved. Both sides sequentially consistent, so either this read sees
/// a writer's bump or that writer's invalidation comes after this store: stale plans are never left published.
static inline void trace_publish_plans(trace_thread *t, int64_t count, int64_t gen) {
    __atomic_store_n(&t->plan_count, count, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&trace_global_generation, __ATOMIC_SEQ_CST) != gen) {
        __atomic_store_n(&t->plan_count, 0, __ATOMIC_SEQ_CST);
    }
}

/// The site ids the calling thread's published plans cover (owner thread, on the firing path: a plain load).
static inline int64_t trace_plan_count(const trace_thread *t) {
    return __atomic_load_n(&t->plan_count, __ATOMIC_RELAXED);
}

static inline uint64_t trace_rdtsc(void) {
#if defined(__x86_64__)
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
#endif
}

static inline int64_t trace_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000ll + (int64_t)ts.tv_nsec;
}

/// The disabled check of every probe: a relaxed load of its enabled word. `pure` tells the Swift
/// optimizer the call releases nothing, so a retain of an argument (a String) moves past it into
/// the enabled branch instead of surrounding the check.
__attribute__((pure)) static inline int64_t trace_load_enabled(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline int64_t trace_load_relaxed(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline int64_t trace_load_acquire(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void trace_store_relaxed(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }
static inline void trace_store_release(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
/// Single-writer increment: a relaxed load and store, not a read-modify-write.
static inline void trace_add_relaxed(int64_t *p, int64_t v) {
    __atomic_store_n(p, __atomic_load_n(p, __ATOMIC_RELAXED) + v, __ATOMIC_RELAXED);
}
/// A real atomic read-modify-write, for rare shared counters (drops, exit).
static inline int64_t trace_fetch_add(int64_t *p, int64_t v) { return __atomic_fetch_add(p, v, __ATOMIC_RELAXED); }
static inline void *trace_load_pointer_acquire(void *const *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void trace_store_pointer_release(void **p, void *v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

/// Nanoseconds per rdtsc tick, set by trace_calibrate_ticks().
extern double trace_ns_per_tick;
/// Measures the tick rate against CLOCK_MONOTONIC over a few milliseconds.
void trace_calibrate_ticks(void);
/// The tick counter and CLOCK_MONOTONIC read together at calibration: `trace_timestamp_ns` counts from them.
extern uint64_t trace_tick_base;
extern int64_t trace_ns_base;
/// A tick difference as signed (one conversion instruction; a difference is far below 2^63 ticks).
static inline int64_t trace_ticks_to_ns(uint64_t ticks) { return (int64_t)((double)(int64_t)ticks * trace_ns_per_tick); }
/// The `timestamp` built-in: nanoseconds on the tick counter `elapsed` uses (rdtsc, scaled by the calibrated
/// rate, from CLOCK_MONOTONIC's value at calibration), so monotonic and consistent with `elapsed`; no system call.
static inline int64_t trace_timestamp_ns(void) { return trace_ns_base + trace_ticks_to_ns(trace_rdtsc() - trace_tick_base); }
/// `trace_timestamp_ns` at a tick already read (a return's one rdtsc serves `elapsed` and `timestamp`).
static inline int64_t trace_timestamp_ns_at(uint64_t tick) { return trace_ns_base + trace_ticks_to_ns(tick - trace_tick_base); }

/// Bumped when the trace buffer size changes; each thread replaces its ring when it sees a new value.
extern int64_t trace_buffer_epoch;
static inline int64_t trace_buffer_epoch_load(void) { return __atomic_load_n(&trace_buffer_epoch, __ATOMIC_RELAXED); }
static inline void trace_buffer_epoch_bump(void) { __atomic_add_fetch(&trace_buffer_epoch, 1, __ATOMIC_RELAXED); }

/// A word benchmarks write so the optimiser cannot delete the measured calls (per thread, so two
/// measuring threads share no cache line through it).
extern _Thread_local int64_t trace_sink;
static inline void trace_sink_store(int64_t v) { __atomic_store_n(&trace_sink, v, __ATOMIC_RELAXED); }

/// The floor benchmarks compare the firing path with: one increment through a thread-local pointer
/// (set by trace_floor_prepare on the calling thread).
extern _Thread_local int64_t *trace_floor_counter;
static inline void trace_floor_increment(void) { *trace_floor_counter += 1; }
/// Points the calling thread's trace_floor_counter at a word of its own.
void trace_floor_prepare(void);

/// Bytes currently allocated by malloc (glibc mallinfo2), for allocation checks in tests and benchmarks.
int64_t trace_allocated_bytes(void);

/// The kernel thread id of the caller (gettid is GNU-only).
int64_t trace_gettid(void);
/// Registers a pthread key whose destructor calls `fn` with the thread's state when the thread exits.
int trace_install_thread_exit(void (*fn)(void *));
/// Associates `state` with the calling thread for the exit destructor.
void trace_set_thread_exit_value(void *state);

/// Counts a planned firing down to the next one of every 64 the general path times: nonzero while this one runs the plan.
static inline int trace_countdown(trace_thread *t) { return --t->countdown != 0; }
/// Gives back a count-down `trace_countdown` took for a firing that then goes to the general path, which counts it.
static inline void trace_countdown_undo(trace_thread *t) { t->countdown += 1; }
/// `trace_countdown` for a slow path the entry point may already have counted this firing down in: never counts
/// below zero (zero: the general path times this firing and starts the count again).
static inline int trace_countdown_once(trace_thread *t) {
    if (t->countdown <= 1) return 0;
    t->countdown -= 1;
    return 1;
}

/// Marks the calling thread as inside a firing, ordered before the plan or generation check that follows it for
/// the compiler (the processor's order comes from the writer's trace_process_barrier). The stash count beside it is
/// kept: a firing's string arguments are stashed before it starts.
static inline void trace_enter_firing(int32_t *depth) {
    __atomic_store_n(depth, 1, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/// `depth` and `stash_count` as the one aligned word they share.
typedef int64_t __attribute__((may_alias)) trace_firing_word;

/// Ends a firing: no longer in flight (release: its writes are ordered before a writer sees it quiescent), its
/// stashed strings given up — both fields in one store.
static inline void trace_end_firing(trace_thread *t) {
    __atomic_store_n((trace_firing_word *)&t->depth, 0, __ATOMIC_RELEASE);
}

/// Whether the thread is inside a firing (a writer waiting for quiescence reads it).
static inline int32_t trace_firing_depth(const trace_thread *t) {
    return __atomic_load_n(&t->depth, __ATOMIC_ACQUIRE);
}

/// A full memory barrier on every running thread of the process (membarrier, private expedited, or the
/// global command where that is not available). 1 when the barrier happened, 0 when the kernel has none.
int trace_process_barrier(void);

#include "CTraceStacks.h"
#include "CTraceSampling.h"

#endif
